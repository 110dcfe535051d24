/**
 * Seeded randomness. xoshiro128** (Blackman & Vigna) seeded through splitmix32,
 * with one independent stream per random quantity, so that every policy run on
 * the same seed sees the same k-th outcome, ring time and talk time (common
 * random numbers): the comparison measures the policies, not luck.
 */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Mixes any number of integer keys into one 32-bit seed. */
export function mixSeed(...keys: number[]): number {
  const st = { s: 0x12345678 };
  let h = 0;
  for (const k of keys) {
    st.s = (st.s ^ (k | 0) ^ Math.imul(h, 0x27d4eb2d)) | 0;
    h = splitmix32(st);
  }
  return h >>> 0;
}

export class Xoshiro128 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    const st = { s: seed | 0 };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9);
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r >>> 0;
  }

  /** Uniform in (0, 1): never exactly 0 or 1, so inverse CDFs stay finite. */
  next(): number {
    return (this.nextU32() + 0.5) / 4294967296;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The independent streams a simulated day draws from. */
export const Stream = {
  Outcome: 1,
  Ring: 2,
  Talk: 3,
  AmdDelay: 4,
  AmdError: 5,
  Pauses: 6,
  Leads: 7,
  Wrap: 8,
} as const;

export function stream(seed: number, day: number, which: number, sub = 0): Xoshiro128 {
  return new Xoshiro128(mixSeed(seed, day, which, sub));
}
