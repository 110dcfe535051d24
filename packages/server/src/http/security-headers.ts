import type { FastifyInstance } from 'fastify';

export interface SecurityHeaderOptions {
  /** Origins allowed to frame the adapter (CRM_ORIGINS), beside the server's own. */
  crmOrigins: readonly string[];
  /** Other API servers the adapter may call (ALLOWED_API_ORIGINS): they join connect-src, with their WebSocket twins. */
  apiOrigins: readonly string[];
}

/** Where Zendesk serves the ZAF SDK its app pages load (@switchboard/crm's ZAF_SDK_URL). */
const ZAF_CDN = 'https://static.zdassets.com';

/** `https://x` → `wss://x`, `http://x` → `ws://x`: the event socket of an allowed API server. */
const wsTwin = (origin: string): string => origin.replace(/^http/, 'ws');

/**
 * The adapter's Content-Security-Policy. It loads its own bundled scripts and styles
 * (Vite emits no inline script or style) and the CRM's script from the CRM origins configured, talks to its own origin (HTTP and the event
 * WebSocket: CSP3's 'self' covers ws/wss of the same host) and the allowed API servers, and
 * may be framed only by the CRM origins configured. WebRTC and the microphone are not
 * governed by CSP (the embedding iframe grants `allow="microphone"`).
 */
export function contentSecurityPolicy(o: SecurityHeaderOptions): string {
  const connect = ["'self'", ...o.apiOrigins.flatMap((a) => [a, wsTwin(a)])];
  // A CRM bridge loads its CRM's own script from the embedding origin (Open CTI, CIF, OpenFrame);
  // a Zendesk app loads Zendesk's ZAF SDK from its CDN.
  const zendesk = o.crmOrigins.some((c) => /zendesk\.com$/.test(c)) ? [ZAF_CDN] : [];
  const scripts = ["'self'", ...o.crmOrigins, ...zendesk];
  return [
    "default-src 'self'",
    `script-src ${scripts.join(' ')}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self' blob:",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${["'self'", ...o.crmOrigins].join(' ')}`,
  ].join('; ');
}

/**
 * Headers on every answer: no MIME sniffing, no Referer (URLs may carry `?api=`), the CSP;
 * and on the API, `Cache-Control: no-store`: the login answer carries a bearer token and
 * every other answer an agent's live state, none of which a cache should keep.
 */
export function registerSecurityHeaders(app: FastifyInstance, o: SecurityHeaderOptions): void {
  const csp = contentSecurityPolicy(o);
  app.addHook('onRequest', async (req, reply) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('content-security-policy', csp);
    if (req.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
  });
}
