import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { EVENTS_PATH } from '@switchboard/protocol';
import { STATUS_BY_CODE } from './error-status';
import type { AllowedOrigins } from './allowed-origins';

/** The request's Origin is the server's own (a browser on the adapter's page): its host is the Host header. */
function sameOrigin(req: FastifyRequest, origin: string): boolean {
  try {
    return new URL(origin).host === req.host;
  } catch {
    return false;
  }
}

/**
 * CORS for the API (@fastify/cors): a page on one of the CRM origins in force (CRM_ORIGINS and
 * the workspace file's crm.allowedOrigins, read per request so a reload applies at once) may call it
 * (bearer token in Authorization, never cookies, so no credentials mode); any other origin
 * gets no Access-Control-* headers and the browser keeps the answer from it. The event
 * WebSocket is not covered by CORS, so its upgrade checks the Origin itself: the server's own,
 * a CRM origin, or none (a non-browser client) may open it.
 */
export async function registerCors(app: FastifyInstance, origins: AllowedOrigins): Promise<void> {
  await app.register(cors, {
    origin: (origin, cb) => cb(null, origin !== undefined && origins.allows(origin)),
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'x-client-id', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    credentials: false,
    maxAge: 600,
    strictPreflight: true,
  });
  app.addHook('onRequest', async (req, reply) => {
    if (req.url.split('?')[0] !== EVENTS_PATH) return;
    const origin = req.headers.origin;
    if (!origin || sameOrigin(req, origin) || origins.allows(origin)) return;
    // Refused before @fastify/websocket's own hook marks the request: close the upgraded socket ourselves.
    reply.raw.once('finish', () => req.raw.socket.destroy());
    return reply
      .status(STATUS_BY_CODE.FORBIDDEN)
      .send({ error: { code: 'FORBIDDEN', message: `The origin ${origin} may not open the event stream (CRM_ORIGINS, crm.allowedOrigins)` } });
  });
}
