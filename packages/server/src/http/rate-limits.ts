import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Seconds the caller must wait before trying again (0: go ahead). */
export type StartLimit = (req: FastifyRequest) => Promise<number>;

/**
 * Demo calls started per client address per minute, with @fastify/rate-limit (its in-memory
 * store: a fixed window per address, bounded by an LRU, so random addresses cannot grow memory).
 * A limiter the handler calls rather than a route hook: only a start that passed the number and
 * concurrency checks counts, so a typo or a full demo does not use up an address's minute.
 */
export async function demoStartLimit(app: FastifyInstance, perMinute: number): Promise<StartLimit> {
  if (!app.hasDecorator('createRateLimit')) await app.register(fastifyRateLimit, { global: false });
  const check = app.createRateLimit({ max: perMinute, timeWindow: 60_000, keyGenerator: (req) => req.ip });
  return async (req) => {
    const r = await check(req);
    if (r.isAllowed || !r.isExceeded) return 0;
    return Math.max(1, r.ttlInSeconds);
  };
}
