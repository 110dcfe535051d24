/**
 * Receive statistics for one incoming RTP stream, per RFC 3550 appendix A:
 * sequence tracking with wrap-around and resync (A.1), expected/lost counts
 * and the loss fraction since the last report (A.3), interarrival jitter
 * (A.8). Plain numbers in fields: updated per packet without allocating.
 */
const RTP_SEQ_MOD = 0x10000;
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;

export class ReceiverStats {
  private maxSeq = 0;
  private cycles = 0;
  private baseSeq = 0;
  private badSeq = RTP_SEQ_MOD + 1;
  received = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  private transit = 0;
  private haveTransit = false;
  /** Interarrival jitter in timestamp units (RFC 3550 J, not yet truncated). */
  jitter = 0;
  private initialised = false;

  constructor(private readonly clockRate = 8000) {}

  /** One received packet: its sequence number, RTP timestamp and arrival time in ms. */
  update(seq: number, rtpTs: number, arrivalMs: number): void {
    if (!this.initialised) {
      this.initSeq(seq);
      this.initialised = true;
      this.received = 1;
      this.updateJitter(rtpTs, arrivalMs);
      return;
    }
    const udelta = (seq - this.maxSeq) & 0xffff;
    if (udelta < MAX_DROPOUT) {
      if (seq < this.maxSeq) this.cycles += RTP_SEQ_MOD; // wrapped
      this.maxSeq = seq;
    } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
      // A very large jump: resync if the next packet follows this one (A.1).
      if (seq === this.badSeq) {
        this.initSeq(seq);
      } else {
        this.badSeq = (seq + 1) & 0xffff;
        return;
      }
    } // else duplicate or reordered: counted, maxSeq kept
    this.received++;
    this.updateJitter(rtpTs, arrivalMs);
  }

  /** RFC 3550 A.8: J += (|D(i-1,i)| - J) / 16, with D in timestamp units. */
  private updateJitter(rtpTs: number, arrivalMs: number): void {
    const arrival = Math.round((arrivalMs * this.clockRate) / 1000);
    const transit = (arrival - rtpTs) | 0;
    if (this.haveTransit) {
      let d = (transit - this.transit) | 0;
      if (d < 0) d = -d;
      this.jitter += (d - this.jitter) / 16;
    }
    this.transit = transit;
    this.haveTransit = true;
  }

  private initSeq(seq: number): void {
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.badSeq = RTP_SEQ_MOD + 1;
    this.cycles = 0;
    this.received = 0;
    this.receivedPrior = 0;
    this.expectedPrior = 0;
  }

  get extendedMaxSeq(): number {
    return this.cycles + this.maxSeq;
  }

  get expected(): number {
    return this.initialised ? this.extendedMaxSeq - this.baseSeq + 1 : 0;
  }

  /** Cumulative packets lost (may be negative with duplicates), clamped to 24-bit signed. */
  get cumulativeLost(): number {
    const lost = this.expected - this.received;
    return Math.max(-0x800000, Math.min(0x7fffff, lost));
  }

  /** The RFC's integer jitter as carried in a report block. */
  get jitterValue(): number {
    return Math.floor(this.jitter);
  }

  /**
   * Loss fraction (0..255, 8-bit fixed point) since the previous call: call it
   * once per report sent.
   */
  takeFractionLost(): number {
    const expected = this.expected;
    const expectedInterval = expected - this.expectedPrior;
    this.expectedPrior = expected;
    const receivedInterval = this.received - this.receivedPrior;
    this.receivedPrior = this.received;
    const lostInterval = expectedInterval - receivedInterval;
    if (expectedInterval === 0 || lostInterval <= 0) return 0;
    return Math.floor((lostInterval << 8) / expectedInterval);
  }
}
