import { randomSsrc } from './packet';

/**
 * Source keys are SSRCs read as signed 32-bit ints (they stay V8 small
 * integers: no boxing on the hot path); locally generated audio and events
 * use keys outside that range.
 */
export const LOCAL_SOURCE = 0x100000000;
export const LOCAL_EVENT_SOURCE = 0x100000001;

const SLOTS = 4;
/** A source silent this long is re-anchored when it returns (VAD gap, bridge move). */
const STALE_MS = 200;
/** Forward sequence gaps up to this are loss (kept); larger ones re-anchor. */
const MAX_GAP = 100;
/** Backward steps up to this are late packets; larger ones re-anchor. */
const MAX_MISORDER = 100;

/**
 * Keeps one leg's outgoing RTP stream continuous (one SSRC, sequence numbers
 * +1 per packet, timestamps advancing with real time) whatever feeds it: the
 * bridged peer, a peer of a new bridge after a move, a prompt, a DTMF event
 * stream with its own SSRC.
 *
 * Each input source (keyed by its SSRC) gets a timestamp offset chosen when it
 * first appears, so that its first packet lands `elapsed` samples after the
 * last one we sent; up to four sources keep their offsets at once, so voice
 * and an interleaved telephone-event stream both stay self-consistent. Within
 * one source a sequence gap (loss) is preserved; a switch advances by one.
 * Results land in fields (outSeq/ts32/marker), not a returned object, and
 * timestamps/SSRCs are kept as signed 32-bit ints, so the hot path allocates
 * nothing (not even boxed numbers).
 */
export class RtpRewriter {
  /** Our SSRC as an unsigned 32-bit number. */
  readonly ssrc: number;
  /** The same, as a signed 32-bit int (what the hot path writes). */
  readonly ssrc32: number;
  outSeq: number;
  /** Outgoing timestamp of the packet just mapped, signed 32-bit. */
  ts32: number;
  marker = false;

  private lastOutAt = -1;
  private lastSlot = -1;
  private readonly keys = new Float64Array(SLOTS).fill(NaN);
  private readonly offsets = new Int32Array(SLOTS);
  private readonly lastInSeq = new Int32Array(SLOTS);
  private readonly lastSeen = new Float64Array(SLOTS);
  private localSeq = 0;
  private localTs = 0;

  constructor(
    ssrc = randomSsrc(),
    private readonly samplesPerMs = 8,
  ) {
    this.ssrc = ssrc >>> 0;
    this.ssrc32 = ssrc | 0;
    this.outSeq = (Math.random() * 0x10000) & 0xffff;
    this.ts32 = randomSsrc() | 0;
  }

  /** Outgoing timestamp of the packet just mapped, unsigned. */
  get outTs(): number {
    return this.ts32 >>> 0;
  }

  /** Forget every source: the next packet, from whoever, is re-anchored. */
  invalidate(): void {
    this.keys.fill(NaN);
    this.lastSlot = -1;
  }

  /**
   * Maps one input packet (source key, its sequence number and timestamp) to
   * the outgoing sequence number and timestamp (in outSeq/outTs/marker).
   */
  map(key: number, inSeq: number, inTs: number, now: number): void {
    let slot = -1;
    for (let i = 0; i < SLOTS; i++) {
      if (this.keys[i] === key) {
        slot = i;
        break;
      }
    }
    let reuse = -1;
    if (slot >= 0) {
      // Stale, or a jump no loss or reordering explains (a sender restarting
      // its numbering on the same SSRC): re-anchor in place.
      const d = (inSeq - this.lastInSeq[slot]!) & 0xffff;
      if (now - this.lastSeen[slot]! > STALE_MS || (d >= MAX_GAP && d <= 0x10000 - MAX_MISORDER)) {
        reuse = slot;
        slot = -1;
      }
    }
    if (slot < 0) {
      slot = reuse >= 0 ? reuse : this.freeSlot();
      this.anchor(slot, key, inTs, now);
      this.outSeq = (this.outSeq + 1) & 0xffff;
      this.marker = true;
    } else {
      const d = (inSeq - this.lastInSeq[slot]!) & 0xffff;
      if (d === 0 || d >= 0x8000) {
        // duplicate or reordered: give it the number it would have had; keep state
        const back = d === 0 ? 0 : 0x10000 - d;
        this.ts32 = (inTs + this.offsets[slot]!) | 0;
        this.marker = false;
        this.lastSeen[slot] = now;
        this.dupSeq = (this.outSeq - back) & 0xffff;
        this.dup = true;
        return;
      }
      this.outSeq = (this.outSeq + (slot === this.lastSlot ? d : 1)) & 0xffff;
      this.marker = false;
    }
    this.dup = false;
    this.lastInSeq[slot] = inSeq;
    this.lastSeen[slot] = now;
    this.lastSlot = slot;
    this.ts32 = (inTs + this.offsets[slot]!) | 0;
    this.lastOutAt = now;
  }

  /** True when the last map() was a duplicate/late packet: send `dupSeq`, not outSeq. */
  dup = false;
  dupSeq = 0;

  /** The sequence number to write for the packet just mapped. */
  get seqToSend(): number {
    return this.dup ? this.dupSeq : this.outSeq;
  }

  /** Maps the next locally generated packet of `samples` samples. */
  mapLocal(samples: number, now: number): void {
    this.map(LOCAL_SOURCE, this.localSeq, this.localTs, now);
    this.localSeq = (this.localSeq + 1) & 0xffff;
    this.localTs = (this.localTs + samples) | 0;
  }

  private freeSlot(): number {
    let best = 0;
    for (let i = 0; i < SLOTS; i++) {
      if (Number.isNaN(this.keys[i]!)) return i;
      if (this.lastSeen[i]! < this.lastSeen[best]!) best = i;
    }
    return best;
  }

  private anchor(slot: number, key: number, inTs: number, now: number): void {
    let target: number;
    if (this.lastOutAt < 0) target = this.ts32;
    else {
      const elapsed = Math.max(1, Math.round((now - this.lastOutAt) * this.samplesPerMs));
      target = (this.ts32 + elapsed) | 0;
    }
    this.keys[slot] = key;
    this.offsets[slot] = (target - inTs) | 0;
    this.lastInSeq[slot] = 0;
  }
}
