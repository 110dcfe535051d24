import { createSocket, type Socket } from 'node:dgram';
import { writeRtpHeader } from '../../src/rtp/packet';

/** A bare UDP endpoint standing in for a phone: sends RTP, keeps what it receives. */
export class RtpPeer {
  readonly received: Buffer[] = [];
  private waiters: Array<{ n: number; resolve: () => void }> = [];

  private constructor(
    readonly socket: Socket,
    readonly port: number,
  ) {
    socket.on('message', (m) => {
      this.received.push(Buffer.from(m));
      this.waiters = this.waiters.filter((w) => (this.received.length >= w.n ? (w.resolve(), false) : true));
    });
  }

  static async open(): Promise<RtpPeer> {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    return new RtpPeer(s, s.address().port);
  }

  send(buf: Buffer, port: number): void {
    this.socket.send(buf, port, '127.0.0.1');
  }

  sendRtp(port: number, pt: number, seq: number, ts: number, ssrc: number, payload: Uint8Array, marker = false): void {
    const b = Buffer.alloc(12 + payload.length);
    writeRtpHeader(b, 0, pt, seq, ts, ssrc, marker);
    b.set(payload, 12);
    this.send(b, port);
  }

  /** Resolves once `n` datagrams have arrived (rejects after `ms`). */
  waitFor(n: number, ms = 3000): Promise<void> {
    if (this.received.length >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`got ${this.received.length} of ${n} packets`)), ms);
      this.waiters.push({ n, resolve: () => (clearTimeout(t), resolve()) });
    });
  }

  close(): Promise<void> {
    return new Promise((r) => this.socket.close(() => r()));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sends packets spaced `gapMs` apart (real time), so the kernel never drops. */
export async function paced(count: number, gapMs: number, fn: (i: number) => void): Promise<void> {
  for (let i = 0; i < count; i++) {
    fn(i);
    if (gapMs > 0 && i % 5 === 4) await sleep(gapMs);
  }
}
