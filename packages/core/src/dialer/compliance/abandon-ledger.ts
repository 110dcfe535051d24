import { requireConfig } from '../errors';
import type { AbandonTally } from '../types';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WINDOW_24H_MS = DAY_MS;
export const WINDOW_30D_MS = 30 * DAY_MS;
const MINUTE_MS = 60_000;

/**
 * The campaign's record of live answers, abandons and AMD machine verdicts, as the runtime
 * knows them, kept as per-minute cumulative counts so any trailing window is two lookups.
 * A drop the runtime could not tell from a machine counts as its estimated chance p of being
 * a person (`recordEstimatedDrop`): p of a live answer and p of an abandon, with the estimate's
 * uncertainty kept beside it (Bernoulli p(1 - p) per drop, plus p's own standard error, summed
 * over the window as if fully correlated and squared). The same class runs in the simulator
 * and on live calls (AbandonAccounting feeds it).
 * Windows are measured at one-minute granularity: a window (now - W, now] counts
 * whole minutes. Events must arrive in time order (the runtime's clock).
 */
export class AbandonLedger {
  private origin = -1;
  private readonly cumLive: number[] = [];
  private readonly cumAbandoned: number[] = [];
  private readonly cumAmd: number[] = [];
  private readonly cumVar: number[] = [];
  private readonly cumSd: number[] = [];
  /** Bumped on every record, so callers may cache tallies. */
  version = 0;

  recordLive(at: number, abandoned: boolean): void {
    const m = this.extendTo(at);
    this.version++;
    this.cumLive[m]!++;
    if (abandoned) this.cumAbandoned[m]!++;
  }

  /**
   * A drop (no agent within 2 s) the runtime took for a machine: it counts as `pPerson` of a
   * live answer and of an abandon; `sd` is the standard error of pPerson.
   */
  recordEstimatedDrop(at: number, pPerson: number, sd: number): void {
    const m = this.extendTo(at);
    this.version++;
    this.cumLive[m]! += pPerson;
    this.cumAbandoned[m]! += pPerson;
    this.cumVar[m]! += pPerson * (1 - pPerson);
    this.cumSd[m]! += sd;
  }

  recordAmdMachine(at: number): void {
    const m = this.extendTo(at);
    this.version++;
    this.cumAmd[m]!++;
  }

  /** Tally of the trailing window (now - windowMs, now]. */
  tally(now: number, windowMs: number): AbandonTally {
    if (this.origin < 0) return { live: 0, abandoned: 0, amdMachines: 0, estimateVariance: 0 };
    const end = this.index(now);
    const start = this.index(now - windowMs);
    const d = (cum: number[]): number => this.at(cum, end) - this.at(cum, start);
    const sdSum = d(this.cumSd);
    return {
      live: d(this.cumLive),
      abandoned: d(this.cumAbandoned),
      amdMachines: d(this.cumAmd),
      estimateVariance: Math.max(0, d(this.cumVar)) + sdSum * sdSum,
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
      this.cumVar.push(last >= 0 ? this.cumVar[last]! : 0);
      this.cumSd.push(last >= 0 ? this.cumSd[last]! : 0);
    }
    return m;
  }
}
