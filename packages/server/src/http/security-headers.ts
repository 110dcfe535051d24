import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { AllowedOrigins } from './allowed-origins';

export interface SecurityHeaderOptions {
  /** The CRM origins in force (CRM_ORIGINS and the workspace's crm.allowedOrigins): they may frame the adapter. */
  origins: AllowedOrigins;
  /** Other API servers the adapter may call (ALLOWED_API_ORIGINS): they join connect-src, with their WebSocket twins. */
  apiOrigins: readonly string[];
}

/** Where Zendesk serves the ZAF SDK its app pages load (@switchboard/crm's ZAF_SDK_URL). */
const ZAF_CDN = 'https://static.zdassets.com';

/** `https://x` → `wss://x`, `http://x` → `ws://x`: the event socket of an allowed API server. */
const wsTwin = (origin: string): string => origin.replace(/^http/, 'ws');

/** The API's answers are JSON: nothing to load, nothing to frame. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The pages' Content-Security-Policy directives. The adapter loads its own bundled scripts and
 * styles (Vite emits no inline script or style) and the CRM's script from the CRM origins
 * (Open CTI, CIF, OpenFrame come from the embedding origin; a Zendesk app loads the ZAF SDK from
 * Zendesk's CDN), talks to its own origin (HTTP and the event WebSocket: CSP3's 'self' covers
 * ws/wss of the same host) and the allowed API servers, and may be framed only by 'self' and
 * the CRM origins. WebRTC and the microphone are not governed by CSP (the embedding iframe
 * grants `allow="microphone"`).
 */
export function pageDirectives(crmOrigins: readonly string[], apiOrigins: readonly string[]): Record<string, string[]> {
  const zendesk = crmOrigins.some((c) => /zendesk\.com$/.test(c)) ? [ZAF_CDN] : [];
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...crmOrigins, ...zendesk],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'media-src': ["'self'", 'blob:'],
    'connect-src': ["'self'", ...apiOrigins.flatMap((a) => [a, wsTwin(a)])],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'self'", ...crmOrigins],
  };
}

/**
 * Headers on every answer. The pages (the adapter, the workspace, the demo caller, their
 * assets) get @fastify/helmet's, with the CSP above read per request so a workspace reload
 * changes who may frame the adapter at once; X-Frame-Options is off (it cannot name several
 * origins; frame-ancestors supersedes it) and so is HSTS (TLS is the deployment's proxy's
 * business). The API keeps its own: no MIME sniffing, no Referer (URLs may carry `?api=`),
 * `Cache-Control: no-store` (the login answer carries a bearer token and every other answer an
 * agent's live state) and a CSP that loads and frames nothing.
 */
export async function registerSecurityHeaders(app: FastifyInstance, o: SecurityHeaderOptions): Promise<void> {
  // Rebuilt only when the list changes (AllowedOrigins hands out a new array on apply).
  let cachedFor: readonly string[] | undefined;
  let cached: Record<string, string> = {};
  const directive = (name: string) => (): string => {
    const crm = o.origins.list();
    if (crm !== cachedFor) {
      cached = Object.fromEntries(Object.entries(pageDirectives(crm, o.apiOrigins)).map(([k, v]) => [k, v.join(' ')]));
      cachedFor = crm;
    }
    return cached[name]!;
  };
  const directives = Object.fromEntries(Object.keys(pageDirectives([], [])).map((k) => [k, [directive(k)]]));
  await app.register(helmet, {
    global: false,
    contentSecurityPolicy: { useDefaults: false, directives },
    xFrameOptions: false,
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  app.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith('/api/')) {
      void reply.header('x-content-type-options', 'nosniff');
      void reply.header('referrer-policy', 'no-referrer');
      void reply.header('content-security-policy', API_CSP);
      void reply.header('cache-control', 'no-store');
      return;
    }
    await reply.helmet();
  });
}
