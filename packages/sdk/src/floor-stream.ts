import type { AssistRequest, FloorServerMessage } from '@switchboard/protocol';
import { backoffDelay, type BackoffOptions } from './backoff';
import type { ConnectionStatus } from './event-stream';
import type { WebSocketCtor, WebSocketLike } from './websocket-like';

type Msg<T extends FloorServerMessage['type']> = Extract<FloorServerMessage, { type: T }>;

export interface FloorHandlers {
  snapshot(m: Msg<'snapshot'>): void;
  changes(m: Msg<'changes'>): void;
  samples(m: Msg<'samples'>): void;
  assist(r: AssistRequest): void;
  connection(status: ConnectionStatus, detail?: { code?: number; reason?: string }): void;
  error(code: string, message: string): void;
}

export interface FloorStreamOptions {
  url: string;
  WebSocket: WebSocketCtor;
  token: () => string | null;
  clientId: string;
  backoff: BackoffOptions;
  pingMs: number;
}

/** Close codes after which reconnecting would not help (log in again): the agents' stream's. */
const FINAL_CLOSE_CODES = new Set([4401, 4403]);
const FINAL_ERROR_CODES = new Set(['UNAUTHENTICATED', 'TOKEN_INVALID', 'TOKEN_EXPIRED', 'FORBIDDEN']);

/**
 * The supervisors' floor stream (FLOOR_EVENTS_PATH): hello → snapshot → changes in seq order.
 * A gap in seq resyncs by reconnecting (every hello gets a fresh snapshot); a drop reconnects
 * with backoff and jitter until stop() or a final close (bad token, not staff).
 */
export class FloorStream {
  private ws: WebSocketLike | null = null;
  private seq = 0;
  private attempt = 0;
  private stopped = true;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  status: ConnectionStatus = 'closed';

  constructor(
    private readonly opts: FloorStreamOptions,
    private readonly on: FloorHandlers,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    this.open('connecting');
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.teardown(1000, 'client closed');
    this.setStatus('closed');
  }

  private setStatus(s: ConnectionStatus, detail?: { code?: number; reason?: string }): void {
    if (this.status === s && !detail) return;
    this.status = s;
    this.on.connection(s, detail);
  }

  private open(status: 'connecting' | 'reconnecting'): void {
    const token = this.opts.token();
    if (!token) {
      this.stopped = true;
      this.setStatus('closed', { reason: 'not logged in' });
      return;
    }
    this.setStatus(status);
    let ws: WebSocketLike;
    try {
      ws = new this.opts.WebSocket(this.opts.url);
    } catch (err) {
      this.scheduleReconnect({ reason: (err as Error).message });
      return;
    }
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', token, clientId: this.opts.clientId }));
    ws.onmessage = (ev) => this.handle(ws, ev.data);
    ws.onerror = () => undefined;
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      clearInterval(this.pingTimer);
      if (this.stopped) return;
      if (FINAL_CLOSE_CODES.has(ev.code)) {
        this.stopped = true;
        this.setStatus('closed', { code: ev.code, reason: ev.reason });
        return;
      }
      this.scheduleReconnect({ code: ev.code, reason: ev.reason });
    };
  }

  private scheduleReconnect(detail: { code?: number; reason?: string }): void {
    this.setStatus('reconnecting', detail);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(
      () => {
        if (!this.stopped) this.open('reconnecting');
      },
      backoffDelay(this.attempt++, this.opts.backoff),
    );
  }

  private teardown(code: number, reason: string): void {
    clearInterval(this.pingTimer);
    const ws = this.ws;
    this.ws = null;
    if (!ws) return;
    ws.onclose = null;
    ws.onmessage = null;
    try {
      ws.close(code, reason);
    } catch {
      /* already closing */
    }
  }

  private handle(ws: WebSocketLike, data: unknown): void {
    if (this.ws !== ws) return;
    let msg: FloorServerMessage;
    try {
      msg = JSON.parse(typeof data === 'string' ? data : String(data)) as FloorServerMessage;
    } catch {
      return;
    }
    switch (msg.type) {
      case 'snapshot':
        this.seq = msg.seq;
        this.attempt = 0;
        this.setStatus('open');
        this.startPing(ws);
        this.on.snapshot(msg);
        break;
      case 'changes':
        if (msg.seq <= this.seq) return;
        if (msg.seq !== this.seq + 1) {
          // Something was missed: a fresh snapshot.
          this.teardown(4000, 'resync');
          this.attempt = 0;
          this.open('reconnecting');
          return;
        }
        this.seq = msg.seq;
        this.on.changes(msg);
        break;
      case 'samples':
        this.on.samples(msg);
        break;
      case 'assist':
        this.on.assist(msg.request);
        break;
      case 'error':
        this.on.error(msg.code, msg.message);
        if (FINAL_ERROR_CODES.has(msg.code)) {
          this.stopped = true;
          this.teardown(1000, msg.code);
          this.setStatus('closed', { reason: msg.message });
        }
        break;
      case 'pong':
        break;
    }
  }

  private startPing(ws: WebSocketLike): void {
    clearInterval(this.pingTimer);
    if (!this.opts.pingMs) return;
    this.pingTimer = setInterval(() => {
      if (this.ws === ws && ws.readyState === 1) ws.send('{"type":"ping"}');
    }, this.opts.pingMs);
    (this.pingTimer as { unref?: () => void }).unref?.();
  }
}
