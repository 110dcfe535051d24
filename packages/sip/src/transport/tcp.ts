import { connect, createServer, type Server, type Socket } from 'node:net';
import { silentLogger, systemClock, type Clock, type Logger } from '@switchboard/shared';
import { SipError } from '../errors';
import { StreamFramer } from '../message/framer';
import { DEFAULT_LIMITS, type ParserLimits } from '../message/parser';
import { socketHost } from '../uri';
import { ConnectionGuard, type ConnectionLimits, type GuardedConnection } from './connection-guard';
import type { Address, MessageHandler, Transport } from './transport';

export interface TcpOptions {
  host?: string;
  port?: number;
  logger?: Logger;
  limits?: ParserLimits;
  /** Read timeout, idle lifetime and connection caps (defaults in DEFAULT_CONNECTION_LIMITS). */
  connections?: Partial<ConnectionLimits>;
  clock?: Clock;
}

interface Connection {
  id: string;
  socket: Socket;
  remote: string;
  framer: StreamFramer;
  guard: GuardedConnection;
}

/**
 * SIP over TCP (RFC 3261 18): messages framed by Content-Length. Responses go back over the
 * connection the request came on (18.2.2); requests reuse an open connection to the same
 * host:port, or open one.
 */
export class TcpTransport implements Transport {
  readonly protocol = 'TCP' as const;
  readonly reliable = true;
  private handler: MessageHandler | undefined;
  private readonly conns = new Map<string, Connection>();
  private readonly byRemote = new Map<string, string>();
  private seq = 0;
  /** Connections closed because their framing broke. */
  framingErrors = 0;

  private constructor(
    private readonly server: Server,
    readonly local: { host: string; port: number },
    private readonly log: Logger,
    private readonly limits: ParserLimits,
    /** Timeouts and caps on connections; its counters say what it refused or closed. */
    readonly guard: ConnectionGuard,
  ) {
    server.on('connection', (s) => {
      const host = s.remoteAddress ?? '';
      // Over the caps: close at once, before reading a byte (as Kamailio does past tcp_max_connections).
      if (!this.guard.admits(host)) {
        this.log.warn({ remote: host, connections: this.guard.size }, 'sip tcp: connection refused (cap reached)');
        s.destroy();
        return;
      }
      this.adopt(s, true);
    });
    server.on('error', (err) => this.log.warn({ err }, 'sip tcp: server error'));
  }

  static listen(opts: TcpOptions = {}): Promise<TcpTransport> {
    const host = opts.host ?? '127.0.0.1';
    const server = createServer();
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, socketHost(host), () => {
        server.off('error', reject);
        const addr = server.address();
        const port = typeof addr === 'object' && addr ? addr.port : 0;
        const guard = new ConnectionGuard(opts.clock ?? systemClock, opts.connections);
        resolve(new TcpTransport(server, { host, port }, opts.logger ?? silentLogger, opts.limits ?? DEFAULT_LIMITS, guard));
      });
    });
  }

  private adopt(socket: Socket, inbound: boolean): Connection {
    const host = socket.remoteFamily === 'IPv6' ? `[${socket.remoteAddress}]` : (socket.remoteAddress ?? '');
    const port = socket.remotePort ?? 0;
    const remote = `${host}:${port}`;
    const guard = this.guard.track(
      socket.remoteAddress ?? '',
      () => {
        this.log.info({ remote }, 'sip tcp: closing a connection past its read or idle timeout');
        socket.destroy();
      },
      { awaitingFirstMessage: inbound },
    );
    const c: Connection = { id: `tcp-${++this.seq}`, socket, remote, framer: new StreamFramer(this.limits), guard };
    this.conns.set(c.id, c);
    this.byRemote.set(c.remote, c.id);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      const events = c.framer.push(chunk);
      c.guard.received(events.length > 0, c.framer.buffered);
      for (const ev of events) {
        if (ev.type === 'ping') socket.write('\r\n');
        else if (ev.type === 'error') {
          this.framingErrors++;
          this.log.warn({ reason: ev.reason, remote: c.remote }, 'sip tcp: closing connection with broken framing');
          if (ev.head) {
            // Headers complete but the body too large: let the endpoint answer 513, then close gently.
            try {
              this.handler?.(ev.head, { host, port, connectionId: c.id }, { oversize: true });
            } catch (err) {
              this.log.error({ err }, 'sip tcp: message handler threw');
            }
            socket.end();
          } else socket.destroy();
          return;
        } else {
          try {
            this.handler?.(ev.data, { host, port, connectionId: c.id });
          } catch (err) {
            this.log.error({ err }, 'sip tcp: message handler threw');
          }
        }
      }
    });
    socket.on('error', (err) => this.log.debug({ err, remote: c.remote }, 'sip tcp: socket error'));
    socket.on('close', () => {
      c.guard.closed();
      this.conns.delete(c.id);
      if (this.byRemote.get(c.remote) === c.id) this.byRemote.delete(c.remote);
    });
    return c;
  }

  private open(dest: Address): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: socketHost(dest.host), port: dest.port });
      socket.once('error', (err) => reject(new SipError('SIP_TRANSPORT', `tcp connect to ${dest.host}:${dest.port} failed: ${err.message}`)));
      socket.once('connect', () => {
        const c = this.adopt(socket, false);
        // Index by the address we dialled, which is what later requests will name.
        this.byRemote.set(`${dest.host}:${dest.port}`, c.id);
        resolve(c);
      });
    });
  }

  async send(data: Buffer, dest: Address): Promise<void> {
    let c = dest.connectionId ? this.conns.get(dest.connectionId) : undefined;
    if (!c) {
      const id = this.byRemote.get(`${dest.host}:${dest.port}`);
      c = id ? this.conns.get(id) : undefined;
    }
    if (!c || c.socket.destroyed) c = await this.open(dest);
    const conn = c;
    conn.guard.sent();
    await new Promise<void>((resolve, reject) => conn.socket.write(data, (err) => (err ? reject(new SipError('SIP_TRANSPORT', `tcp write failed: ${err.message}`)) : resolve())));
  }

  onMessage(handler: MessageHandler): void {
    this.handler = handler;
  }

  get connectionCount(): number {
    return this.conns.size;
  }

  close(): Promise<void> {
    for (const c of this.conns.values()) c.socket.destroy();
    this.conns.clear();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
