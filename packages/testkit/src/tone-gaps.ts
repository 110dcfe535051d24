import { loudness, toneBlocks } from './wav-analysis';

export interface ToneGap {
  /** Where the gap starts and how long it lasts, in seconds of the file. */
  startS: number;
  lengthS: number;
  /** Mean absolute amplitude inside the gap (digital silence is 0). */
  level: number;
  /** Share of tone blocks from the first tone block to the gap, and from the gap to the end. */
  before: number;
  after: number;
}

/**
 * The longest stretch without `freq` after the tone first appears, in a file whose time axis
 * cannot be trusted to match wall time (a phone's dump grows only with packets received, a
 * recorder under load skips ticks). Tests of "silent while muted" compare its length with
 * how long the mute lasted instead of aligning clocks.
 */
export function longestToneGap(samples: Int16Array, freq: number, rate = 8000): ToneGap | undefined {
  const bl = toneBlocks(samples, freq, rate);
  const first = bl.indexOf(true);
  if (first < 0) return undefined;
  let best = { at: -1, n: 0 };
  for (let i = first, run = 0; i <= bl.length; i++) {
    if (i < bl.length && !bl[i]) run++;
    else {
      if (run > best.n) best = { at: i - run, n: run };
      run = 0;
    }
  }
  if (best.n === 0) return undefined;
  const share = (a: number, b: number) => (b > a ? bl.slice(a, b).filter(Boolean).length / (b - a) : 1);
  // Trim a block each side: the edges straddle the switch.
  const s = (best.at + 1) * 0.02;
  const e = (best.at + best.n - 1) * 0.02;
  return {
    startS: best.at * 0.02,
    lengthS: best.n * 0.02,
    level: loudness(samples, rate, s, e),
    before: share(first, best.at),
    after: share(best.at + best.n, bl.length),
  };
}
