import type { Clock, TimerHandle } from '@switchboard/shared';

/**
 * Bounds on stream connections (TCP, WebSocket), as Kamailio's tcp_msg_read_timeout,
 * tcp_connection_lifetime and tcp_max_connections do: a peer on the internet must not hold
 * descriptors forever by trickling a message or by idling, nor take them all.
 */
export interface ConnectionLimits {
  /** A message begun must be complete within this; else the connection is closed (default 20 s). */
  readTimeoutMs: number;
  /**
   * A connection with no traffic either way for this long is closed (default 1 hour: longer than a
   * usual registration refresh, and phones keep TCP open with CRLF pings, RFC 5626 4.4.1).
   */
  idleTimeoutMs: number;
  /** Connections in all (default 2048, Kamailio's tcp_max_connections); more are refused at accept. */
  maxConnections: number;
  /** Connections from one IP address (default 64: an office behind one NAT). */
  maxPerAddress: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  readTimeoutMs: 20_000,
  idleTimeoutMs: 3_600_000,
  maxConnections: 2048,
  maxPerAddress: 64,
};

/** What a guard counts; read them from the transport's `guard.counters`. */
export interface ConnectionCounters {
  /** Refused at accept: the total cap. */
  refusedTotal: number;
  /** Refused at accept: the per-address cap. */
  refusedPerAddress: number;
  /** Closed because a message took longer than readTimeoutMs to arrive. */
  readTimeouts: number;
  /** Closed after idleTimeoutMs without traffic. */
  idleTimeouts: number;
}

/** One connection's timers: the read deadline of a partial message and the idle deadline. */
export interface GuardedConnection {
  /**
   * Call on every chunk received: whether it completed a message (or ping), and the bytes still
   * buffered after framing (the start of the next message).
   */
  received(completed: boolean, buffered: number): void;
  /** Call on every send. */
  sent(): void;
  /** Call when the connection closes, whoever closed it. */
  closed(): void;
}

/**
 * Admission and timers for a transport's connections. The idle timer is re-armed lazily (on
 * expiry, for what is left since the last activity), so traffic costs no timer churn.
 */
export class ConnectionGuard {
  readonly limits: ConnectionLimits;
  readonly counters: ConnectionCounters = { refusedTotal: 0, refusedPerAddress: 0, readTimeouts: 0, idleTimeouts: 0 };
  private total = 0;
  private readonly perAddress = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    limits: Partial<ConnectionLimits> = {},
  ) {
    this.limits = { ...DEFAULT_CONNECTION_LIMITS, ...limits };
  }

  /** May a connection from `host` be accepted? Inbound connections only; ours are always allowed. */
  admits(host: string): boolean {
    if (this.total >= this.limits.maxConnections) {
      this.counters.refusedTotal++;
      return false;
    }
    if ((this.perAddress.get(host) ?? 0) >= this.limits.maxPerAddress) {
      this.counters.refusedPerAddress++;
      return false;
    }
    return true;
  }

  /**
   * Tracks a connection from `host`; `close` is called to drop it on a timeout. A new inbound
   * connection has a read deadline from the start: one that never sends a whole message is not kept.
   */
  track(host: string, close: () => void, opts: { awaitingFirstMessage: boolean }): GuardedConnection {
    this.total++;
    this.perAddress.set(host, (this.perAddress.get(host) ?? 0) + 1);
    const clock = this.clock;
    const { readTimeoutMs, idleTimeoutMs } = this.limits;
    let lastActivity = clock.now();
    let readTimer: TimerHandle | undefined;
    let idleTimer: TimerHandle | undefined;
    let done = false;
    const armRead = (): void => {
      readTimer = clock.setTimeout(() => {
        readTimer = undefined;
        if (done) return;
        this.counters.readTimeouts++;
        close();
      }, readTimeoutMs);
    };
    const armIdle = (ms: number): void => {
      idleTimer = clock.setTimeout(() => {
        idleTimer = undefined;
        if (done) return;
        const left = lastActivity + idleTimeoutMs - clock.now();
        if (left > 0) return armIdle(left);
        this.counters.idleTimeouts++;
        close();
      }, ms);
    };
    if (opts.awaitingFirstMessage && readTimeoutMs > 0) armRead();
    if (idleTimeoutMs > 0) armIdle(idleTimeoutMs);
    return {
      received: (completed, buffered) => {
        lastActivity = clock.now();
        if (completed && readTimer !== undefined) {
          // A message (or ping) completed: its deadline is met.
          clock.clearTimeout(readTimer);
          readTimer = undefined;
        }
        // A message began: it has readTimeoutMs in all, however slowly its bytes come.
        if (buffered > 0 && readTimer === undefined && readTimeoutMs > 0) armRead();
      },
      sent: () => {
        lastActivity = clock.now();
      },
      closed: () => {
        if (done) return;
        done = true;
        if (readTimer !== undefined) clock.clearTimeout(readTimer);
        if (idleTimer !== undefined) clock.clearTimeout(idleTimer);
        this.total--;
        const n = (this.perAddress.get(host) ?? 1) - 1;
        if (n > 0) this.perAddress.set(host, n);
        else this.perAddress.delete(host);
      },
    };
  }

  /** Connections tracked now. */
  get size(): number {
    return this.total;
  }
}
