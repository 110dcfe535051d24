import { MediaError } from '../errors';

export const MAX_PARTIES = 6;

/**
 * N-1 mixing for up to six parties: each output is the sum of every input
 * except the party's own, clipped to 16 bits. A party may be heard by only
 * some of the others (its audience: a supervisor listening is heard by
 * nobody, whispering by the agent alone). Buffers are allocated once; mix()
 * is pure arithmetic.
 */
export class Mixer {
  readonly inputs: Int16Array[];
  readonly outputs: Int16Array[];
  private readonly sum: Int32Array;
  private readonly acc: Int32Array;
  /** Per speaker: null, heard by every other party; else heardBy[listener] says who hears it. */
  private readonly audience: (Uint8Array | null)[];

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
    this.acc = new Int32Array(frame);
    this.audience = Array.from({ length: parties }, () => null);
  }

  /**
   * Who hears party `speaker`: `null` every other party (the default), else only the listed
   * parties (an empty list: nobody). A party never hears itself either way.
   */
  setAudience(speaker: number, listeners: readonly number[] | null): void {
    this.check(speaker);
    if (listeners === null) {
      this.audience[speaker] = null;
      return;
    }
    const heard = new Uint8Array(this.parties);
    for (const l of listeners) {
      this.check(l);
      if (l !== speaker) heard[l] = 1;
    }
    this.audience[speaker] = heard;
  }

  /** The parties that hear `speaker` now (for diagnostics and tests). */
  audienceOf(speaker: number): number[] {
    this.check(speaker);
    const a = this.audience[speaker];
    return Array.from({ length: this.parties }, (_, i) => i).filter((i) => i !== speaker && (a === null || a?.[i] === 1));
  }

  /** Computes outputs from inputs (fill `inputs[i]` first). */
  mix(): void {
    const sum = this.sum;
    const n = this.frame;
    const aud = this.audience;
    sum.fill(0);
    // Everyone hears the open speakers: one shared sum, each output less its own input.
    for (let p = 0; p < this.parties; p++) {
      if (aud[p] !== null) continue;
      const inp = this.inputs[p]!;
      for (let i = 0; i < n; i++) sum[i] = sum[i]! + inp[i]!;
    }
    const acc = this.acc;
    for (let p = 0; p < this.parties; p++) {
      const inp = this.inputs[p]!;
      const out = this.outputs[p]!;
      if (aud[p] === null) for (let i = 0; i < n; i++) acc[i] = sum[i]! - inp[i]!;
      else acc.set(sum);
      // Restricted speakers are added only for the listeners in their audience.
      for (let q = 0; q < this.parties; q++) {
        const a = aud[q];
        if (!a || q === p || a[p] !== 1) continue;
        const src = this.inputs[q]!;
        for (let i = 0; i < n; i++) acc[i] = acc[i]! + src[i]!;
      }
      for (let i = 0; i < n; i++) {
        const v = acc[i]!;
        out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
      }
    }
  }

  private check(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.parties) throw new MediaError('MEDIA_BAD_ARGUMENT', `no party ${i} in a mixer of ${this.parties}`);
  }
}
