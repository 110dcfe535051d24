import { effectiveTally } from '../abandon-budget';
import { DialerError, DialerErrorCode, requireConfig } from '../errors';
import type { AbandonTally } from '../types';
import { type AbandonLedger, WINDOW_24H_MS, WINDOW_30D_MS } from './abandon-ledger';

/**
 * The abandon cap, per campaign per window.
 * US (FTC TSR 16 CFR 310.4(b)(4), FCC 47 CFR 64.1200(a)(7)): 3% of live answers per 30 days.
 * UK (Ofcom persistent misuse): 3% of live calls per 24 hours, counting an estimate of
 * AMD false positives (people AMD took for machines, whom nobody spoke to) as abandons.
 */
export interface AbandonCapRule {
  readonly region: 'US' | 'UK';
  readonly cap: number;
  readonly windowMs: number;
  /** Share of people AMD takes for machines (UK estimate); 0 when AMD is off. */
  readonly amdFalsePositiveRate: number;
}

export function usAbandonCap(): AbandonCapRule {
  return { region: 'US', cap: 0.03, windowMs: WINDOW_30D_MS, amdFalsePositiveRate: 0 };
}

export function ukAbandonCap(amdFalsePositiveRate = 0): AbandonCapRule {
  requireConfig(amdFalsePositiveRate >= 0 && amdFalsePositiveRate < 1, 'AMD false-positive rate must be in [0, 1)');
  return { region: 'UK', cap: 0.03, windowMs: WINDOW_24H_MS, amdFalsePositiveRate };
}

export interface AbandonCapVerdict {
  readonly ok: boolean;
  readonly rate: number;
  readonly abandoned: number;
  readonly live: number;
}

/** The rate the regulator would compute for a tally under this rule. */
export function abandonRateUnder(rule: AbandonCapRule, tally: AbandonTally): AbandonCapVerdict {
  const t = rule.region === 'UK' ? effectiveTally(tally, rule.amdFalsePositiveRate) : tally;
  const rate = t.live > 0 ? t.abandoned / t.live : 0;
  return { ok: rate <= rule.cap, rate, abandoned: t.abandoned, live: t.live };
}

export function checkAbandonCap(rule: AbandonCapRule, ledger: AbandonLedger, now: number): AbandonCapVerdict {
  return abandonRateUnder(rule, ledger.tally(now, rule.windowMs));
}

export function assertAbandonCap(rule: AbandonCapRule, ledger: AbandonLedger, now: number): void {
  const v = checkAbandonCap(rule, ledger, now);
  if (!v.ok) {
    throw new DialerError(DialerErrorCode.AbandonCapExceeded, `${rule.region} abandon rate ${(v.rate * 100).toFixed(2)}% is over ${rule.cap * 100}%`, { ...v });
  }
}
