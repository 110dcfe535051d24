import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { EVENT_CLOSE_CODES, FLOOR_EVENTS_PATH, floorClientMessageSchema, type FloorServerMessage } from '@switchboard/protocol';
import type { Clock, Logger, TimerHandle } from '@switchboard/shared';
import type { TokenService } from '../auth/token-service';
import { mapError } from '../http/error-handler';
import type { Metrics } from '../metrics';
import type { FloorConnection, FloorHub } from './floor-hub';
import type { FloorView } from './floor-view';
import type { AssistService } from './assist-service';

export interface FloorGatewayOptions {
  hub: FloorHub;
  view: FloorView;
  assist: AssistService;
  tokens: TokenService;
  metrics: Metrics;
  clock: Clock;
  logger: Logger;
  /** A socket that has not said hello by then is closed with 4408 (as the agents'). */
  helloTimeoutMs: number;
  /** Floor sockets one user may have open (MAX_EVENT_SOCKETS_PER_AGENT); one more is closed with 4429. */
  maxSocketsPerUser: number;
  maxBufferedBytes?: number;
  tokenRecheckMs?: number;
}

const CLOSE = EVENT_CLOSE_CODES;
const AUTH_CODES = new Set<string>(['UNAUTHENTICATED', 'TOKEN_INVALID', 'TOKEN_EXPIRED']);

/**
 * The supervisors' event stream, beside the agents' (ws/event-gateway.ts) and with its rules:
 * hello with the bearer token within helloTimeoutMs, the same close codes (4401 bad token,
 * 4403 an agent, 4408 no hello, 4429 too many sockets, 1013 too far behind), the token checked
 * again every 15 s and the stream closed when it expires. Bad messages get {type:'error'}.
 */
export function registerFloorGateway(app: FastifyInstance, o: FloorGatewayOptions): void {
  const maxBuffered = o.maxBufferedBytes ?? 8 * 1024 * 1024;
  app.get(FLOOR_EVENTS_PATH, { websocket: true }, (socket: WebSocket) => {
    o.metrics.wsConnected();
    const sendRaw = (json: string): void => {
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > maxBuffered) {
        socket.close(1013, 'too far behind: reconnect for a snapshot');
        return;
      }
      socket.send(json);
    };
    const send = (m: FloorServerMessage): void => sendRaw(JSON.stringify(m));
    const error = (code: string, message: string): void => send({ type: 'error', code, message });
    let conn: FloorConnection | null = null;
    let helloing = false;
    const timers: Array<TimerHandle | undefined> = [];
    timers.push(
      o.clock.setTimeout(() => {
        if (conn || socket.readyState !== socket.OPEN) return;
        error('UNAUTHENTICATED', `Say hello within ${o.helloTimeoutMs} ms`);
        socket.close(CLOSE.helloTimeout, 'no hello');
      }, o.helloTimeoutMs),
    );
    const recheckEvery = o.tokenRecheckMs ?? 15_000;
    const recheck = (token: string): void => {
      timers.push(
        o.clock.setTimeout(() => {
          if (socket.readyState !== socket.OPEN) return;
          o.tokens.verify(token).then(
            () => recheck(token),
            (err: unknown) => {
              const m = mapError(err);
              if (!AUTH_CODES.has(m.code)) return recheck(token);
              error(m.code, m.message);
              socket.close(CLOSE.unauthenticated, m.code);
            },
          );
        }, recheckEvery),
      );
    };
    socket.on('close', () => {
      for (const t of timers) o.clock.clearTimeout(t);
      o.metrics.wsDisconnected();
      if (conn) o.hub.detach(conn);
    });
    socket.on('error', (err) => o.logger.warn({ err }, 'floor socket error'));
    socket.on('message', (data, isBinary) => {
      if (isBinary) return error('VALIDATION_FAILED', 'Send text frames carrying JSON');
      let raw: unknown;
      try {
        raw = JSON.parse(data.toString());
      } catch {
        return error('MALFORMED_JSON', 'The message is not valid JSON');
      }
      const parsed = floorClientMessageSchema.safeParse(raw);
      if (!parsed.success) {
        const fields = parsed.error.issues.map((i) => i.path.join('.') || 'message').join(', ');
        return error('VALIDATION_FAILED', `Invalid message: ${fields}`);
      }
      const msg = parsed.data;
      if (msg.type === 'ping') return send({ type: 'pong' });
      if (conn || helloing) return error('VALIDATION_FAILED', 'Already said hello on this socket');
      helloing = true;
      void (async () => {
        try {
          const p = await o.tokens.verify(msg.token);
          if (p.role !== 'supervisor' && p.role !== 'admin') {
            error('FORBIDDEN', 'The floor stream is for supervisors and admins');
            socket.close(CLOSE.forbidden, 'not a supervisor');
            return;
          }
          const inbox = await o.assist.inbox(p.userId);
          if (socket.readyState !== socket.OPEN) return;
          const mine = o.hub.connectionsOf(p.userId);
          if (mine.length >= o.maxSocketsPerUser) {
            // The same tab reconnecting replaces its stale socket; another tab is refused.
            const stale = mine.find((c) => c.clientId === msg.clientId);
            if (!stale) {
              error('RATE_LIMITED', `You already have ${o.maxSocketsPerUser} workspace connections open: close another tab or window`);
              socket.close(CLOSE.tooManySockets, 'too many floor sockets');
              return;
            }
            stale.close(CLOSE.replaced, 'replaced by a newer connection from the same tab');
          }
          for (const t of timers.splice(0)) o.clock.clearTimeout(t);
          timers.push(
            o.clock.setTimeout(() => {
              error('TOKEN_EXPIRED', 'The session expired: log in again');
              socket.close(CLOSE.unauthenticated, 'TOKEN_EXPIRED');
            }, p.expiresAt - o.clock.now()),
          );
          const scope = o.view.scope(p);
          const c: FloorConnection = {
            userId: p.userId,
            clientId: msg.clientId,
            scope,
            sendRaw,
            close: (code, reason) => {
              o.hub.detach(c);
              socket.close(code, reason);
            },
          };
          conn = c;
          o.hub.attach(c, (seq) =>
            JSON.stringify({ type: 'snapshot', seq, floor: o.view.snapshotFor(scope), history: o.hub.historyFor(scope), assists: inbox } satisfies FloorServerMessage),
          );
          recheck(msg.token);
        } catch (err) {
          helloing = false;
          const m = mapError(err);
          error(m.code, m.message);
          if (AUTH_CODES.has(m.code)) socket.close(CLOSE.unauthenticated, m.code);
          else if (m.status >= 500) o.logger.error({ err }, 'floor hello failed');
        }
      })();
    });
  });
}
