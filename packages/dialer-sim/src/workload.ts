import { lognormalParams, normalQuantile } from '@switchboard/core';

/**
 * The workload of dialer.md's fair benchmark. Per dial: live, machine, busy and
 * invalid shares as given; no answer takes the rest (so 10% or 30% live moves
 * calls between live and no-answer). Times to answer: people lognormal mean 8 s,
 * sd 4 s (capped at 30 s); machines uniform 17-23 s; busy/invalid known in 2-4 s;
 * no answer rings to the 20 s timeout, the dialler's ring-out, so whoever would answer
 * later (machines at 20-23 s, people's tail) is a no answer too. Talk lognormal with CV 1. AMD (when on)
 * decides 2.5-5 s after the answer, takes 2% of people for machines (dropped:
 * abandoned) and lets 10% of machines through to agents. An agent who gets a
 * machine spends `machineHandleSec` disposing of it (no wrap). Wrap after a conversation is
 * lognormal with CV 1 (mean 15 s by default), as real wrap varies.
 */
export interface Workload {
  agents: number;
  shiftHours: number;
  talkMeanSec: number;
  talkCv: number;
  /** Mean wrap-up (s); each call's wrap is lognormal with CV `wrapCv` (0: every wrap exactly the mean). */
  wrapSec: number;
  wrapCv: number;
  /** Live share at the start and end of the shift (linear drift between). */
  liveStart: number;
  liveEnd: number;
  machine: number;
  busy: number;
  invalid: number;
  /** The dialler's ring-out: a call not answered by then resolves as no answer. */
  noAnswerTimeoutSec: number;
  /**
   * The first model (sessions before 2026-12-04): calls drawn to answer after the ring-out
   * (machines at 20-23 s, the people's tail) still answered. Kept for comparison only.
   */
  answersAfterRingOut: boolean;
  amd: boolean;
  amdFalsePositive: number;
  amdMachinesThrough: number;
  machineHandleSec: number;
  /** Agents pause about once an hour for 5-15 minutes. */
  pauses: boolean;
  /** Talk mean jumps to this at mid-shift (0: no jump). */
  talkJumpSec: number;
}

export const DEFAULT_WORKLOAD: Workload = {
  agents: 20,
  shiftHours: 8,
  talkMeanSec: 120,
  talkCv: 1,
  wrapSec: 15,
  wrapCv: 1,
  liveStart: 0.2,
  liveEnd: 0.2,
  machine: 0.2,
  busy: 0.05,
  invalid: 0.1,
  noAnswerTimeoutSec: 20,
  answersAfterRingOut: false,
  amd: false,
  amdFalsePositive: 0.02,
  amdMachinesThrough: 0.1,
  machineHandleSec: 5,
  pauses: false,
  talkJumpSec: 0,
};

export type Outcome = 'live' | 'machine' | 'no-answer' | 'busy' | 'invalid';

/** The outcome of a dial placed at `frac` of the way through the shift, from one uniform. */
export function drawOutcome(w: Workload, frac: number, u: number): Outcome {
  const live = w.liveStart + (w.liveEnd - w.liveStart) * frac;
  if (u < live) return 'live';
  if (u < live + w.machine) return 'machine';
  if (u < live + w.machine + w.busy) return 'busy';
  if (u < live + w.machine + w.busy + w.invalid) return 'invalid';
  return 'no-answer';
}

const PERSON = lognormalParams(8, 4);

/** Seconds from dialling to the call's resolution (answer, failure or timeout), from one uniform. */
export function drawRingSec(w: Workload, outcome: Outcome, u: number): number {
  switch (outcome) {
    case 'live':
      return Math.min(30, Math.exp(PERSON.mu + PERSON.sigma * normalQuantile(u)));
    case 'machine':
      return 17 + 6 * u;
    case 'busy':
    case 'invalid':
      return 2 + 2 * u;
    default:
      return w.noAnswerTimeoutSec;
  }
}

/** Talk seconds for a call placed at `frac` of the shift, from one uniform. */
export function drawTalkSec(w: Workload, frac: number, u: number): number {
  const mean = w.talkJumpSec > 0 && frac >= 0.5 ? w.talkJumpSec : w.talkMeanSec;
  const p = lognormalParams(mean, mean * w.talkCv);
  return Math.max(1, Math.exp(p.mu + p.sigma * normalQuantile(u)));
}

/** Wrap-up seconds after a conversation, from one uniform (lognormal, CV `wrapCv`). */
export function drawWrapSec(w: Workload, u: number): number {
  if (w.wrapSec <= 0) return 0;
  if (w.wrapCv <= 0) return w.wrapSec;
  const p = lognormalParams(w.wrapSec, w.wrapSec * w.wrapCv);
  return Math.exp(p.mu + p.sigma * normalQuantile(u));
}
