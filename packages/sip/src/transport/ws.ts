import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { silentLogger, systemClock, type Clock, type Logger } from '@switchboard/shared';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { SipError } from '../errors';
import { socketHost } from '../uri';
import { ConnectionGuard, type ConnectionLimits } from './connection-guard';
import type { Address, MessageHandler, Transport } from './transport';

export interface WsOptions {
  host?: string;
  port?: number;
  /** Share an existing HTTP server instead of listening on a port. */
  server?: HttpServer;
  path?: string;
  logger?: Logger;
  /** Largest accepted WebSocket message (bytes). */
  maxPayload?: number;
  /**
   * Idle lifetime and connection caps as for TCP; readTimeoutMs bounds the wait for the first SIP
   * message (a WebSocket message arrives whole; the HTTP upgrade is bounded by Node's headersTimeout).
   */
  connections?: Partial<ConnectionLimits>;
  clock?: Clock;
}

/**
 * SIP over WebSocket (RFC 7118): subprotocol "sip", one SIP message per WebSocket message (so no
 * Content-Length framing), responses back over the same connection. Outgoing requests to a ws: peer
 * open a client connection.
 */
export class WsTransport implements Transport {
  readonly protocol = 'WS' as const;
  readonly reliable = true;
  private handler: MessageHandler | undefined;
  private readonly conns = new Map<string, WebSocket>();
  private readonly byRemote = new Map<string, string>();
  private seq = 0;
  private readonly sentTo = new WeakMap<WebSocket, () => void>();

  private constructor(
    private readonly wss: WebSocketServer,
    readonly local: { host: string; port: number },
    private readonly log: Logger,
    /** Timeouts and caps on connections; its counters say what it refused or closed. */
    readonly guard: ConnectionGuard,
  ) {
    wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
      const address = req.socket.remoteAddress ?? '';
      if (!this.guard.admits(address)) {
        // RFC 6455 7.4.1: 1013 Try Again Later.
        this.log.warn({ remote: address, connections: this.guard.size }, 'sip ws: connection refused (cap reached)');
        ws.close(1013, 'Try Again Later');
        ws.terminate();
        return;
      }
      const host = req.socket.remoteFamily === 'IPv6' ? `[${address}]` : address;
      this.adopt(ws, host, req.socket.remotePort ?? 0, address, true);
    });
    wss.on('error', (err) => this.log.warn({ err }, 'sip ws: server error'));
  }

  static listen(opts: WsOptions = {}): Promise<WsTransport> {
    const host = opts.host ?? '127.0.0.1';
    const log = opts.logger ?? silentLogger;
    // RFC 7118 4.1: the client offers "sip"; we accept only that subprotocol.
    const handleProtocols = (protocols: Set<string>): string | false => (protocols.has('sip') ? 'sip' : false);
    const maxPayload = opts.maxPayload ?? 65535;
    // A client that did not ask for "sip" is refused at the handshake (HTTP 401 from ws), not accepted.
    const verifyClient = (info: { req: IncomingMessage }): boolean =>
      String(info.req.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .some((p) => p.trim().toLowerCase() === 'sip');
    if (opts.server) {
      const wss = new WebSocketServer({ server: opts.server, path: opts.path, handleProtocols, verifyClient, maxPayload });
      const addr = opts.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      return Promise.resolve(new WsTransport(wss, { host, port }, log, new ConnectionGuard(opts.clock ?? systemClock, opts.connections)));
    }
    return new Promise((resolve, reject) => {
      const wss = new WebSocketServer({ host: socketHost(host), port: opts.port ?? 0, path: opts.path, handleProtocols, verifyClient, maxPayload });
      wss.once('error', reject);
      wss.once('listening', () => {
        wss.off('error', reject);
        const addr = wss.address();
        const port = typeof addr === 'object' && addr ? addr.port : 0;
        resolve(new WsTransport(wss, { host, port }, log, new ConnectionGuard(opts.clock ?? systemClock, opts.connections)));
      });
    });
  }

  private adopt(ws: WebSocket, host: string, port: number, address: string, inbound: boolean): string {
    const id = `ws-${++this.seq}`;
    const remote = `${host}:${port}`;
    const guard = this.guard.track(
      address,
      () => {
        this.log.info({ remote }, 'sip ws: closing a connection past its read or idle timeout');
        ws.terminate();
      },
      { awaitingFirstMessage: inbound },
    );
    this.sentTo.set(ws, () => guard.sent());
    this.conns.set(id, ws);
    this.byRemote.set(remote, id);
    ws.on('ping', () => guard.received(false, 0));
    ws.on('message', (data: RawData) => {
      guard.received(true, 0);
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      try {
        this.handler?.(buf, { host, port, connectionId: id });
      } catch (err) {
        this.log.error({ err }, 'sip ws: message handler threw');
      }
    });
    ws.on('error', (err) => this.log.debug({ err, remote }, 'sip ws: socket error'));
    ws.on('close', () => {
      guard.closed();
      this.conns.delete(id);
      if (this.byRemote.get(remote) === id) this.byRemote.delete(remote);
    });
    return id;
  }

  private open(dest: Address): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://${dest.host}:${dest.port}`, 'sip');
      ws.once('error', (err) => reject(new SipError('SIP_TRANSPORT', `ws connect to ${dest.host}:${dest.port} failed: ${err.message}`)));
      ws.once('open', () => {
        const id = this.adopt(ws, dest.host, dest.port, dest.host.replace(/^\[|\]$/g, ''), false);
        this.byRemote.set(`${dest.host}:${dest.port}`, id);
        resolve(ws);
      });
    });
  }

  async send(data: Buffer, dest: Address): Promise<void> {
    let ws = dest.connectionId ? this.conns.get(dest.connectionId) : undefined;
    if (!ws) {
      const id = this.byRemote.get(`${dest.host}:${dest.port}`);
      ws = id ? this.conns.get(id) : undefined;
    }
    if (!ws || ws.readyState !== WebSocket.OPEN) ws = await this.open(dest);
    const sock = ws;
    this.sentTo.get(sock)?.();
    // SIP is UTF-8 text; browsers' SIP stacks expect text frames.
    await new Promise<void>((resolve, reject) =>
      sock.send(data.toString('utf8'), (err) => (err ? reject(new SipError('SIP_TRANSPORT', `ws send failed: ${err.message}`)) : resolve())),
    );
  }

  onMessage(handler: MessageHandler): void {
    this.handler = handler;
  }

  get connectionCount(): number {
    return this.conns.size;
  }

  close(): Promise<void> {
    for (const ws of this.conns.values()) ws.terminate();
    this.conns.clear();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}
