/**
 * One party's RTP end for bench/transfers.ts: it sends its own tone (PCMU,
 * 20 ms packets) and, for every packet it receives, decodes it and tells which
 * of the bench's tones it carries (Goertzel per 20 ms packet, at arrival, in
 * real time). A step's latency is "command sent → the first packet whose tones
 * satisfy a condition": `when()` is armed before the command and resolves with
 * that packet's arrival time. It can also key RFC 4733 digits (the caller
 * through the IVR).
 */
import { createSocket, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { LINEAR_TO_ULAW, ULAW_TO_LINEAR, toneLevel, toneRatio } from '@switchboard/media';

/** 20 ms at 8 kHz. */
const FRAME = 160;
/** A tone counts as present above this mean power (amplitude ≈ 450; the bench sends 8000) and energy share. */
const MIN_LEVEL = 1e5;
const MIN_RATIO = 0.05;
const PT_PCMU = 0;
const PT_EVENT = 101;

export interface Heard {
  /** performance.now() when the packet was read. */
  at: number;
  tones: ReadonlySet<number>;
}

interface Waiter {
  cond: (tones: ReadonlySet<number>) => boolean;
  /** Consecutive packets the condition must hold for; the first one's time is reported. */
  streak: number;
  run: number;
  firstAt: number;
  resolve: (at: number | null) => void;
  timer: NodeJS.Timeout;
}

export class RtpParty {
  private readonly sock: Socket;
  private remote: { host: string; port: number } | null = null;
  private readonly ssrc = (Math.random() * 0xffffffff) >>> 0;
  private seq = (Math.random() * 0xffff) | 0;
  private ts = (Math.random() * 0xffffffff) >>> 0;
  private phase = 0;
  private readonly step: number;
  /** RFC 4733 packets waiting to replace the next voice packets. */
  private readonly pending: Array<{ event: number; end: boolean; duration: number; marker: boolean } | null> = [];
  private eventTs = 0;
  private waiters: Waiter[] = [];
  last: Heard = { at: 0, tones: new Set() };
  received = 0;

  private constructor(
    readonly name: string,
    readonly tone: number,
    readonly port: number,
    private readonly listen: readonly number[],
    sock: Socket,
  ) {
    this.sock = sock;
    this.step = (2 * Math.PI * tone) / 8000;
    sock.on('message', (buf) => this.onPacket(buf));
  }

  /** Binds 127.0.0.1:port; `listen` are the frequencies looked for in what arrives. */
  static async open(name: string, tone: number, port: number, listen: readonly number[]): Promise<RtpParty> {
    const sock = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      sock.once('error', reject);
      sock.bind(port, '127.0.0.1', () => {
        sock.off('error', reject);
        resolve();
      });
    });
    return new RtpParty(name, tone, port, listen, sock);
  }

  /** Where to send (the engine's port from its SDP); null stops sending. */
  setRemote(remote: { host: string; port: number } | null): void {
    this.remote = remote;
  }

  /** One 20 ms packet out (called by the bench's shared ticker). */
  tick(): void {
    if (!this.remote) return;
    // A new buffer per packet: dgram may send after this returns (a catch-up burst reuses nothing).
    const b = Buffer.allocUnsafe(12 + FRAME);
    const ev = this.pending.shift() ?? null;
    if (ev?.marker) this.eventTs = this.ts;
    b[0] = 0x80;
    b[1] = (ev?.marker ? 0x80 : 0) | (ev ? PT_EVENT : PT_PCMU);
    b.writeUInt16BE(this.seq, 2);
    b.writeUInt32BE(ev ? this.eventTs : this.ts, 4);
    b.writeUInt32BE(this.ssrc, 8);
    this.seq = (this.seq + 1) & 0xffff;
    let len = 12 + FRAME;
    if (ev) {
      b[12] = ev.event;
      b[13] = (ev.end ? 0x80 : 0) | 10;
      b.writeUInt16BE(ev.duration, 14);
      len = 16;
    } else {
      for (let i = 0; i < FRAME; i++) {
        b[12 + i] = LINEAR_TO_ULAW[Math.round(8000 * Math.sin(this.phase)) & 0xffff]!;
        this.phase = (this.phase + this.step) % (2 * Math.PI);
      }
    }
    this.ts = (this.ts + FRAME) >>> 0;
    this.sock.send(b.subarray(0, len), this.remote.port, this.remote.host);
  }

  /** Queues RFC 4733 digits: 100 ms each, the end packet three times, 100 ms of voice between. */
  keyDigits(digits: string): void {
    for (const d of digits) {
      const event = d === '*' ? 10 : d === '#' ? 11 : Number(d);
      for (let k = 1; k <= 5; k++) this.pending.push({ event, end: false, duration: k * FRAME, marker: k === 1 });
      for (let k = 0; k < 3; k++) this.pending.push({ event, end: true, duration: 5 * FRAME, marker: false });
      for (let k = 0; k < 5; k++) this.pending.push(null);
    }
  }

  /**
   * Resolves with the arrival time of the first packet (from now on) for which `cond` holds
   * `streak` packets in a row, or null after `timeoutMs`.
   */
  when(cond: (tones: ReadonlySet<number>) => boolean, timeoutMs: number, streak = 1): Promise<number | null> {
    return new Promise((resolve) => {
      const w: Waiter = {
        cond,
        streak,
        run: 0,
        firstAt: 0,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((x) => x !== w);
          resolve(null);
        }, timeoutMs),
      };
      this.waiters.push(w);
    });
  }

  close(): void {
    for (const w of this.waiters) clearTimeout(w.timer);
    this.waiters = [];
    this.sock.close();
  }

  private readonly rx = new Int16Array(FRAME);
  private onPacket(buf: Buffer): void {
    const at = performance.now();
    if (buf.length < 12 + FRAME || (buf[1]! & 0x7f) !== PT_PCMU) return;
    const cc = buf[0]! & 0x0f;
    const off = 12 + cc * 4;
    const n = Math.min(FRAME, buf.length - off);
    for (let i = 0; i < n; i++) this.rx[i] = ULAW_TO_LINEAR[buf[off + i]!]!;
    const tones = new Set<number>();
    for (const f of this.listen) if (toneLevel(this.rx, f, 8000, 0, n) >= MIN_LEVEL && toneRatio(this.rx, f, 8000, 0, n) >= MIN_RATIO) tones.add(f);
    this.received++;
    this.last = { at, tones };
    if (!this.waiters.length) return;
    const done: Waiter[] = [];
    for (const w of this.waiters) {
      if (!w.cond(tones)) {
        w.run = 0;
        continue;
      }
      if (w.run++ === 0) w.firstAt = at;
      if (w.run >= w.streak) done.push(w);
    }
    if (!done.length) return;
    this.waiters = this.waiters.filter((w) => !done.includes(w));
    for (const w of done) {
      clearTimeout(w.timer);
      w.resolve(w.firstAt);
    }
  }
}
