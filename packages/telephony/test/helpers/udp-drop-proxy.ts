import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

/**
 * A tiny SIP-over-UDP relay for tests that loses the first INVITE and the first 200 it sees.
 * Requests from a client are forwarded to `target` with the top Via's sent-by rewritten to the
 * proxy (so responses come back through it); responses from the target go back to the client
 * with the original Via restored. Everything else passes untouched.
 */
export class UdpDropProxy {
  private readonly sock: Socket = createSocket('udp4');
  private client: RemoteInfo | undefined;
  private clientSentBy = '';
  dropped: string[] = [];
  forwarded = 0;
  private droppedInvite = false;
  private dropped200 = false;

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  start(): Promise<void> {
    this.sock.on('message', (m, r) => this.onMessage(m, r));
    return new Promise((res) => this.sock.bind(this.port, '127.0.0.1', () => res()));
  }

  private onMessage(msg: Buffer, r: RemoteInfo): void {
    let text = msg.toString('latin1');
    const firstLine = text.slice(0, text.indexOf('\r\n'));
    const fromTarget = r.port === this.target.port && r.address === this.target.host;
    if (!this.droppedInvite && firstLine.startsWith('INVITE ')) {
      this.droppedInvite = true;
      this.dropped.push(firstLine);
      return;
    }
    if (!this.dropped200 && firstLine.startsWith('SIP/2.0 200') && /\r\nCSeq:\s*\d+\s+INVITE/i.test(text)) {
      this.dropped200 = true;
      this.dropped.push(firstLine);
      return;
    }
    this.forwarded++;
    if (!fromTarget) {
      this.client = r;
      if (!firstLine.startsWith('SIP/2.0')) {
        const via = /\r\n(Via|v):\s*SIP\/2\.0\/UDP\s+([^;\s]+)/i.exec(text);
        if (via) {
          this.clientSentBy = via[2]!;
          text = text.replace(via[0], `\r\n${via[1]}: SIP/2.0/UDP 127.0.0.1:${this.port}`);
        }
      }
      this.sock.send(Buffer.from(text, 'latin1'), this.target.port, this.target.host);
    } else if (this.client) {
      if (firstLine.startsWith('SIP/2.0') && this.clientSentBy) {
        text = text.replace(/(\r\n(?:Via|v):\s*SIP\/2\.0\/UDP\s+)127\.0\.0\.1:\d+/i, `$1${this.clientSentBy}`);
      }
      this.sock.send(Buffer.from(text, 'latin1'), this.client.port, this.client.address);
    }
  }

  close(): Promise<void> {
    return new Promise((res) => this.sock.close(() => res()));
  }
}
