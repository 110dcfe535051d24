import type { Xoshiro128 } from './prng';

/** One scheduled pause: which agent, and for how long. */
export interface Pause {
  agent: number;
  durMs: number;
}

/**
 * About one pause an hour per agent (exponential gaps), each 5-15 minutes; an agent
 * on a call pauses when the call is wrapped. Drawn per agent, the same for every policy.
 * `schedule(t, i)` is called for each pause's start, `i` its index in the result.
 */
export function schedulePauses(r: Xoshiro128, n: number, start: number, end: number, schedule: (t: number, i: number) => void): Pause[] {
  const out: Pause[] = [];
  for (let a = 0; a < n; a++) {
    let t = start;
    for (;;) {
      t += -Math.log(r.next()) * 3_600_000;
      const durMs = (5 + 10 * r.next()) * 60_000;
      if (t >= end) break;
      schedule(t, out.length);
      out.push({ agent: a, durMs });
    }
  }
  return out;
}
