import { readFileSync } from 'node:fs';
import { parseWav, toneLevel, toneRatio } from '@switchboard/media';

export function readWav(path: string): { rate: number; channels: number; samples: Int16Array } {
  const w = parseWav(readFileSync(path));
  return { rate: w.sampleRate, channels: w.channels, samples: w.samples };
}

/** One channel of an interleaved buffer. */
export function channel(samples: Int16Array, channels: number, ch: number): Int16Array {
  if (channels === 1) return samples;
  const out = new Int16Array(Math.floor(samples.length / channels));
  for (let i = 0; i < out.length; i++) out[i] = samples[i * channels + ch]!;
  return out;
}

/**
 * Per 20 ms block (at `rate`): does `freq` dominate the block? A Goertzel filter (media's),
 * with an energy floor so silence never counts.
 */
export function toneBlocks(samples: Int16Array, freq: number, rate = 8000, minRatio = 0.3, minLevel = 2e4): boolean[] {
  const block = Math.round(rate / 50);
  const out: boolean[] = [];
  for (let s = 0; s + block <= samples.length; s += block) {
    out.push(toneLevel(samples, freq, rate, s, s + block) >= minLevel && toneRatio(samples, freq, rate, s, s + block) >= minRatio);
  }
  return out;
}

/** Seconds of blocks carrying the tone. */
export function toneSeconds(samples: Int16Array, freq: number, rate = 8000): number {
  return toneBlocks(samples, freq, rate).filter(Boolean).length * 0.02;
}

/** Mean absolute amplitude over [fromS, toS). */
export function loudness(samples: Int16Array, rate: number, fromS: number, toS: number): number {
  const a = Math.max(0, Math.floor(fromS * rate));
  const b = Math.min(samples.length, Math.floor(toS * rate));
  let sum = 0;
  for (let i = a; i < b; i++) sum += Math.abs(samples[i]!);
  return b > a ? sum / (b - a) : 0;
}
