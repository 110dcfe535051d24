import { requireConfig } from './errors';
import { clamp } from './math';
import type { AbandonTally } from './types';

/**
 * The abandon-budget controller. It turns the regulator's cap into a target
 * abandon probability for the next calls, and steers the pacing policy's
 * aggressiveness `z` so the realised abandon probability tracks that target.
 *
 * Target. For each binding window w (UK: 24 h, US: 30 days; default both) with A_w
 * abandons among L_w live answers so far, and L_h lives expected in the next hour:
 *   cap_eff(L) = cap - zc * sqrt(phi * cap * (1 - cap) * H) / L,   L = L_w + L_h
 *     — the rate whose window tally stays under the cap with one-sided confidence
 *       zc (2.326 = 99%), phi allowing for clustered abandons. H is the number of
 *       lives whose abandons are left to chance: with `marginOver` 'next-hours' (the
 *       default) H = marginHours x L_h, because the target is recomputed at every
 *       decision and the spend term below takes back an overrun within the hour, so
 *       only the next hours' noise (and the lag of the estimates behind a drifting
 *       workload) can reach a window's end unanswered; with 'window', H = L (the
 *       whole window left to chance, as if the controller never looked again).
 *       UK: the AMD false positives' own noise is added over the whole window; so is the
 *       ledger's estimate variance (drops taken for machines, counted as P(person | ring
 *       time): whether each was a person, and the error in P itself), which the controller
 *       can never see resolved;
 *   theta_w = (cap_eff(L_w + L_h) * (L_w + L_h) - A_w) / L_h
 *     — what the next hour may spend and still leave the window under cap_eff;
 *   theta = max(0, min over windows of (cap_eff, theta_w)).
 * It never borrows: the target is at most cap_eff, because a rolling window
 * keeps today's abandons when yesterday's good hours roll out of it.
 *
 * Steering (Robbins–Monro): on every live answer, z += eta * (theta - abandoned ? 1 : 0).
 * Its only rest point is P(abandon) = theta, whatever the workload or its drift.
 * When theta falls under `exhaustedBelow`, the budget is spent and the policy
 * must not over-dial (it falls back to one call per free agent).
 */
export interface AbandonBudgetConfig {
  cap: number;
  windows: ReadonlyArray<'24h' | '30d'>;
  confidenceZ: number;
  overdispersion: number;
  eta: number;
  zInit: number;
  zMin: number;
  zMax: number;
  exhaustedBelow: number;
  /** UK: the estimated share of people AMD takes for machines, counted as abandons. */
  amdFalsePositiveRate: number;
  /**
   * Whose noise the margin covers: the lives of the next `marginHours` hours (the
   * controller reacts to overruns; its estimates lag a drifting workload by an hour or
   * two) or the whole window's.
   */
  marginOver: 'next-hours' | 'window';
  marginHours: number;
}

export const ABANDON_BUDGET_DEFAULTS: AbandonBudgetConfig = {
  cap: 0.03,
  windows: ['24h', '30d'],
  confidenceZ: 2.326,
  overdispersion: 1.5,
  eta: 0.1,
  zInit: -1,
  zMin: -4,
  zMax: 3,
  exhaustedBelow: 0.002,
  amdFalsePositiveRate: 0,
  marginOver: 'next-hours',
  marginHours: 3,
};

/** Abandons and lives of a tally, with the UK estimate of AMD false positives added to both. */
export function effectiveTally(t: AbandonTally, amdFalsePositiveRate: number): { abandoned: number; live: number; estimateVariance: number } {
  const estimateVariance = t.estimateVariance ?? 0;
  if (amdFalsePositiveRate <= 0) return { abandoned: t.abandoned, live: t.live, estimateVariance };
  const fp = (t.live * amdFalsePositiveRate) / (1 - amdFalsePositiveRate);
  return { abandoned: t.abandoned + fp, live: t.live + fp, estimateVariance };
}

export class AbandonBudgetController {
  readonly config: AbandonBudgetConfig;
  private zValue: number;
  private thetaValue: number;
  private readonly liveTimes: number[] = [];
  private readonly liveWeights: number[] = [];
  private hourWeight = 0;
  private liveHead = 0;

  constructor(config: Partial<AbandonBudgetConfig> = {}) {
    this.config = { ...ABANDON_BUDGET_DEFAULTS, ...config };
    const c = this.config;
    requireConfig(c.cap > 0 && c.cap < 1, 'cap must be in (0, 1)');
    requireConfig(c.zMin < c.zMax, 'zMin must be below zMax');
    this.zValue = c.zInit;
    this.thetaValue = c.cap;
  }

  get z(): number {
    return this.zValue;
  }
  get theta(): number {
    return this.thetaValue;
  }
  get exhausted(): boolean {
    return this.thetaValue < this.config.exhaustedBelow;
  }

  /**
   * The rate a window of `lives` answers can run at and stay under the cap with confidence,
   * when the abandons of `atRisk` of them (default: all) are left to chance.
   */
  capEff(lives: number, atRisk = lives, estimateVariance = 0): number {
    const c = this.config;
    if (lives <= 0) return 0;
    const h = Math.min(lives, Math.max(0, atRisk));
    // AMD's false positives are never seen (AMD calls them machines): their noise is
    // left to chance over the whole window, whatever the controller does.
    const fp = c.amdFalsePositiveRate;
    const variance = c.overdispersion * c.cap * (1 - c.cap) * h + fp * (1 - fp) * lives + Math.max(0, estimateVariance);
    return c.cap - (c.confidenceZ * Math.sqrt(variance)) / lives;
  }

  /** Lives answered in the hour before `now` (drops counted by their weight). */
  livesLastHour(now: number): number {
    while (this.liveHead < this.liveTimes.length && this.liveTimes[this.liveHead]! <= now - 3_600_000) {
      this.hourWeight -= this.liveWeights[this.liveHead]!;
      this.liveHead++;
    }
    if (this.liveHead > 4096) {
      this.liveTimes.splice(0, this.liveHead);
      this.liveWeights.splice(0, this.liveHead);
      this.liveHead = 0;
    }
    return Math.max(0, this.hourWeight);
  }

  /** Recomputes the target from the windows' tallies. */
  updateTarget(now: number, tallies: { window24h: AbandonTally; window30d: AbandonTally }): number {
    const c = this.config;
    const lh = Math.max(30, this.livesLastHour(now));
    const atRisk = lh * c.marginHours;
    let theta = Infinity;
    for (const w of c.windows) {
      const t = effectiveTally(w === '24h' ? tallies.window24h : tallies.window30d, c.amdFalsePositiveRate);
      const total = t.live + lh;
      const ce = this.capEff(total, c.marginOver === 'window' ? total : atRisk, t.estimateVariance);
      const spend = (ce * total - t.abandoned) / lh;
      theta = Math.min(theta, ce, spend);
    }
    // UK: each person AMD drops is an abandon the pacing cannot avoid; leave room for them.
    if (c.amdFalsePositiveRate > 0) theta -= c.amdFalsePositiveRate / (1 - c.amdFalsePositiveRate);
    this.thetaValue = clamp(theta, 0, c.cap);
    return this.thetaValue;
  }

  /**
   * A live answer was connected (abandoned = false) or abandoned; `weight` < 1 for a drop the
   * runtime took for a machine (its P(person)): the step is scaled by it, so the rest point is
   * the ledger's own (weighted) abandon rate.
   */
  onLive(now: number, abandoned: boolean, weight = 1): void {
    this.liveTimes.push(now);
    this.liveWeights.push(weight);
    this.hourWeight += weight;
    const c = this.config;
    this.zValue = clamp(this.zValue + c.eta * weight * (this.thetaValue - (abandoned ? 1 : 0)), c.zMin, c.zMax);
  }
}
