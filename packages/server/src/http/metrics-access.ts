import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { apiError } from './api-error';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * Who may read /metrics. With METRICS_TOKEN set: whoever sends it as a bearer token
 * (compared in constant time). Without: loopback clients only, judged on the TCP peer,
 * never on X-Forwarded-For; and a request a proxy forwarded is not local even when the
 * proxy itself is, or a reverse proxy on the same host would publish /metrics.
 */
export function checkMetricsAccess(req: FastifyRequest, metricsToken: string | undefined): void {
  if (metricsToken) {
    const m = /^Bearer ([^\s]+)$/i.exec(req.headers.authorization ?? '');
    if (!m) throw apiError('UNAUTHENTICATED', 'Metrics need Authorization: Bearer <METRICS_TOKEN>');
    if (!timingSafeEqual(digest(m[1]!), digest(metricsToken))) throw apiError('TOKEN_INVALID', 'Wrong metrics token');
    return;
  }
  const peer = req.socket.remoteAddress ?? '';
  const forwarded = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
  if (!LOOPBACK.test(peer) || forwarded) {
    throw apiError('FORBIDDEN', 'Metrics are served to loopback clients only; set METRICS_TOKEN to scrape from elsewhere');
  }
}
