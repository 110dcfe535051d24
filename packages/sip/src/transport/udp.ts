import { createSocket, type Socket } from 'node:dgram';
import { silentLogger, type Logger } from '@switchboard/shared';
import { SipError } from '../errors';
import { socketHost } from '../uri';
import type { Address, MessageHandler, Transport } from './transport';

export interface UdpOptions {
  host?: string;
  /** 0 picks an ephemeral port. */
  port?: number;
  logger?: Logger;
}

/** SIP over UDP (RFC 3261 18): one datagram, one message. */
export class UdpTransport implements Transport {
  readonly protocol = 'UDP' as const;
  readonly reliable = false;
  private handler: MessageHandler | undefined;

  private constructor(
    private readonly socket: Socket,
    readonly local: { host: string; port: number },
    private readonly log: Logger,
  ) {
    socket.on('message', (data, rinfo) => {
      try {
        this.handler?.(data, { host: rinfo.family === 'IPv6' ? `[${rinfo.address}]` : rinfo.address, port: rinfo.port });
      } catch (err) {
        this.log.error({ err }, 'sip udp: message handler threw');
      }
    });
    socket.on('error', (err) => this.log.warn({ err }, 'sip udp: socket error'));
  }

  static listen(opts: UdpOptions = {}): Promise<UdpTransport> {
    const host = opts.host ?? '127.0.0.1';
    const socket = createSocket({ type: socketHost(host).includes(':') ? 'udp6' : 'udp4' });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(opts.port ?? 0, socketHost(host), () => {
        socket.off('error', reject);
        const port = socket.address().port;
        resolve(new UdpTransport(socket, { host, port }, opts.logger ?? silentLogger));
      });
    });
  }

  send(data: Buffer, dest: Address): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.send(data, dest.port, socketHost(dest.host), (err) =>
        err ? reject(new SipError('SIP_TRANSPORT', `udp send to ${dest.host}:${dest.port} failed: ${err.message}`)) : resolve(),
      );
    });
  }

  onMessage(handler: MessageHandler): void {
    this.handler = handler;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      try {
        this.socket.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}
