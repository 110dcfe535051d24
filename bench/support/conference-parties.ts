/**
 * The fake parties of bench/conferences.ts, run in their own process so the mixer's CPU figure is
 * its own. Each party is a real RTP endpoint on its own UDP socket: it dials the engine over SIP
 * (the sip stack's UAC, as a phone would), then sends G.711 at 20 ms carrying its own steady tone,
 * and keeps what it receives: counts, sequence gaps, arrival times against the 20 ms schedule, and
 * the last two seconds of audio for the tone check (its four partners' tones, not its own).
 */
import { createSocket, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { decodeG711, encodeG711, renderTone, toneRatio, isTonePresent, type G711Codec } from '@switchboard/media';
import { createAudioOffer, parseSdp, readAudioAnswer, serializeSdp } from '@switchboard/sip';
import { SipSignalling } from '@switchboard/telephony';

/** Five distinct tones, 300 Hz apart (well beyond a 160-sample Goertzel block's 50 Hz bin). */
export const TONES = [450, 750, 1050, 1350, 1650] as const;
export const PARTIES_PER_CONF = TONES.length;
const AMPLITUDE = 4000; // four of them summed stay under 16 bits
const TAIL = 100; // packets of audio kept for the tone check (2 s)
const FRAME = 160;

export interface PartiesConfig {
  confs: number;
  /** The engine's SIP address. */
  engineHost: string;
  enginePort: number;
  /** Our SIP UAC and the parties' RTP sockets: 127.0.0.1, ports from `sipPort` up. */
  host: string;
  sipPort: number;
  /** Measured window length, to size the arrival-time buffers. */
  seconds: number;
}

/** One party's figures over the measured window. */
export interface PartyFigures {
  sent: number;
  received: number;
  /** Sequence numbers never received (gaps in the mixer's stream). */
  lost: number;
  /** Packets that arrived more than LATE_MS behind their slot in the 20 ms schedule. */
  late: number;
  /** Arrival delay behind the schedule (ms above the window's earliest), p99 over the window. */
  delayP99: number;
  /** Hears every other party's tone and not its own. */
  tonesOk: boolean;
  toneNote: string;
}

export const LATE_MS = 30;

class Party {
  readonly sock: Socket;
  readonly freq: number;
  readonly codec: G711Codec;
  private readonly payloads: Buffer[] = [];
  private readonly pool: Buffer[];
  private poolIdx = 0;
  remote: { host: string; port: number } | undefined;
  private seq = Math.floor(Math.random() * 60000);
  private readonly ssrc = (Math.random() * 2 ** 32) >>> 0;
  nextDue = 0;
  sent = 0;
  // receive side
  received = 0;
  private lastExt = -1;
  private readonly tail = Buffer.alloc(TAIL * FRAME);
  private readonly tailSeq = new Int32Array(TAIL).fill(-1);
  // window (after mark())
  private win = false;
  private w0 = { sent: 0, received: 0, ext: -1 };
  private offsets: Float64Array;
  private nOff = 0;

  constructor(
    readonly conf: number,
    readonly idx: number,
    readonly port: number,
    seconds: number,
  ) {
    this.freq = TONES[idx]!;
    this.codec = idx % 2 ? 'PCMA' : 'PCMU';
    // One second of the tone (a whole number of cycles for integer Hz), as 50 encoded payloads.
    const pcm = renderTone({ freqs: [this.freq], amplitude: AMPLITUDE }, 1000);
    for (let k = 0; k < 50; k++) {
      const b = Buffer.alloc(FRAME);
      encodeG711(this.codec, pcm, k * FRAME, FRAME, b, 0);
      this.payloads.push(b);
    }
    this.pool = Array.from({ length: 16 }, () => Buffer.alloc(12 + FRAME));
    this.offsets = new Float64Array(Math.ceil(seconds * 50 * 1.5) + 500);
    this.sock = createSocket({ type: 'udp4', recvBufferSize: 1 << 18, sendBufferSize: 1 << 18 });
    this.sock.on('message', (m) => this.onRtp(m));
  }

  get pt(): number {
    return this.codec === 'PCMU' ? 0 : 8;
  }

  bind(host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.sock.once('error', reject);
      this.sock.bind(this.port, host, () => resolve());
    });
  }

  send(): void {
    const b = this.pool[this.poolIdx]!;
    this.poolIdx = (this.poolIdx + 1) & 15;
    b[0] = 0x80;
    b[1] = this.pt;
    b.writeUInt16BE(this.seq & 0xffff, 2);
    b.writeUInt32BE((this.seq * FRAME) >>> 0, 4);
    b.writeUInt32BE(this.ssrc, 8);
    this.payloads[this.sent % 50]!.copy(b, 12);
    this.seq++;
    this.sent++;
    this.sock.send(b, 0, b.length, this.remote!.port, this.remote!.host);
  }

  private onRtp(m: Buffer): void {
    if (m.length < 12 + FRAME) return;
    const now = performance.now();
    const s16 = m.readUInt16BE(2);
    let ext: number;
    if (this.lastExt < 0) ext = s16;
    else {
      const d = (s16 - (this.lastExt & 0xffff) + 65536) & 0xffff;
      ext = d < 32768 ? this.lastExt + d : this.lastExt - (65536 - d);
    }
    if (ext > this.lastExt) this.lastExt = ext;
    this.received++;
    const slot = ((ext % TAIL) + TAIL) % TAIL;
    m.copy(this.tail, slot * FRAME, m.length - FRAME);
    this.tailSeq[slot] = ext;
    if (!this.win) return;
    if (this.nOff < this.offsets.length) this.offsets[this.nOff++] = now - ext * 20;
  }

  mark(): void {
    this.win = true;
    this.w0 = { sent: this.sent, received: this.received, ext: this.lastExt };
    this.nOff = 0;
  }

  figures(): PartyFigures {
    const received = this.received - this.w0.received;
    const covered = this.lastExt - this.w0.ext;
    const offs = this.offsets.subarray(0, this.nOff);
    let min = Infinity;
    for (const o of offs) if (o < min) min = o;
    const delays = Float64Array.from(offs, (o) => o - min).sort();
    let late = 0;
    for (const d of delays) if (d > LATE_MS) late++;
    const tone = this.toneCheck();
    return {
      sent: this.sent - this.w0.sent,
      received,
      lost: Math.max(0, covered - received),
      late,
      delayP99: delays.length ? delays[Math.min(delays.length - 1, Math.ceil(0.99 * delays.length) - 1)]! : NaN,
      ...tone,
    };
  }

  /** The last 2 s received: each partner's tone in ≥ 90% of 20 ms blocks, our own in none. */
  private toneCheck(): { tonesOk: boolean; toneNote: string } {
    // Oldest first, by sequence number (a slot never filled stays silent).
    const order = [...this.tailSeq.keys()].filter((i) => this.tailSeq[i]! >= 0).sort((a, b) => this.tailSeq[a]! - this.tailSeq[b]!);
    const pcm = new Int16Array(order.length * FRAME);
    order.forEach((slot, k) => decodeG711(this.codec, this.tail, slot * FRAME, FRAME, pcm, k * FRAME));
    const notes: string[] = [];
    for (const f of TONES) {
      if (f === this.freq) {
        let worst = 0;
        for (let s = 0; s + FRAME <= pcm.length; s += FRAME) worst = Math.max(worst, toneRatio(pcm, f, 8000, s, s + FRAME));
        if (worst > 0.02) notes.push(`hears its own ${f} Hz (share ${worst.toFixed(3)})`);
      } else if (!isTonePresent(pcm, f, { minRatio: 0.1, minBlocks: 0.9 })) notes.push(`misses ${f} Hz in ${missShare(pcm, f)}% of 20 ms blocks`);
    }
    if (pcm.length < 50 * FRAME) notes.push(`only ${pcm.length / FRAME} frames kept`);
    return { tonesOk: notes.length === 0, toneNote: notes.join('; ') };
  }
}

/** The share (in %) of 20 ms blocks without the tone. */
function missShare(pcm: Int16Array, f: number): number {
  let miss = 0;
  let n = 0;
  for (let s = 0; s + FRAME <= pcm.length; s += FRAME, n++) if (!isTonePresent(pcm.subarray(s, s + FRAME), f, { minRatio: 0.1, minBlocks: 1 })) miss++;
  return Math.round((100 * miss) / Math.max(1, n));
}

/** The parties of `confs` conferences: bind, dial, send, measure. */
export class ConferenceParties {
  readonly parties: Party[] = [];
  private signalling: SipSignalling | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly c: PartiesConfig) {}

  async dialAll(concurrency = 25): Promise<void> {
    const c = this.c;
    this.signalling = await SipSignalling.listen({ host: c.host, udpPort: c.sipPort });
    for (let k = 0; k < c.confs; k++) {
      for (let i = 0; i < PARTIES_PER_CONF; i++) this.parties.push(new Party(k, i, c.sipPort + 1 + this.parties.length, c.seconds));
    }
    await Promise.all(this.parties.map((p) => p.bind(c.host)));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < this.parties.length) await this.dial(this.parties[next++]!);
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  private dial(p: Party): Promise<void> {
    const c = this.c;
    const sdp = serializeSdp(createAudioOffer({ address: c.host, port: p.port, codecs: [p.codec], telephoneEvent: false, ptime: 20 }));
    const call = this.signalling!.invite(
      { uri: `sip:conf${p.conf}@${c.engineHost}:${c.enginePort}`, host: c.engineHost, port: c.enginePort, transport: 'udp', from: `c${p.conf}p${p.idx}` },
      sdp,
    );
    return new Promise((resolve, reject) => {
      call.once('answered', ({ sdp: answer }) => {
        const n = readAudioAnswer(parseSdp(answer));
        p.remote = { host: n.remoteAddress, port: n.remotePort };
        resolve();
      });
      call.once('failed', ({ status, reason }) => reject(new Error(`party c${p.conf}p${p.idx}: ${status} ${reason}`)));
    });
  }

  /** Every party sends 50 packets/s, their 20 ms slots spread evenly over the period (phones are not in step). */
  startSending(): void {
    const t0 = performance.now() + 20;
    const n = this.parties.length;
    this.parties.forEach((p, i) => (p.nextDue = t0 + (20 * i) / n));
    this.timer = setInterval(() => {
      const now = performance.now();
      // Catch up by the clock, so a late wake-up does not lower the rate.
      for (const p of this.parties) {
        while (p.nextDue <= now) {
          p.send();
          p.nextDue += 20;
        }
      }
    }, 2);
  }

  mark(): void {
    for (const p of this.parties) p.mark();
  }

  figures(): PartyFigures[] {
    return this.parties.map((p) => p.figures());
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const p of this.parties) p.sock.close();
    await this.signalling?.close();
  }
}
