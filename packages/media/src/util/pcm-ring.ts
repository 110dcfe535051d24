/**
 * A ring of 16-bit samples between a packet arrival (any size: 20 or 30 ms)
 * and a 20 ms consumer (recorder, mixer). It refuses to play out until
 * `prebuffer` samples have gathered, so 30 ms packets against 20 ms ticks do
 * not underrun every third tick, and drops the oldest audio when it holds
 * more than `maxDelay` samples so latency stays bounded.
 */
export class PcmRing {
  private readonly buf: Int16Array;
  private r = 0;
  private w = 0;
  private count = 0;
  private primed = false;

  constructor(
    capacity = 4000,
    private readonly prebuffer = 320,
    private readonly maxDelay = 1600,
  ) {
    this.buf = new Int16Array(capacity);
  }

  get available(): number {
    return this.count;
  }

  write(src: ArrayLike<number>, off: number, n: number): void {
    const cap = this.buf.length;
    for (let i = 0; i < n; i++) {
      this.buf[this.w] = src[off + i]!;
      this.w = this.w + 1 === cap ? 0 : this.w + 1;
    }
    this.count += n;
    if (this.count > cap) {
      this.r = this.w;
      this.count = cap;
    }
    if (this.count > this.maxDelay) {
      const drop = this.count - this.prebuffer;
      this.r = (this.r + drop) % cap;
      this.count -= drop;
    }
    if (this.count >= this.prebuffer) this.primed = true;
  }

  /**
   * Reads exactly `n` samples into dst (zeros where none are due); with
   * `add` it sums into dst instead of overwriting. Returns samples of real audio.
   */
  read(dst: Int16Array | Int32Array, n: number, add = false): number {
    let got = 0;
    if (this.primed) {
      got = Math.min(n, this.count);
      const cap = this.buf.length;
      for (let i = 0; i < got; i++) {
        dst[i] = add ? dst[i]! + this.buf[this.r]! : this.buf[this.r]!;
        this.r = this.r + 1 === cap ? 0 : this.r + 1;
      }
      this.count -= got;
      if (this.count === 0 && got < n) this.primed = false;
    }
    if (!add) for (let i = got; i < n; i++) dst[i] = 0;
    return got;
  }

  clear(): void {
    this.r = this.w = this.count = 0;
    this.primed = false;
  }
}
