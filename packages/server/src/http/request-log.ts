import type { Logger as PinoLogger } from 'pino';

/** Query parameters whose values are secrets (a token pasted into a URL). */
const SECRET_PARAM = /token|secret|pass|key|auth|sig|session|cred|code|ticket/i;

/** The URL as logged: secret-looking query values become [REDACTED]; the rest stays readable. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const parts = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // undecodable: judge the raw name
      }
      return eq >= 0 && SECRET_PARAM.test(name) ? `${rawName}=[REDACTED]` : pair;
    });
  return `${url.slice(0, q)}?${parts.join('&')}`;
}

interface ReqLike {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * The logger Fastify gets: its request serializer (Fastify's fields) with the URL redacted.
 * Fastify merges the instance's serializers over its own, so this one wins.
 */
export function withRedactedRequests(logger: PinoLogger): PinoLogger {
  return logger.child(
    {},
    {
      serializers: {
        req: (req: ReqLike) => ({ method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }),
      },
    },
  );
}
