import type { DayResult } from './day';
import { Stream, stream } from './prng';
import { drawOutcome, drawRingSec, drawTalkSec, drawWrapSec, type Workload } from './workload';

/**
 * The clairvoyant bound: a dialler that knows every dial's outcome, ring time and
 * talk time, and every agent's future. It walks the same dial sequence (same
 * streams) and, for each agent as it comes free, places the next call that will
 * reach an agent as a person so that the person answers the moment the agent is
 * free (or as soon as the shift allows). Calls that will not be people are dialled
 * too (they count as dials) but timed to land when nobody needs them. Agents never
 * wait except for the very first ring of the day and after a pause; nobody is
 * abandoned except the people AMD (when on) takes for machines. No dialler can
 * give its agents more talk time from the same calls.
 */
export function simulateClairvoyantDay(w: Workload, seed: number, day: number, dayStart: number): DayResult {
  const shiftMs = w.shiftHours * 3_600_000;
  const end = dayStart + shiftMs;
  const rOutcome = stream(seed, day, Stream.Outcome);
  const rRing = stream(seed, day, Stream.Ring);
  const rTalk = stream(seed, day, Stream.Talk);
  const rAmdD = stream(seed, day, Stream.AmdDelay);
  const rAmdE = stream(seed, day, Stream.AmdError);
  const rWrap = stream(seed, day, Stream.Wrap);
  const res: DayResult = {
    availableMs: w.agents * shiftMs,
    talkMs: 0,
    wrapMs: 0,
    machineMs: 0,
    dials: 0,
    lives: 0,
    abandoned: 0,
    amdFalsePositives: 0,
    peakLines: w.agents,
    waitSumMs: 0,
    waitCount: 0,
    liveTimes: [],
    liveAbandoned: [],
  };
  const free = new Float64Array(w.agents).fill(dayStart);
  const pauses = w.pauses ? pauseSchedule(seed, day, w.agents, dayStart, end) : [];
  const nextPause = new Int32Array(w.agents);
  for (;;) {
    let a = 0;
    for (let i = 1; i < w.agents; i++) if (free[i]! < free[a]!) a = i;
    let f = free[a]!;
    if (f >= end) break;
    // A pause that fell due while the agent was busy starts now.
    const list = pauses[a]!;
    if (w.pauses && nextPause[a]! < list.length && list[nextPause[a]!]!.at <= f) {
      const p = list[nextPause[a]!++]!;
      const until = Math.min(end, f + p.durMs);
      res.availableMs -= until - f;
      free[a] = f + p.durMs;
      continue;
    }
    // Next dial that will reach an agent as a person.
    let connectAt = 0;
    let talkSec = 0;
    let wrapSec = 0;
    for (;;) {
      const frac = (f - dayStart) / shiftMs;
      const outcome = drawOutcome(w, frac, rOutcome.next());
      const ring = drawRingSec(w, outcome, rRing.next());
      const talk = drawTalkSec(w, frac, rTalk.next());
      const wrap = drawWrapSec(w, rWrap.next());
      const amdDelay = 2.5 + 2.5 * rAmdD.next();
      const amdU = rAmdE.next();
      res.dials++;
      if (outcome !== 'live') continue;
      // A person who would answer after the ring-out never does: the same cut as simulateDay.
      if (!w.answersAfterRingOut && ring > w.noAnswerTimeoutSec) continue;
      const reach = ring + (w.amd ? amdDelay : 0);
      if (w.amd && amdU < w.amdFalsePositive) {
        res.lives++;
        res.abandoned++;
        res.amdFalsePositives++;
        res.liveTimes.push(Math.max(f, dayStart + reach * 1000));
        res.liveAbandoned.push(true);
        continue;
      }
      connectAt = Math.max(f, dayStart + reach * 1000);
      talkSec = talk;
      wrapSec = wrap;
      break;
    }
    if (connectAt >= end) break;
    res.waitSumMs += connectAt - f;
    res.waitCount++;
    res.lives++;
    res.liveTimes.push(connectAt);
    res.liveAbandoned.push(false);
    const talkEnd = connectAt + talkSec * 1000;
    res.talkMs += Math.min(talkEnd, end) - connectAt;
    const wrapEnd = talkEnd + wrapSec * 1000;
    if (talkEnd < end) res.wrapMs += Math.min(wrapEnd, end) - talkEnd;
    f = wrapEnd;
    free[a] = f;
  }
  return res;
}

/** The same pause schedule the simulator draws (same stream, same order). */
function pauseSchedule(seed: number, day: number, n: number, start: number, end: number): Array<Array<{ at: number; durMs: number }>> {
  const r = stream(seed, day, Stream.Pauses);
  const out: Array<Array<{ at: number; durMs: number }>> = [];
  for (let a = 0; a < n; a++) {
    const list: Array<{ at: number; durMs: number }> = [];
    let t = start;
    for (;;) {
      t += -Math.log(r.next()) * 3_600_000;
      const durMs = (5 + 10 * r.next()) * 60_000;
      if (t >= end) break;
      list.push({ at: t, durMs });
    }
    out.push(list);
  }
  return out;
}
