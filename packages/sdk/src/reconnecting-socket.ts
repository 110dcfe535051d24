import { FINAL_CLOSE_CODES, FINAL_STREAM_ERROR_CODES } from '@switchboard/protocol/wire';
import { backoffDelay, type BackoffOptions } from './backoff';
import type { WebSocketCtor, WebSocketLike } from './websocket-like';

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';
export type ConnectionDetail = { code?: number; reason?: string };

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
 * What the agents' event stream and the supervisors' floor stream share: hello → snapshot →
 * messages in seq order over one WebSocket. A gap in seq resyncs by reconnecting at once (every
 * hello gets a fresh snapshot); a drop reconnects with backoff and jitter until stop(), a final
 * close code or a final error (bad token, not allowed). Subclasses say what their hello carries
 * and what each message does.
 */
export abstract class ReconnectingSocket<M extends { type: string }> {
  private ws: WebSocketLike | null = null;
  private seq = 0;
  private attempt = 0;
  private stopped = true;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  status: ConnectionStatus = 'closed';

  constructor(
    protected readonly opts: StreamOptions,
    private readonly onConnection: (status: ConnectionStatus, detail?: ConnectionDetail) => void,
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

  /** Sends on the open socket; false when there is none. */
  protected sendRaw(msg: object): boolean {
    if (!this.ws || this.ws.readyState !== 1) return false;
    this.ws.send(JSON.stringify(msg));
    return true;
  }

  /** The hello message for this token (the server answers it with a snapshot). */
  protected abstract hello(token: string): object;
  /** One parsed message from the current socket. */
  protected abstract handle(msg: M): void;
  /** No token to connect with (the stream stays closed). */
  protected noToken(): void {}

  /** A snapshot at `seq`: the stream is open. */
  protected snapshotAt(seq: number): void {
    this.seq = seq;
    this.attempt = 0;
    this.setStatus('open');
    this.startPing();
  }

  /** True for the next message in order; a duplicate is false; a gap resyncs (and is false). */
  protected next(seq: number): boolean {
    if (seq <= this.seq) return false;
    if (seq !== this.seq + 1) {
      this.teardown(4000, 'resync');
      this.attempt = 0;
      this.open('reconnecting');
      return false;
    }
    this.seq = seq;
    return true;
  }

  /** An error message: told first; a final one (auth lost, not allowed) closes the stream. */
  protected errorCode(code: string, message: string): boolean {
    if (!FINAL_STREAM_ERROR_CODES.has(code)) return false;
    this.finish(code, message);
    return true;
  }

  /** The stream ends for good (session ended, a final error). */
  protected finish(closeReason: string, detailReason: string): void {
    this.stopped = true;
    this.teardown(1000, closeReason);
    this.setStatus('closed', { reason: detailReason });
  }

  private setStatus(s: ConnectionStatus, detail?: ConnectionDetail): void {
    if (this.status === s && !detail) return;
    this.status = s;
    this.onConnection(s, detail);
  }

  private open(status: 'connecting' | 'reconnecting'): void {
    const token = this.opts.token();
    if (!token) {
      this.stopped = true;
      this.setStatus('closed', { reason: 'not logged in' });
      this.noToken();
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
    ws.onopen = () => ws.send(JSON.stringify(this.hello(token)));
    ws.onmessage = (ev) => {
      if (this.ws !== ws) return;
      let msg: M;
      try {
        msg = JSON.parse(typeof ev.data === 'string' ? ev.data : String(ev.data)) as M;
      } catch {
        return;
      }
      this.handle(msg);
    };
    ws.onerror = () => {
      /* a close event follows; reconnecting is decided there */
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

  private scheduleReconnect(detail: ConnectionDetail): void {
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

  private startPing(): void {
    clearInterval(this.pingTimer);
    const ws = this.ws;
    if (!this.opts.pingMs || !ws) return;
    this.pingTimer = setInterval(() => {
      if (this.ws === ws && ws.readyState === 1) ws.send('{"type":"ping"}');
    }, this.opts.pingMs);
    (this.pingTimer as { unref?: () => void }).unref?.();
  }
}
