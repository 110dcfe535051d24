/**
 * A ring of 16-bit samples between packet arrivals (any size: 20 or 30 ms) and
 * a 20 ms consumer (recorder, conference mixer). It refuses to play out until
 * `prebuffer` samples have gathered, so 30 ms packets against 20 ms ticks do
 * not underrun every third tick, and drops the oldest audio beyond `maxDelay`
 * so latency stays bounded. Built for the hot path: packets go in with bulk
 * copies (one or two straight runs), and a frame comes out in two straight runs,
 * with a stride so it can fill one channel of an interleaved stereo buffer.
 */
export class FrameRing {
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

  write(src: Int16Array, n: number): void {
    const cap = this.buf.length;
    let from = 0;
    if (n > cap) {
      from = n - cap;
      n = cap;
    }
    const first = Math.min(n, cap - this.w);
    // Plain loops, not set(subarray): a subarray is an object per packet (GC), and for a
    // 20 ms packet the loop is as fast as the bulk copy.
    copyRun(this.buf, this.w, 1, src, from, first);
    copyRun(this.buf, 0, 1, src, from + first, n - first);
    this.w = (this.w + n) % cap;
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
   * Reads `n` samples into dst[at], dst[at + stride], ... (zeros where none
   * are due). With `add`, sums into dst instead, saturating at 16 bits.
   * Returns the samples of real audio.
   */
  read(dst: Int16Array, at: number, stride: number, n: number, add = false): number {
    let got = 0;
    if (this.primed) {
      got = Math.min(n, this.count);
      const buf = this.buf;
      const cap = buf.length;
      const r = this.r;
      // Two straight runs (up to the end of the ring, then from its start): no wrap test per sample.
      const first = Math.min(got, cap - r);
      if (add) {
        addRun(dst, at, stride, buf, r, first);
        addRun(dst, at + first * stride, stride, buf, 0, got - first);
      } else {
        copyRun(dst, at, stride, buf, r, first);
        copyRun(dst, at + first * stride, stride, buf, 0, got - first);
      }
      this.r = r + got >= cap ? r + got - cap : r + got;
      this.count -= got;
      if (this.count === 0 && got < n) this.primed = false;
    }
    if (!add) for (let i = got, o = at + got * stride; i < n; i++, o += stride) dst[o] = 0;
    return got;
  }

  clear(): void {
    this.r = this.w = this.count = 0;
    this.primed = false;
  }
}

function copyRun(dst: Int16Array, o: number, stride: number, src: Int16Array, from: number, n: number): void {
  for (let i = from, end = from + n; i < end; i++, o += stride) dst[o] = src[i]!;
}

function addRun(dst: Int16Array, o: number, stride: number, src: Int16Array, from: number, n: number): void {
  for (let i = from, end = from + n; i < end; i++, o += stride) {
    const v = dst[o]! + src[i]!;
    dst[o] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
}
