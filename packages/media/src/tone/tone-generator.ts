import type { AudioSource } from '../play/audio-source';

/**
 * Tones as AudioSources: a sum of sines, switched on and off by a cadence,
 * with phase kept across frames (no clicks at frame edges).
 */
export interface ToneSpec {
  /** One or more frequencies in Hz, summed (ringback 440+480, DTMF pairs). */
  freqs: readonly number[];
  /** Peak amplitude of each sine (default 8000, about -12 dBFS). */
  amplitude?: number;
  /** On/off pattern in ms, repeated: [on, off, on, off, ...]; omitted = always on. */
  cadence?: readonly number[];
  /** Total length in ms; omitted = endless (stop the playback). */
  durationMs?: number;
  sampleRate?: number;
}

export class ToneSource implements AudioSource {
  private readonly steps: Float64Array;
  private readonly phases: Float64Array;
  private readonly amplitude: number;
  private readonly cadence: readonly number[];
  private readonly cycle: number;
  private readonly total: number;
  private readonly perMs: number;
  private pos = 0;

  constructor(spec: ToneSpec) {
    const rate = spec.sampleRate ?? 8000;
    this.perMs = rate / 1000;
    this.steps = Float64Array.from(spec.freqs, (f) => (2 * Math.PI * f) / rate);
    this.phases = new Float64Array(spec.freqs.length);
    this.amplitude = spec.amplitude ?? 8000;
    this.cadence = (spec.cadence ?? []).map((ms) => Math.round(ms * this.perMs));
    this.cycle = this.cadence.reduce((a, b) => a + b, 0);
    this.total = spec.durationMs === undefined ? Infinity : Math.round(spec.durationMs * this.perMs);
  }

  read(out: Int16Array, n: number): number {
    const count = Math.min(n, this.total - this.pos);
    for (let i = 0; i < count; i++) {
      let v = 0;
      const on = this.isOn(this.pos + i);
      for (let k = 0; k < this.steps.length; k++) {
        if (on) v += Math.sin(this.phases[k]!);
        this.phases[k] = (this.phases[k]! + this.steps[k]!) % (2 * Math.PI);
      }
      const s = Math.round(v * this.amplitude);
      out[i] = s > 32767 ? 32767 : s < -32768 ? -32768 : s;
    }
    this.pos += Math.max(0, count);
    return Math.max(0, count);
  }

  private isOn(sample: number): boolean {
    if (this.cycle === 0) return true;
    let t = sample % this.cycle;
    for (let i = 0; i < this.cadence.length; i++) {
      if (t < this.cadence[i]!) return i % 2 === 0;
      t -= this.cadence[i]!;
    }
    return false;
  }
}

/** A sine of `freq` Hz for `durationMs` (endless if omitted). */
export function sine(freq: number, durationMs?: number, amplitude = 8000): ToneSource {
  return new ToneSource({ freqs: [freq], amplitude, ...(durationMs === undefined ? {} : { durationMs }) });
}

/** The recording/attention beep: 1 kHz for 250 ms by default. */
export function beep(durationMs = 250, freq = 1000): ToneSource {
  return new ToneSource({ freqs: [freq], durationMs });
}

/**
 * Ringback: 'eu' is 425 Hz, 1 s on 4 s off (ETSI); 'us' is 440+480 Hz,
 * 2 s on 4 s off (North America). Endless unless a duration is given.
 */
export function ringback(style: 'eu' | 'us' = 'eu', durationMs?: number): ToneSource {
  const d = durationMs === undefined ? {} : { durationMs };
  return style === 'eu' ? new ToneSource({ freqs: [425], cadence: [1000, 4000], ...d }) : new ToneSource({ freqs: [440, 480], amplitude: 5000, cadence: [2000, 4000], ...d });
}

/** Fills a new buffer with `ms` of a tone: handy for tests and benches. */
export function renderTone(spec: ToneSpec, ms: number): Int16Array {
  const out = new Int16Array(Math.round((ms * (spec.sampleRate ?? 8000)) / 1000));
  new ToneSource(spec).read(out, out.length);
  return out;
}

/** A DTMF digit's two tones (for tests and for in-band signalling toward a carrier). */
export function dtmfTone(freqs: readonly [number, number], durationMs: number, amplitude = 6000): ToneSource {
  return new ToneSource({ freqs, amplitude, durationMs });
}
