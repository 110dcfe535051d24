import { connect, createServer, type Server, type Socket } from 'node:net';
import { silentLogger, type Logger } from '@switchboard/shared';
import { SipError } from '../errors';
import { StreamFramer } from '../message/framer';
import { DEFAULT_LIMITS, type ParserLimits } from '../message/parser';
import { socketHost } from '../uri';
import type { Address, MessageHandler, Transport } from './transport';

export interface TcpOptions {
  host?: string;
  port?: number;
  logger?: Logger;
  limits?: ParserLimits;
}

interface Connection {
  id: string;
  socket: Socket;
  remote: string;
  framer: StreamFramer;
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
  ) {
    server.on('connection', (s) => this.adopt(s));
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
        resolve(new TcpTransport(server, { host, port }, opts.logger ?? silentLogger, opts.limits ?? DEFAULT_LIMITS));
      });
    });
  }

  private adopt(socket: Socket): Connection {
    const host = socket.remoteFamily === 'IPv6' ? `[${socket.remoteAddress}]` : socket.remoteAddress ?? '';
    const port = socket.remotePort ?? 0;
    const c: Connection = { id: `tcp-${++this.seq}`, socket, remote: `${host}:${port}`, framer: new StreamFramer(this.limits) };
    this.conns.set(c.id, c);
    this.byRemote.set(c.remote, c.id);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      for (const ev of c.framer.push(chunk)) {
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
        const c = this.adopt(socket);
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
    await new Promise<void>((resolve, reject) =>
      conn.socket.write(data, (err) => (err ? reject(new SipError('SIP_TRANSPORT', `tcp write failed: ${err.message}`)) : resolve())),
    );
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
