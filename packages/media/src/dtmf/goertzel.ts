/**
 * The Goertzel algorithm: the power of one frequency in a block of samples,
 * in O(N) with no allocation. Used by the in-band DTMF detector and by tests
 * ("is a 1 kHz tone present in what the far end received?").
 */

/** Squared magnitude |X(f)|² over samples[start, end). */
export function goertzelPower(samples: ArrayLike<number>, freq: number, sampleRate = 8000, start = 0, end = samples.length): number {
  const coeff = 2 * Math.cos((2 * Math.PI * freq) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = start; i < end; i++) {
    const s0 = samples[i]! + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coeff * s1 * s2;
}

/** Σx² over samples[start, end). */
export function blockEnergy(samples: ArrayLike<number>, start = 0, end = samples.length): number {
  let e = 0;
  for (let i = start; i < end; i++) {
    const v = samples[i]!;
    e += v * v;
  }
  return e;
}

/**
 * The share (0..1) of the block's energy that sits at `freq`: 2|X|²/(N·Σx²).
 * A pure sine at a bin-centred frequency gives ≈1; two equal tones ≈0.5 each.
 */
export function toneRatio(samples: ArrayLike<number>, freq: number, sampleRate = 8000, start = 0, end = samples.length): number {
  const n = end - start;
  const e = blockEnergy(samples, start, end);
  if (n <= 0 || e === 0) return 0;
  return (2 * goertzelPower(samples, freq, sampleRate, start, end)) / (n * e);
}

/** Mean power (Σx²/N) at `freq`: the tone's amplitude² / 2 for a pure sine. */
export function toneLevel(samples: ArrayLike<number>, freq: number, sampleRate = 8000, start = 0, end = samples.length): number {
  const n = end - start;
  if (n <= 0) return 0;
  return (2 * goertzelPower(samples, freq, sampleRate, start, end)) / (n * n);
}

export interface TonePresentOptions {
  sampleRate?: number;
  /** Block length in samples (default 160 = 20 ms at 8 kHz). */
  block?: number;
  /** Minimum share of a block's energy at the frequency (default 0.2). */
  minRatio?: number;
  /** Minimum mean power at the frequency (default 1e4: amplitude ≈ 140). */
  minLevel?: number;
  /** Fraction of blocks that must carry the tone (default 0.5). */
  minBlocks?: number;
}

/**
 * True when `freq` is present in at least `minBlocks` of the blocks: a test
 * helper robust to a little silence at either end.
 */
export function isTonePresent(samples: ArrayLike<number>, freq: number, opts: TonePresentOptions = {}): boolean {
  const rate = opts.sampleRate ?? 8000;
  const block = opts.block ?? 160;
  const minRatio = opts.minRatio ?? 0.2;
  const minLevel = opts.minLevel ?? 1e4;
  const minBlocks = opts.minBlocks ?? 0.5;
  let total = 0;
  let hits = 0;
  for (let s = 0; s + block <= samples.length; s += block) {
    total++;
    if (toneLevel(samples, freq, rate, s, s + block) >= minLevel && toneRatio(samples, freq, rate, s, s + block) >= minRatio) hits++;
  }
  return total > 0 && hits / total >= minBlocks;
}
