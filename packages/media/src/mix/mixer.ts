import { MediaError } from '../errors';

export const MAX_PARTIES = 6;

/**
 * N-1 mixing for up to six parties: each output is the sum of every input
 * except the party's own, clipped to 16 bits. Buffers are allocated once;
 * mix() is pure arithmetic.
 */
export class Mixer {
  readonly inputs: Int16Array[];
  readonly outputs: Int16Array[];
  private readonly sum: Int32Array;

  constructor(
    readonly parties: number,
    readonly frame = 160,
  ) {
    if (parties < 1 || parties > MAX_PARTIES) {
      throw new MediaError('MEDIA_TOO_MANY_PARTIES', `a mixer takes 1..${MAX_PARTIES} parties, not ${parties}`);
    }
    this.inputs = Array.from({ length: parties }, () => new Int16Array(frame));
    this.outputs = Array.from({ length: parties }, () => new Int16Array(frame));
    this.sum = new Int32Array(frame);
  }

  /** Computes outputs from inputs (fill `inputs[i]` first). */
  mix(): void {
    const sum = this.sum;
    const n = this.frame;
    sum.fill(0);
    for (let p = 0; p < this.parties; p++) {
      const inp = this.inputs[p]!;
      for (let i = 0; i < n; i++) sum[i] = sum[i]! + inp[i]!;
    }
    for (let p = 0; p < this.parties; p++) {
      const inp = this.inputs[p]!;
      const out = this.outputs[p]!;
      for (let i = 0; i < n; i++) {
        const v = sum[i]! - inp[i]!;
        out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
      }
    }
  }
}
