import type { AgentEvent, AgentView, AssistRequest, Notice, ServerMessage } from '@switchboard/protocol';
import { AGENT_EVENT, FINAL_CLOSE_CODES, FINAL_STREAM_ERROR_CODES } from '@switchboard/protocol/wire';
import { backoffDelay, type BackoffOptions } from './backoff';
import type { WebSocketCtor, WebSocketLike } from './websocket-like';

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';
/** Whether this tab owns the agent's session, and why not: the server's ownership message, without its type. */
export type Ownership = Omit<Extract<ServerMessage, { type: 'ownership' }>, 'type'>;

export interface StreamHandlers {
  state(state: AgentView | null, seq: number): void;
  event(event: AgentEvent): void;
  notice(notice: Notice): void;
  connection(status: ConnectionStatus, detail?: { code?: number; reason?: string }): void;
  ownership(o: Ownership): void;
  error(code: string, message: string): void;
  /** An assistance request of the agent's changed (optional: older callers pass none). */
  assist?(request: AssistRequest): void;
}

export interface StreamOptions {
  url: string;
  WebSocket: WebSocketCtor;
  token: () => string | null;
  clientId: string;
  backoff: BackoffOptions;
  /** Keep-alive ping period, ms (0: none). */
  pingMs: number;
}

/**
 * The event WebSocket: hello → snapshot → events in seq order. Duplicates are
 * dropped; a gap means something was missed, so it resyncs by reconnecting
 * (the server answers every hello with a fresh snapshot). A drop reconnects
 * with backoff and jitter until stop() or a final close (bad token, session ended).
 */
export class EventStream {
  private ws: WebSocketLike | null = null;
  private seq = 0;
  private attempt = 0;
  private stopped = true;
  /** The server last said this tab is not the owner: a reconnect must not make it one. */
  private standby = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  status: ConnectionStatus = 'closed';

  constructor(
    private readonly opts: StreamOptions,
    private readonly on: StreamHandlers,
  ) {}

  get lastSeq(): number {
    return this.seq;
  }

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

  send(msg: { type: 'take-over' } | { type: 'ping' }): boolean {
    if (!this.ws || this.ws.readyState !== 1) return false;
    this.ws.send(JSON.stringify(msg));
    return true;
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
      this.on.error('UNAUTHENTICATED', 'Log in before connecting the event stream');
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
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'hello', token, clientId: this.opts.clientId, lastSeq: this.seq, ...(this.standby ? { standby: true } : {}) }));
    };
    ws.onmessage = (ev) => this.handle(ws, ev.data);
    ws.onerror = () => {
      /* a close event follows; reconnect is handled there */
    };
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
    if (ws) {
      ws.onclose = null;
      ws.onmessage = null;
      try {
        ws.close(code, reason);
      } catch {
        /* already closing */
      }
    }
  }

  /** A gap in the sequence: drop this socket and come back for a fresh snapshot at once. */
  private resync(): void {
    this.teardown(4000, 'resync');
    this.attempt = 0;
    this.open('reconnecting');
  }

  private handle(ws: WebSocketLike, data: unknown): void {
    if (this.ws !== ws) return;
    let msg: ServerMessage;
    try {
      msg = JSON.parse(typeof data === 'string' ? data : String(data)) as ServerMessage;
    } catch {
      return;
    }
    switch (msg.type) {
      case 'snapshot':
        this.seq = msg.seq;
        this.attempt = 0;
        this.setStatus('open');
        this.startPing(ws);
        this.on.state(msg.state, msg.seq);
        break;
      case 'event': {
        const e = msg.event;
        if (e.seq <= this.seq) return; // duplicate or already covered by the snapshot
        if (e.seq !== this.seq + 1) {
          this.resync();
          return;
        }
        this.seq = e.seq;
        this.on.state(e.state, e.seq);
        this.on.event(e);
        if (e.notice) this.on.notice(e.notice);
        if (e.name === AGENT_EVENT.sessionEnded) {
          this.stopped = true;
          this.teardown(1000, 'session ended');
          this.setStatus('closed', { reason: 'session ended' });
        }
        break;
      }
      case 'ownership':
        this.standby = !msg.owner;
        this.on.ownership({ owner: msg.owner, reason: msg.reason });
        break;
      case 'error':
        this.on.error(msg.code, msg.message);
        if (FINAL_STREAM_ERROR_CODES.has(msg.code)) {
          this.stopped = true;
          this.teardown(1000, msg.code);
          this.setStatus('closed', { reason: msg.message });
        }
        break;
      case 'pong':
        break;
      case 'assist':
        this.on.assist?.(msg.request);
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
