import { AbandonAccounting, DAY_MS, type PacingAgentView } from '@switchboard/core';
import { simulateClairvoyantDay } from './clairvoyant';
import { simulateDay, WAIT_HIST_BIN_MS, WAIT_HIST_BINS, type DayResult } from './day';
import { LeadPool } from './leads';
import { makePolicy, ringLimitOf, type PolicySpec } from './policies';
import { guardRuntimeBoundary } from './runtime-boundary';
import { SimClock } from './sim-clock';
import type { Workload } from './workload';

/** Monday 5 January 2026, 09:00 UTC (09:00 in London in winter): the first shift's start. */
export const CAMPAIGN_START = Date.UTC(2026, 0, 5, 9, 0, 0);
export const CAP = 0.03;

export interface CampaignInput {
  workload: Workload;
  policy: PolicySpec;
  /** Consecutive days, one shift each; every day is a replication with its own random streams. */
  days: number;
  seed: number;
  enforceRedialGuard?: boolean;
  /** Check every event and observation the policy gets against the runtime boundary (tests). */
  checkBoundary?: boolean;
}

export interface DaySummary {
  occupancy: number;
  talkMinPerAgentHour: number;
  lives: number;
  abandoned: number;
}

/** Ground-truth figures of one campaign under one policy. */
export interface CampaignResult {
  days: DaySummary[];
  occupancy: number;
  talkMinPerAgentHour: number;
  waitMeanSec: number;
  waitP95Sec: number;
  dialsPerAgentHour: number;
  dialsPerLive: number;
  peakLines: number;
  lives: number;
  abandoned: number;
  /** Abandon rate over the whole campaign: the 30-day block when days = 30. */
  blockRate: number;
  /** Worst trailing 24-hour window, evaluated at every live answer (see README). */
  worst24hRate: number;
  /** Share of trailing 24-hour windows (sampled at every live answer) over the cap. */
  share24hOver: number;
  /** Share of calendar days (each one shift) whose abandon rate is over the cap. */
  shareDaysOver: number;
  breaches72h: number;
  heldByGuard: number;
}

export function runCampaign(inp: CampaignInput): CampaignResult {
  const w = inp.workload;
  const ringLimitMs = ringLimitOf(inp.policy);
  const clock = new SimClock(CAMPAIGN_START);
  const leads = new LeadPool(inp.enforceRedialGuard ?? true);
  const waitHist = new Uint32Array(WAIT_HIST_BINS);
  const accounting = new AbandonAccounting();
  const agentFreeAt = inp.policy.kind === 'switchboard' && inp.policy.foresight ? new WeakMap<PacingAgentView, number>() : undefined;
  const made = inp.policy.kind === 'clairvoyant' ? undefined : makePolicy(inp.policy, clock, w, agentFreeAt);
  const policy = made && inp.checkBoundary ? guardRuntimeBoundary(made) : made;
  const results: DayResult[] = [];
  for (let d = 0; d < inp.days; d++) {
    const dayStart = CAMPAIGN_START + d * DAY_MS;
    const r = policy
      ? simulateDay({
          workload: w,
          seed: inp.seed,
          day: d,
          dayStart,
          policy,
          clock,
          leads,
          waitHist,
          accounting,
          ...(ringLimitMs !== undefined ? { ringLimitMs } : {}),
          ...(agentFreeAt ? { agentFreeAt } : {}),
        })
      : simulateClairvoyantDay(w, inp.seed, d, dayStart);
    results.push(r);
  }
  return summarise(results, w, waitHist, policy ? leads : undefined);
}

function summarise(rs: DayResult[], w: Workload, waitHist: Uint32Array, leads: LeadPool | undefined): CampaignResult {
  let avail = 0,
    talk = 0,
    wrap = 0,
    dials = 0,
    lives = 0,
    ab = 0,
    waitSum = 0,
    waitN = 0,
    peak = 0,
    daysOver = 0;
  const days: DaySummary[] = [];
  for (const r of rs) {
    avail += r.availableMs;
    talk += r.talkMs;
    wrap += r.wrapMs;
    dials += r.dials;
    lives += r.lives;
    ab += r.abandoned;
    waitSum += r.waitSumMs;
    waitN += r.waitCount;
    peak = Math.max(peak, r.peakLines);
    if (r.lives > 0 && r.abandoned / r.lives > CAP) daysOver++;
    days.push({
      occupancy: (r.talkMs + r.wrapMs) / r.availableMs,
      talkMinPerAgentHour: r.talkMs / 60_000 / (r.availableMs / 3_600_000),
      lives: r.lives,
      abandoned: r.abandoned,
    });
  }
  const { worst, shareOver } = rollingWindows(rs);
  const agentHours = avail / 3_600_000;
  return {
    days,
    occupancy: (talk + wrap) / avail,
    talkMinPerAgentHour: talk / 60_000 / agentHours,
    waitMeanSec: waitN ? waitSum / waitN / 1000 : 0,
    waitP95Sec: leads ? histQuantile(waitHist, 0.95) : 0,
    dialsPerAgentHour: dials / agentHours,
    dialsPerLive: lives ? dials / lives : 0,
    peakLines: peak,
    lives,
    abandoned: ab,
    blockRate: lives ? ab / lives : 0,
    worst24hRate: worst,
    share24hOver: shareOver,
    shareDaysOver: rs.length ? daysOver / rs.length : 0,
    breaches72h: leads?.breaches ?? 0,
    heldByGuard: leads?.heldByGuard ?? 0,
  };
}

/**
 * Trailing 24-hour windows (t - 24 h, t], evaluated at every live answer t from the
 * end of the first shift on (before that the campaign is younger than its window and
 * the first shift as a whole stands for it, as the US rule's "campaign life" does).
 */
function rollingWindows(rs: DayResult[]): { worst: number; shareOver: number } {
  const times: number[] = [];
  const flags: boolean[] = [];
  for (const r of rs) {
    for (let i = 0; i < r.liveTimes.length; i++) {
      times.push(r.liveTimes[i]!);
      flags.push(r.liveAbandoned[i]!);
    }
  }
  if (times.length === 0) return { worst: 0, shareOver: 0 };
  const firstEnd = rs[0]!.liveTimes.length - 1;
  let lo = 0,
    live = 0,
    ab = 0,
    worst = 0,
    over = 0,
    count = 0;
  for (let j = 0; j < times.length; j++) {
    live++;
    if (flags[j]) ab++;
    while (times[lo]! <= times[j]! - DAY_MS) {
      live--;
      if (flags[lo]) ab--;
      lo++;
    }
    if (j < firstEnd) continue;
    const rate = ab / live;
    count++;
    if (rate > worst) worst = rate;
    if (rate > CAP) over++;
  }
  return { worst, shareOver: count ? over / count : 0 };
}

function histQuantile(h: Uint32Array, p: number): number {
  let total = 0;
  for (const x of h) total += x;
  if (total === 0) return 0;
  const target = p * total;
  let acc = 0;
  for (let i = 0; i < h.length; i++) {
    acc += h[i]!;
    if (acc >= target) return ((i + 0.5) * WAIT_HIST_BIN_MS) / 1000;
  }
  return (h.length * WAIT_HIST_BIN_MS) / 1000;
}
