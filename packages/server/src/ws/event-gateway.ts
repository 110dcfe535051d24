import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { AUTH_LOST_CODES, clientMessageSchema, EVENT_CLOSE_CODES, EVENTS_PATH, type ErrorCode, type ServerMessage } from '@switchboard/protocol';
import type { Clock, Logger } from '@switchboard/shared';
import type { TokenService } from '../auth/token-service';
import { mapError } from '../http/error-handler';
import type { Metrics } from '../metrics';
import type { EventConnection, SessionHub } from '../sessions/session-hub';

export interface GatewayOptions {
  hub: SessionHub;
  tokens: TokenService;
  metrics: Metrics;
  clock: Clock;
  logger: Logger;
  /** A socket that has not said hello by then is closed with helloTimeout (4408). */
  helloTimeoutMs: number;
  /** A client this far behind (bytes queued) is cut off rather than buffering without end. */
  maxBufferedBytes?: number;
  /**
   * How often an open socket's token is checked again (default 15 s). Another server sharing
   * the database may have revoked it (a sign-out there): the socket then closes with unauthenticated (4401).
   */
  tokenRecheckMs?: number;
  /** Sockets one agent may have past hello (MAX_EVENT_SOCKETS_PER_AGENT); one more is closed with tooManySockets. */
  maxSocketsPerAgent: number;
}

/** Close codes (protocol's EVENT_CLOSE_CODES): the sdk reconnects after all but the final ones. */
export const CLOSE = EVENT_CLOSE_CODES;

/**
 * The event WebSocket. Bad messages get {type:'error'} and the socket stays
 * usable; a socket that never says hello, or says it with a bad token, is
 * closed with a code saying why.
 */
export function registerEventGateway(app: FastifyInstance, o: GatewayOptions): void {
  const maxBuffered = o.maxBufferedBytes ?? 4 * 1024 * 1024;
  app.get(EVENTS_PATH, { websocket: true }, (socket: WebSocket) => {
    o.metrics.wsConnected();
    const send = (m: ServerMessage): void => sendRaw(JSON.stringify(m));
    const sendRaw = (json: string): void => {
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > maxBuffered) {
        socket.close(CLOSE.tooFarBehind, 'too far behind: reconnect for a snapshot');
        return;
      }
      socket.send(json);
    };
    const error = (code: ErrorCode, message: string): void => send({ type: 'error', code, message });
    let agentId: string | null = null;
    let conn: EventConnection | null = null;
    let helloing = false;
    const helloTimer = o.clock.setTimeout(() => {
      if (agentId || socket.readyState !== socket.OPEN) return;
      error('UNAUTHENTICATED', `Say hello within ${o.helloTimeoutMs} ms`);
      socket.close(CLOSE.helloTimeout, 'no hello');
    }, o.helloTimeoutMs);

    let expiryTimer: ReturnType<Clock['setTimeout']> | undefined;
    let recheckTimer: ReturnType<Clock['setTimeout']> | undefined;
    const recheckEvery = o.tokenRecheckMs ?? 15_000;
    const recheck = (token: string): void => {
      recheckTimer = o.clock.setTimeout(() => {
        if (socket.readyState !== socket.OPEN) return;
        o.tokens.verify(token).then(
          () => recheck(token),
          (err: unknown) => {
            const m = mapError(err);
            if (!AUTH_LOST_CODES.has(m.code)) return recheck(token); // the store hiccuped: try again later
            error(m.code, m.message);
            conn?.close(CLOSE.unauthenticated, m.code);
          },
        );
      }, recheckEvery);
    };
    socket.on('close', () => {
      o.clock.clearTimeout(helloTimer);
      o.clock.clearTimeout(expiryTimer);
      o.clock.clearTimeout(recheckTimer);
      o.metrics.wsDisconnected();
      if (agentId && conn) o.hub.detach(agentId, conn);
    });
    socket.on('error', (err) => o.logger.warn({ err }, 'event socket error'));

    socket.on('message', (data, isBinary) => {
      if (isBinary) return error('VALIDATION_FAILED', 'Send text frames carrying JSON');
      let raw: unknown;
      try {
        raw = JSON.parse(data.toString());
      } catch {
        return error('MALFORMED_JSON', 'The message is not valid JSON');
      }
      const parsed = clientMessageSchema.safeParse(raw);
      if (!parsed.success) {
        const fields = parsed.error.issues.map((i) => i.path.join('.') || 'message').join(', ');
        return error('VALIDATION_FAILED', `Invalid message: ${fields}`);
      }
      const msg = parsed.data;
      if (msg.type === 'ping') return send({ type: 'pong' });
      if (msg.type === 'take-over') {
        if (!agentId || !conn) return error('UNAUTHENTICATED', 'Say hello first');
        return o.hub.takeOver(agentId, conn);
      }
      if (agentId || helloing) return error('VALIDATION_FAILED', 'Already said hello on this socket');
      helloing = true;
      void (async () => {
        try {
          const p = await o.tokens.verify(msg.token);
          if (p.role !== 'agent') {
            error('FORBIDDEN', 'The event stream is for agents');
            socket.close(CLOSE.forbidden, 'not an agent');
            return;
          }
          const rt = await o.hub.ensure(p.userId, p.expiresAt);
          if (socket.readyState !== socket.OPEN) return;
          if (!makeRoom(rt.ownership.connections, msg.clientId, o.maxSocketsPerAgent)) {
            o.clock.clearTimeout(helloTimer);
            error('RATE_LIMITED', `This agent already has ${o.maxSocketsPerAgent} event connections open: close another tab or window`);
            socket.close(CLOSE.tooManySockets, 'too many event sockets');
            return;
          }
          o.clock.clearTimeout(helloTimer);
          // The stream lives no longer than its token: the adapter then asks the agent to log in again.
          expiryTimer = o.clock.setTimeout(() => {
            error('TOKEN_EXPIRED', 'The session expired: log in again');
            conn?.close(CLOSE.unauthenticated, 'TOKEN_EXPIRED');
          }, p.expiresAt - o.clock.now());
          agentId = p.userId;
          conn = {
            clientId: msg.clientId,
            standby: msg.standby === true,
            sendRaw,
            close: (code, reason) => {
              // A closing socket no longer holds ownership, even before the close handshake ends.
              if (agentId && conn) o.hub.detach(agentId, conn);
              socket.close(code, reason);
            },
            notifyOwnership: (owner, reason) => send({ type: 'ownership', owner, reason }),
          };
          o.hub.attach(rt, conn);
          recheck(msg.token);
        } catch (err) {
          helloing = false;
          const m = mapError(err);
          error(m.code, m.message);
          if (AUTH_LOST_CODES.has(m.code)) socket.close(CLOSE.unauthenticated, m.code);
          else if (m.status >= 500) o.logger.error({ err }, 'hello failed');
        }
      })();
    });
  });
}

/**
 * Room for one more socket of an agent? Every socket costs each state change a send, so
 * they are capped. At the cap, an older socket of the same tab (clientId) is a stale one
 * the tab has already replaced by reconnecting: it is closed to make room. Otherwise the
 * newcomer is refused; the one-owner rule (ownership.ts) still decides which socket acts.
 */
export function makeRoom(open: ReadonlySet<EventConnection>, clientId: string, max: number): boolean {
  if (open.size < max) return true;
  for (const c of open) {
    if (c.clientId === clientId) {
      c.close(CLOSE.replaced, 'replaced by a newer connection from the same tab');
      return open.size < max;
    }
  }
  return false;
}
