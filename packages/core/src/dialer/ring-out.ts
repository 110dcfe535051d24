import { type AgentReports, REPORT_BINS, type ReportWindow } from './agent-reports';
import { MIN_RING_MS } from './compliance/call-timing';
import { requireConfig } from './errors';

const BINS = REPORT_BINS; // ring seconds 0..60, the last holds everything longer

/**
 * How long to let a call ring before hanging up, learnt from what agents report.
 *
 * Without AMD a call answered late is mostly a machine (the workload's machines answer after
 * 17-23 s, people mostly within 15 s): routed to an agent it holds the agent for the seconds it
 * takes to hear a machine, and it counts as demand the pacing must dial for. A call still
 * ringing when the answers that would follow are mostly machines is worth more hung up (a no
 * answer, its lead dialled again later) than answered. So the ring-out is the first ring second
 * s, never under the 15-second minimum, whose reported answers are more likely machines than
 * people (`threshold`), once the second has `minBinReports` reports; before that, the
 * campaign's ring-out (undefined). It reads the agents' reports from the store the pacing
 * estimates are fed (AgentReports), over its own, longer window.
 *
 * Hung-up calls never answer, so the seconds past the ring-out would stop being reported and
 * the estimate would go stale: every `exploreEvery`-th call rings to the campaign's ring-out, so
 * those seconds keep being learnt (from a fixed share of calls, which leaves each second's
 * machine share unbiased).
 */
export interface RingOutConfig {
  /** Every this many placed calls, one rings to the campaign's ring-out (keeps learning late answers). */
  exploreEvery: number;
  /** A ring second's verdict needs this many agents' reports of answers after that long. */
  minBinReports: number;
  /** Hang up at the first second whose P(machine | answered then) is over this. */
  threshold: number;
  /** Newest reports it reads (a rolling window over the shared store). */
  window: number;
}

export const RING_OUT_DEFAULTS: RingOutConfig = { exploreEvery: 20, minBinReports: 10, threshold: 0.5, window: 2000 };

export class RingOutPlanner {
  readonly config: RingOutConfig;
  private readonly reports: ReportWindow;
  private placed = 0;
  private chosen: number | undefined;
  private seenVersion = 0;

  /** `store`: the agents' reports it learns from (fed by whoever observes them, not by the planner). */
  constructor(
    private readonly store: AgentReports,
    config: Partial<RingOutConfig> = {},
  ) {
    this.config = { ...RING_OUT_DEFAULTS, ...config };
    const c = this.config;
    requireConfig(c.exploreEvery >= 2, 'exploreEvery must be at least 2');
    requireConfig(c.window >= 1 && c.minBinReports >= 1, 'window and minBinReports must be positive');
    this.reports = store.window(c.window);
  }

  /** The ring-out (ms) it would give a call now, exploration aside; undefined: the campaign's. */
  current(): number | undefined {
    if (this.seenVersion !== this.store.version) {
      this.seenVersion = this.store.version;
      this.chosen = this.choose();
    }
    return this.chosen;
  }

  /** The ring-out for the call being placed now (ms, at least 15 s), or undefined for the campaign's. */
  next(): number | undefined {
    this.placed++;
    if (this.placed % this.config.exploreEvery === 0) return undefined;
    return this.current();
  }

  private choose(): number | undefined {
    const c = this.config;
    // A thin second is pulled toward the overall share by two pseudo-reports (as the router does).
    const r = this.reports;
    const share = r.machineShare();
    for (let s = Math.ceil(MIN_RING_MS / 1000); s < BINS - 1; s++) {
      const n = r.perSecond[s]!;
      if (n < c.minBinReports) continue;
      if ((r.machinesPerSecond[s]! + 2 * share) / (n + 2) > c.threshold) return s * 1000;
    }
    return undefined;
  }
}
