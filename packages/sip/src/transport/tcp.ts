import { connect, createServer, isIP, type Server, type Socket } from 'node:net';
import { connect as tlsConnect, TLSSocket, type SecureContext } from 'node:tls';
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

/** What a TLS transport adds to TCP (see TlsTransport). */
export interface StreamTls {
  /** Our certificate and key, for connections we accept. */
  server: SecureContext;
  /** For connections we open: our certificate (if the far end asks) and the CAs we trust. */
  client: SecureContext;
  /** Check the certificate of servers we connect to (a carrier's); a mismatch fails the connect. */
  verifyServer: boolean;
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
 * host:port, or open one. With `tls` it is SIP over TLS (RFC 3261 26.3.1, RFC 5246): the same
 * framing, guard and reuse, each socket wrapped in TLS (see TlsTransport).
 */
export class TcpTransport implements Transport {
  readonly protocol: 'TCP' | 'TLS';
  readonly reliable = true;
  private handler: MessageHandler | undefined;
  private readonly conns = new Map<string, Connection>();
  private readonly byRemote = new Map<string, string>();
  private seq = 0;
  /** Connections closed because their framing broke. */
  framingErrors = 0;

  private readonly name: string;

  protected constructor(
    private readonly server: Server,
    readonly local: { host: string; port: number },
    private readonly log: Logger,
    private readonly limits: ParserLimits,
    /** Timeouts and caps on connections; its counters say what it refused or closed. */
    readonly guard: ConnectionGuard,
    private readonly tls?: StreamTls,
  ) {
    this.protocol = tls ? 'TLS' : 'TCP';
    this.name = `sip ${this.protocol.toLowerCase()}`;
    server.on('connection', (s) => {
      const host = s.remoteAddress ?? '';
      // Over the caps: close at once, before reading a byte (as Kamailio does past tcp_max_connections).
      // For TLS this is before the handshake, so a flood of handshakes is capped too.
      if (!this.guard.admits(host)) {
        this.log.warn({ remote: host, connections: this.guard.size }, `${this.name}: connection refused (cap reached)`);
        s.destroy();
        return;
      }
      const peer = peerOf(s);
      if (!tls) {
        this.adopt(s, true, peer);
        return;
      }
      // The handshake runs under the guard's read deadline: a peer that never finishes it is dropped.
      // A client certificate is asked for but not required (phones have none): a trunk that declares
      // its certificate's fingerprint is matched on it (peerFingerprint), the chain is not judged here.
      const t = new TLSSocket(s, { isServer: true, secureContext: tls.server, requestCert: true, rejectUnauthorized: false });
      this.adopt(t, true, peer);
    });
    server.on('error', (err) => this.log.warn({ err }, `${this.name}: server error`));
  }

  static listen(opts: TcpOptions = {}): Promise<TcpTransport> {
    return this.bind(opts, undefined);
  }

  /** Binds the listening socket; `tls` makes it a TLS transport. */
  protected static bind(opts: TcpOptions, tls: StreamTls | undefined): Promise<TcpTransport> {
    const host = opts.host ?? '127.0.0.1';
    const server = createServer();
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, socketHost(host), () => {
        server.off('error', reject);
        const addr = server.address();
        const port = typeof addr === 'object' && addr ? addr.port : 0;
        const guard = new ConnectionGuard(opts.clock ?? systemClock, opts.connections);
        // `this`: the class listen() was called on (TcpTransport or TlsTransport).
        resolve(new this(server, { host, port }, opts.logger ?? silentLogger, opts.limits ?? DEFAULT_LIMITS, guard, tls));
      });
    });
  }

  private adopt(socket: Socket, inbound: boolean, peer: Peer): Connection {
    const host = peer.family === 'IPv6' ? `[${peer.address}]` : peer.address;
    const port = peer.port;
    const remote = `${host}:${port}`;
    const guard = this.guard.track(
      peer.address,
      () => {
        this.log.info({ remote }, `${this.name}: closing a connection past its read or idle timeout`);
        socket.destroy();
      },
      { awaitingFirstMessage: inbound },
    );
    const c: Connection = { id: `${this.protocol.toLowerCase()}-${++this.seq}`, socket, remote, framer: new StreamFramer(this.limits), guard };
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
          this.log.warn({ reason: ev.reason, remote: c.remote }, `${this.name}: closing connection with broken framing`);
          if (ev.head) {
            // Headers complete but the body too large: let the endpoint answer 513, then close gently.
            try {
              this.handler?.(ev.head, { host, port, connectionId: c.id }, { oversize: true });
            } catch (err) {
              this.log.error({ err }, `${this.name}: message handler threw`);
            }
            socket.end();
          } else socket.destroy();
          return;
        } else {
          try {
            this.handler?.(ev.data, { host, port, connectionId: c.id });
          } catch (err) {
            this.log.error({ err }, `${this.name}: message handler threw`);
          }
        }
      }
    });
    socket.on('error', (err) => this.log.debug({ err, remote: c.remote }, `${this.name}: socket error`));
    socket.on('close', () => {
      c.guard.closed();
      this.conns.delete(c.id);
      if (this.byRemote.get(c.remote) === c.id) this.byRemote.delete(c.remote);
    });
    return c;
  }

  private open(dest: Address): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const tls = this.tls;
      const host = socketHost(dest.host);
      const socket = tls
        ? tlsConnect({
            host,
            port: dest.port,
            secureContext: tls.client,
            rejectUnauthorized: tls.verifyServer,
            // SNI for a name, never for an address literal (RFC 6066 3).
            ...(isIP(host) ? {} : { servername: host }),
          })
        : connect({ host, port: dest.port });
      const what = this.protocol.toLowerCase();
      socket.once('error', (err) => reject(new SipError('SIP_TRANSPORT', `${what} connect to ${dest.host}:${dest.port} failed: ${err.message}`)));
      socket.once(tls ? 'secureConnect' : 'connect', () => {
        const c = this.adopt(socket, false, peerOf(socket));
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
    await new Promise<void>((resolve, reject) =>
      conn.socket.write(data, (err) => (err ? reject(new SipError('SIP_TRANSPORT', `${this.name} write failed: ${err.message}`)) : resolve())),
    );
  }

  onMessage(handler: MessageHandler): void {
    this.handler = handler;
  }

  /**
   * The SHA-256 fingerprint ("AB:CD:…", as openssl prints it) of the certificate the far end of a
   * TLS connection presented; undefined on TCP, for an unknown connection, or when it sent none.
   */
  peerFingerprint(connectionId: string): string | undefined {
    const s = this.conns.get(connectionId)?.socket;
    if (!(s instanceof TLSSocket)) return undefined;
    const fp = s.getPeerCertificate()?.fingerprint256;
    return fp ? fp.toUpperCase() : undefined;
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

interface Peer {
  address: string;
  port: number;
  family: string | undefined;
}

/** The far end of a socket (read from the TCP socket: a TLS socket wraps it). */
function peerOf(s: Socket): Peer {
  return { address: s.remoteAddress ?? '', port: s.remotePort ?? 0, family: s.remoteFamily };
}
