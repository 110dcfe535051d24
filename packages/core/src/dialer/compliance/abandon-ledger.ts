import { requireConfig } from '../errors';
import type { AbandonTally } from '../types';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WINDOW_24H_MS = DAY_MS;
export const WINDOW_30D_MS = 30 * DAY_MS;
const MINUTE_MS = 60_000;

/**
 * The campaign's record of live answers, abandons and AMD machine verdicts,
 * kept as per-minute cumulative counts so any trailing window is two lookups.
 * Windows are measured at one-minute granularity: a window (now - W, now] counts
 * whole minutes. Events must arrive in time order (the runtime's clock).
 */
export class AbandonLedger {
  private origin = -1;
  private readonly cumLive: number[] = [];
  private readonly cumAbandoned: number[] = [];
  private readonly cumAmd: number[] = [];
  /** Bumped on every record, so callers may cache tallies. */
  version = 0;

  recordLive(at: number, abandoned: boolean): void {
    const m = this.extendTo(at);
    this.version++;
    this.cumLive[m]!++;
    if (abandoned) this.cumAbandoned[m]!++;
  }

  recordAmdMachine(at: number): void {
    const m = this.extendTo(at);
    this.version++;
    this.cumAmd[m]!++;
  }

  /** Tally of the trailing window (now - windowMs, now]. */
  tally(now: number, windowMs: number): AbandonTally {
    if (this.origin < 0) return { live: 0, abandoned: 0, amdMachines: 0 };
    const end = this.index(now);
    const start = this.index(now - windowMs);
    return {
      live: this.at(this.cumLive, end) - this.at(this.cumLive, start),
      abandoned: this.at(this.cumAbandoned, end) - this.at(this.cumAbandoned, start),
      amdMachines: this.at(this.cumAmd, end) - this.at(this.cumAmd, start),
    };
  }

  /** Tally since `from` (e.g. local midnight). */
  since(now: number, from: number): AbandonTally {
    return this.tally(now, Math.max(0, now - from));
  }

  private index(t: number): number {
    return Math.floor((t - this.origin) / MINUTE_MS);
  }

  private at(cum: number[], i: number): number {
    if (i < 0) return 0;
    if (i >= cum.length) return cum.length ? cum[cum.length - 1]! : 0;
    return cum[i]!;
  }

  private extendTo(at: number): number {
    if (this.origin < 0) this.origin = Math.floor(at / MINUTE_MS) * MINUTE_MS;
    const m = this.index(at);
    requireConfig(m >= this.cumLive.length - 1, 'ledger events must arrive in time order', { at });
    while (this.cumLive.length <= m) {
      const last = this.cumLive.length - 1;
      this.cumLive.push(last >= 0 ? this.cumLive[last]! : 0);
      this.cumAbandoned.push(last >= 0 ? this.cumAbandoned[last]! : 0);
      this.cumAmd.push(last >= 0 ? this.cumAmd[last]! : 0);
    }
    return m;
  }
}
