import type { Clock } from '@switchboard/shared';
import { AbandonBudgetController, type AbandonBudgetConfig } from '../abandon-budget';
import { PacingEstimates } from '../estimators';
import { RingOutPlanner, type RingOutConfig } from '../ring-out';
import type { PacingAgentView, PacingEvent, PacingObservation, PacingPolicy } from '../types';

/**
 * Switchboard's predictive pacing.
 *
 * For a call placed now, a person answers after R seconds (R from the running
 * ring-time distribution of calls that reached the agent queue) and must reach an
 * agent within 2 s. For each busy agent we estimate q = P(free by R + 2):
 *   talking for e s:  the agent is on a conversation (then wrap W) or on a machine
 *                     (no wrap), mixed by their recent shares; each from the empirical
 *                     survival S of recent calls of its kind: 1 - S(e + R + 2 - W) / S(e);
 *   in wrap for e s:  P(wrap <= e + R + 2 | wrap > e), from the empirical survival of recent wraps;
 *   (a conversation's wrap W is taken at five quantiles of the recent wraps);
 * averaged over five quantiles of R. Expected free agents F = ready + sum q; calls
 * already ringing bring L = sum r(age) answers (r from the resolution histograms);
 * waiting answers take agents first. With p the share of calls that want an agent,
 * it places
 *   n = max(ready - ringing - waiting, floor((F - waiting - L + z * sigma) / p)),
 * sigma the standard deviation of (free - answers) (Bernoulli sums). z = 0 matches
 * expected answers to expected free agents; the abandon-budget controller moves z so
 * the abandon probability tracks what the 24-hour and 30-day windows can afford.
 * Each call rings until the answers that would follow are mostly machines (RingOutPlanner,
 * never under 15 s): a machine answer holds an agent and is demand the pacing must dial for.
 */
export interface SwitchboardPacingConfig {
  budget: Partial<AbandonBudgetConfig>;
  /** Dial one per free agent until this many calls have resolved and 10 talks ended. */
  warmup: number;
  /** Never more lines ringing than this many per agent. */
  maxLinesPerAgent: number;
  /** Grace a person may wait for an agent (the 2-second rule). */
  graceMs: number;
  /** How much a machine answer counts as demand for an agent (1: as much as a person). */
  machineWeight: number;
  /** Take the new call's answer delay R from calls people answered (else all that wanted an agent). */
  liveRing: boolean;
  /**
   * Count a ringing call as demand only for its chance of wanting an agent before a new call
   * would be answered (else its chance of ever wanting one); extra seconds past R.
   */
  ringHorizonSlackSec: number | undefined;
  /**
   * After this long without a decision (the next shift), forget how calls resolved and warm
   * up again (`rewarmMs` and `rewarmResolutions`, both): yesterday's last answer rate can be
   * half of this morning's.
   */
  forgetAfterGapMs: number;
  rewarmMs: number;
  rewarmResolutions: number;
  /** Hang up calls still ringing when later answers are mostly machines (RingOutPlanner); false: the campaign's ring-out. */
  ringOut: boolean | Partial<RingOutConfig>;
  name: string;
}

const R_QUANTILES = [0.1, 0.3, 0.5, 0.7, 0.9];
const TALK_TABLE_SEC = 3600;
const WRAP_TABLE_SEC = 600;

export class SwitchboardPacingPolicy implements PacingPolicy {
  readonly name: string;
  readonly estimates = new PacingEstimates();
  readonly controller: AbandonBudgetController;
  readonly ringOut: RingOutPlanner | undefined;
  private readonly config: SwitchboardPacingConfig;
  private ringAt = -Infinity;
  private lastDecideAt = Infinity;
  private rewarmUntil = -Infinity;
  private rewarming = false;
  private tableAt = -Infinity;
  /** Per second talking: q for a conversation, q for a machine, and each one's survival. */
  private talkQLive = new Float64Array(TALK_TABLE_SEC + 1);
  private talkQMach = new Float64Array(TALK_TABLE_SEC + 1);
  private survLive = new Float64Array(TALK_TABLE_SEC + 1);
  private survMach = new Float64Array(TALK_TABLE_SEC + 1);
  /** P(machine | answered after this many seconds), and the share of agent calls that are machines. */
  private machByRing: Float64Array = new Float64Array(61);
  private machShare = 0;
  private wrapQ = new Float64Array(WRAP_TABLE_SEC + 1);
  private ringR: Float64Array = new Float64Array(61);
  private p = 0;
  private rs: number[] = [8];

  constructor(
    private readonly clock: Clock,
    config: Partial<SwitchboardPacingConfig> = {},
  ) {
    this.config = {
      budget: {},
      warmup: 50,
      maxLinesPerAgent: 8,
      graceMs: 2000,
      machineWeight: 0.5,
      liveRing: true,
      ringHorizonSlackSec: 2,
      forgetAfterGapMs: 3_600_000,
      rewarmMs: 120_000,
      rewarmResolutions: 200,
      ringOut: true,
      name: 'switchboard',
      ...config,
    };
    this.controller = new AbandonBudgetController(this.config.budget);
    const ro = this.config.ringOut;
    // The ring-out reads the agents' reports the estimates are fed (one store, its own window).
    this.ringOut = ro === false ? undefined : new RingOutPlanner(this.estimates.reports, ro === true ? {} : ro);
    this.name = this.config.name;
  }

  decide(obs: PacingObservation): number {
    const now = this.clock.now();
    const ready = obs.counts.ready;
    const ringing = obs.ringingSinceMs.length;
    const progressive = Math.max(0, ready - ringing - obs.waiting);
    const est = this.estimates;
    // A new shift (or list) can answer quite differently: learn its answer rate afresh, dialling
    // one per free agent meanwhile. Calls resolve out of order (busy in 3 s, no answer in 20 s), so
    // the first few hundred resolutions over-represent the quick ones: wait for enough of them.
    const cfg = this.config;
    if (now - this.lastDecideAt > cfg.forgetAfterGapMs) {
      est.forgetResolutions();
      this.rewarmUntil = now + cfg.rewarmMs;
      this.rewarming = true;
    }
    this.lastDecideAt = now;
    if (this.rewarming) {
      if (now < this.rewarmUntil || est.resolvedCount < cfg.rewarmResolutions) return progressive;
      this.rewarming = false;
    }
    if (est.resolvedCount < this.config.warmup || est.talkCount < 10) return progressive;
    this.controller.updateTarget(now, obs.tallies);
    this.refreshTables(now);
    const p = this.p;
    if (p <= 0) return progressive;
    let f = ready;
    let v = 0;
    for (const a of obs.agents) {
      if (a.activity === 'ready') continue;
      const q = this.busyAgentQ(a, obs.nowMs);
      f += q;
      v += q * (1 - q);
    }
    let l = 0;
    for (const placed of obs.ringingSinceMs) {
      const r = this.ringR[Math.min(60, Math.floor((obs.nowMs - placed) / 1000))]!;
      l += r;
      v += r * (1 - r);
    }
    const net = f - obs.waiting - l;
    const n0 = Math.max(0, net / p);
    const sigma = Math.sqrt(v + n0 * p * (1 - p));
    let n = Math.floor((net + this.controller.z * sigma) / p);
    // Never below one call per free agent (progressive abandons nobody); never above it
    // once the budget is spent.
    if (this.controller.exhausted) n = Math.min(n, progressive);
    n = Math.max(n, progressive);
    const maxLines = Math.ceil(this.config.maxLinesPerAgent * obs.agents.length);
    return Math.max(0, Math.min(n, maxLines - ringing));
  }

  ringOutMs(): number | undefined {
    return this.ringOut?.next();
  }

  observe(event: PacingEvent): void {
    this.estimates.observe(event);
    const now = this.clock.now();
    // Lives as the runtime knows them: a person an agent reported, and each drop for what the
    // ledger counted it (1, or P(person | ring time) for a drop taken for a machine).
    if (event.type === 'reported' && event.live) this.controller.onLive(now, false);
    else if (event.type === 'abandoned' && event.personWeight > 0) this.controller.onLive(now, true, event.personWeight);
  }

  /** q = P(free by R + 2 s) for an agent talking or in wrap, from the running estimates. */
  protected busyAgentQ(a: PacingAgentView, nowMs: number): number {
    const s = Math.floor((nowMs - a.sinceMs) / 1000);
    return a.activity === 'talking' ? this.talkingQ(Math.min(s, TALK_TABLE_SEC), a.answeredAfterMs) : this.wrapQ[Math.min(s, WRAP_TABLE_SEC)]!;
  }

  /**
   * q for an agent known to be free in exactly `freeInSec` seconds: the share of the answer
   * delays R (the same quantiles as everywhere) with R + 2 s at least that. For studies with
   * an oracle of the agents' future (dialer-sim's foresight policy); the runtime has none.
   */
  protected qForKnownFreeIn(freeInSec: number): number {
    const grace = this.config.graceMs / 1000;
    let k = 0;
    for (const r of this.rs) if (r + grace >= freeInSec) k++;
    return k / this.rs.length;
  }

  /**
   * q for an agent talking for e s: a conversation (wrap follows) or a machine (freed within
   * seconds), weighted by the chance it is a machine — from how long the call rang when that is
   * known (without AMD a late answer is nearly always a machine), else the recent share —
   * updated by the time already spent on it (a machine past its usual few seconds is unlikely).
   */
  private talkingQ(e: number, answeredAfterMs: number | undefined): number {
    const prior = answeredAfterMs === undefined ? this.machShare : this.machByRing[Math.min(60, Math.max(0, Math.floor(answeredAfterMs / 1000)))]!;
    const m = prior * this.survMach[e]!;
    const l = (1 - prior) * this.survLive[e]!;
    if (m + l <= 1e-12) return 1;
    return (m * this.talkQMach[e]! + l * this.talkQLive[e]!) / (m + l);
  }

  /**
   * Rebuilds the lookup tables: the answer rate and ring-age table every 10 s, the
   * busy agents' tables every 5 minutes (talk and wrap fits move slowly).
   */
  private refreshTables(now: number): void {
    const est = this.estimates;
    const cfg = this.config;
    this.p = est.weightedConnectRate(cfg.machineWeight);
    const tablesDue = now - this.tableAt >= 300_000;
    if (tablesDue) this.rs = cfg.liveRing ? est.liveDelayQuantiles(R_QUANTILES) : est.connectDelayQuantiles(R_QUANTILES);
    const rs = this.rs;
    if (tablesDue || now - this.ringAt >= 10_000) {
      this.ringAt = now;
      this.machByRing = est.machineGivenAnswerTable();
      const hMax = 60;
      const within = est.wantWithinTable(cfg.machineWeight, hMax);
      const slack = cfg.ringHorizonSlackSec;
      for (let a = 0; a < within.length; a++) {
        const row = within[a]!;
        if (slack === undefined) this.ringR[a] = row[hMax + 1]!;
        else {
          let d = 0;
          for (const r of rs) d += row[Math.min(hMax, Math.max(0, Math.round(r + slack)))]!;
          this.ringR[a] = d / rs.length;
        }
      }
    }
    if (!tablesDue) return;
    this.tableAt = now;
    const grace = this.config.graceMs / 1000;
    // Wrap varies (lognormal-like, CV about 1): the free time after a conversation is talk + W
    // with W at five quantiles of the recent wraps, and a wrap in progress uses their survival.
    const ws = est.wrapQuantiles(R_QUANTILES);
    const wrapSurv = lookup(est.wrapSurvivalTable(WRAP_TABLE_SEC + 120));
    // A talking agent is on a conversation (wrap W follows: free by h when talk <= e + h - W)
    // or on a machine (no wrap); talkingQ() mixes the two per agent.
    const live = lookup(est.talkSurvivalTable(TALK_TABLE_SEC + 120));
    const mach = lookup(est.talkSurvivalTable(TALK_TABLE_SEC + 120, true));
    this.machShare = est.machineCallShare();
    for (let e = 0; e <= TALK_TABLE_SEC; e++) {
      const sl = live(e);
      const sm = mach(e);
      let ql = 0;
      let qm = 0;
      for (const r of rs) {
        const h = r + grace;
        if (sl > 1e-12) for (const w of ws) ql += Math.max(0, sl - live(e + h - w)) / sl;
        else ql += ws.length;
        qm += sm > 1e-12 ? (sm - mach(e + h)) / sm : 1;
      }
      this.survLive[e] = sl;
      this.survMach[e] = sm;
      this.talkQLive[e] = Math.min(1, Math.max(0, ql / (rs.length * ws.length)));
      this.talkQMach[e] = Math.min(1, Math.max(0, qm / rs.length));
    }
    for (let e = 0; e <= WRAP_TABLE_SEC; e++) {
      const se = wrapSurv(e);
      let q = 0;
      for (const r of rs) q += se > 1e-12 ? (se - wrapSurv(e + r + grace)) / se : 1;
      this.wrapQ[e] = Math.min(1, Math.max(0, q / rs.length));
    }
  }
}

/** Piecewise-linear lookup into a per-second survival table (1 before 0, flat past the end). */
function lookup(table: Float64Array): (x: number) => number {
  const last = table.length - 1;
  return (x) => {
    if (x <= 0) return 1;
    if (x >= last) return table[last]!;
    const i = Math.floor(x);
    return table[i]! + (table[i + 1]! - table[i]!) * (x - i);
  };
}
