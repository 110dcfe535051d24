import type { FakeClock } from '@switchboard/shared';
import { encodeG711, decodeG711, type G711Codec } from '../../src/codec/g711';
import { payloadMapFor } from '../../src/codec/payload-types';
import { MemoryLeg } from '../../src/leg/memory-leg';
import { parseRtpHeader, writeRtpHeader } from '../../src/rtp/packet';

/** A memory leg that records decoded audio it sends. */
export function memLeg(clock: FakeClock, id: string, codec: G711Codec = 'PCMU', opts: { inbandDtmf?: boolean; ptimeMs?: number } = {}) {
  const leg = new MemoryLeg({ id, clock, payload: payloadMapFor(codec), ...opts });
  const sentPcm: number[] = [];
  const sent: Buffer[] = [];
  leg.onSend = (p) => {
    sent.push(p);
    const h = parseRtpHeader(p)!;
    if (h.payloadType !== leg.payload.audioPt) return;
    const pcm = new Int16Array(h.payloadLength);
    decodeG711(codec, p, h.headerLength, h.payloadLength, pcm);
    sentPcm.push(...pcm);
  };
  return { leg, sent, sentPcm: () => Int16Array.from(sentPcm) };
}

/** Encodes PCM into RTP packets of `frame` samples and feeds them one per 20/30 ms of fake time. */
export class Feeder {
  private seq = 1;
  private ts = 0;
  constructor(
    readonly leg: MemoryLeg,
    readonly ssrc = 0x4242,
  ) {}

  packet(pcm: Int16Array, off: number, n: number): Buffer {
    const b = Buffer.alloc(12 + n);
    writeRtpHeader(b, 0, this.leg.payload.audioPt, this.seq++, this.ts, this.ssrc);
    encodeG711(this.leg.payload.codec, pcm, off, n, b, 12);
    this.ts += n;
    return b;
  }

  /** Feeds one frame now. */
  feed(pcm: Int16Array, off = 0, n = 160): void {
    this.leg.inject(this.packet(pcm, off, n));
  }
}

export function concat(parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) out.set(p, o), (o += p.length);
  return out;
}
