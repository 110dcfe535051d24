import type { AbandonAccounting, PacingAgentView, PacingEvent, PacingObservation, PacingPolicy } from '@switchboard/core';
import { assertRingTimeout, DAY_MS, TWO_SECOND_RULE_MS, WINDOW_24H_MS, WINDOW_30D_MS } from '@switchboard/core';
import { AnswerQueue } from './answer-queue';
import { EventQueue } from './event-queue';
import type { LeadPool } from './leads';
import { schedulePauses } from './pauses';
import { Stream, stream } from './prng';
import type { SimClock } from './sim-clock';
import { SimAgents, St } from './sim-agents';
import { drawOutcome, drawRingSec, drawTalkSec, drawWrapSec, type Outcome, type Workload } from './workload';

const enum Ev {
  Resolve = 1,
  AmdDone,
  WaitTimeout,
  TalkDone,
  WrapDone,
  Report,
  PauseStart,
  PauseEnd,
  Tick,
  End,
}

const DIALED = { type: 'dialed' } as const;

/** Decisions happen on the policy's cadence (default this) and whenever an agent becomes ready. */
export const TICK_MS = 1000;
export const WAIT_HIST_BIN_MS = 100;
export const WAIT_HIST_BINS = 36_000;

interface Call {
  id: number;
  lead: number;
  placedAt: number;
  outcome: Outcome;
  talkSec: number;
  wrapSec: number;
  amdDelaySec: number;
  amdU: number;
  answeredAt: number;
  waiting: boolean;
  likelyMachine: boolean;
  ringIdx: number;
}

/** What one simulated shift measured (ground truth, not what the runtime knew). */
export interface DayResult {
  availableMs: number;
  talkMs: number;
  wrapMs: number;
  machineMs: number;
  dials: number;
  lives: number;
  abandoned: number;
  amdFalsePositives: number;
  peakLines: number;
  waitSumMs: number;
  waitCount: number;
  /** Times (ms) of every live answer's fate, and whether it was abandoned. */
  liveTimes: number[];
  liveAbandoned: boolean[];
}

export interface DayInput {
  workload: Workload;
  seed: number;
  day: number;
  dayStart: number;
  policy: PacingPolicy;
  clock: SimClock;
  leads: LeadPool;
  waitHist: Uint32Array;
  /**
   * The runtime's abandon accounting (core's, as on live calls): its router guesses from the ring
   * time which answers are machines (routes people first), its ledger gives the policy its
   * tallies. It is fed only what the runtime observes; the ground truth goes to DayResult only.
   */
  accounting: AbandonAccounting;
  /**
   * The dialler's ring-out (ms, >= 15 s) when it differs from the workload's no-answer
   * timeout: a call still unanswered then resolves as no answer at that moment.
   */
  ringLimitMs?: number;
  /**
   * SIMULATION ONLY (an oracle for ForesightSwitchboardPolicy): filled with the instant each
   * busy agent's view will be free again, from the drawn talk time.
   */
  agentFreeAt?: WeakMap<PacingAgentView, number>;
}

/** Simulates one shift of one campaign under one policy. */
export function simulateDay(inp: DayInput): DayResult {
  const { workload: w, policy, clock, accounting, leads, dayStart } = inp;
  const ledger = accounting.ledger;
  const shiftMs = w.shiftHours * 3_600_000;
  const end = dayStart + shiftMs;
  // The dialler gives up at its ring-out: whoever would have answered later never does
  // (unless the workload keeps the first model's late answers, for comparison).
  const ringOutMs = inp.ringLimitMs ?? w.noAnswerTimeoutSec * 1000;
  assertRingTimeout(ringOutMs);
  const cutLateAnswers = inp.ringLimitMs !== undefined || !w.answersAfterRingOut;
  const tick = policy.cadenceMs ?? TICK_MS;
  const rOutcome = stream(inp.seed, inp.day, Stream.Outcome);
  const rRing = stream(inp.seed, inp.day, Stream.Ring);
  const rTalk = stream(inp.seed, inp.day, Stream.Talk);
  const rAmdD = stream(inp.seed, inp.day, Stream.AmdDelay);
  const rAmdE = stream(inp.seed, inp.day, Stream.AmdError);
  const rWrap = stream(inp.seed, inp.day, Stream.Wrap);
  const q = new EventQueue();
  const n = w.agents;
  const agents = new SimAgents(n, dayStart);
  const { st, since, pausePending, pausedAt, views, counts } = agents;
  const setState = (a: number, s: St, t: number): void => agents.set(a, s, t);
  const agentCall: Array<Call | undefined> = new Array(n);
  const ready: number[] = [];
  const calls: Call[] = [];
  const ringing: Call[] = [];
  const waiting = new AnswerQueue<Call>();
  let waitingLive = 0;
  let waitingMachine = 0;
  let busy = 0;
  const res: DayResult = {
    availableMs: n * shiftMs,
    talkMs: 0,
    wrapMs: 0,
    machineMs: 0,
    dials: 0,
    lives: 0,
    abandoned: 0,
    amdFalsePositives: 0,
    peakLines: 0,
    waitSumMs: 0,
    waitCount: 0,
    liveTimes: [],
    liveAbandoned: [],
  };
  for (let a = 0; a < n; a++) ready.push(a);
  const pauses = w.pauses ? schedulePauses(stream(inp.seed, inp.day, Stream.Pauses), n, dayStart, end, (t, i) => q.push(t, Ev.PauseStart, i)) : [];
  q.push(dayStart, Ev.Tick, 0);
  q.push(end, Ev.End, 0);

  const frac = (t: number): number => (t - dayStart) / shiftMs;
  const removeRinging = (c: Call): void => {
    const last = ringing.pop()!;
    const lastSince = ringSince.pop()!;
    if (last !== c) {
      ringing[c.ringIdx] = last;
      ringSince[c.ringIdx] = lastSince;
      last.ringIdx = c.ringIdx;
    }
  };
  const recordLive = (t: number, abandoned: boolean): void => {
    res.lives++;
    if (abandoned) res.abandoned++;
    res.liveTimes.push(t);
    res.liveAbandoned.push(abandoned);
  };
  const connect = (a: number, c: Call, t: number): void => {
    const waited = t - since[a]!;
    res.waitSumMs += waited;
    res.waitCount++;
    inp.waitHist[Math.min(WAIT_HIST_BINS - 1, Math.floor(waited / WAIT_HIST_BIN_MS))]!++;
    agentCall[a] = c;
    busy++;
    policy.observe({ type: 'connected', waitMs: t - c.answeredAt, answeredAfterMs: c.answeredAt - c.placedAt });
    const view = views[a]!;
    if (c.outcome === 'live') {
      setState(a, St.Talking, t);
      view.answeredAfterMs = c.answeredAt - c.placedAt;
      inp.agentFreeAt?.set(view, t + (c.talkSec + c.wrapSec) * 1000);
      recordLive(t, false);
      // The runtime learns it was a person when the agent has not reported a machine within the
      // time a machine takes to handle (the agent's report on a machine comes at its end).
      q.push(t + w.machineHandleSec * 1000, Ev.Report, c.id);
      leads.onDone(c.lead);
      q.push(t + c.talkSec * 1000, Ev.TalkDone, a);
    } else {
      setState(a, St.Machine, t);
      view.answeredAfterMs = c.answeredAt - c.placedAt;
      inp.agentFreeAt?.set(view, t + w.machineHandleSec * 1000);
      q.push(t + w.machineHandleSec * 1000, Ev.TalkDone, a);
    }
  };
  const offer = (c: Call, t: number): void => {
    c.answeredAt = t;
    if (ready.length > 0) connect(ready.shift()!, c, t);
    else {
      c.likelyMachine = accounting.likelyMachine(t - c.placedAt);
      waiting.push(c);
      if (c.outcome === 'live') waitingLive++;
      else waitingMachine++;
      q.push(t + TWO_SECOND_RULE_MS, Ev.WaitTimeout, c.id);
    }
  };
  const agentFree = (a: number, t: number): boolean => {
    agentCall[a] = undefined;
    if (pausePending[a]! > 0) {
      setState(a, St.Paused, t);
      pausedAt[a] = t;
      q.push(t + pausePending[a]!, Ev.PauseEnd, a);
      pausePending[a] = 0;
      return false;
    }
    setState(a, St.Ready, t);
    const c = waiting.take();
    if (c) {
      if (c.outcome === 'live') waitingLive--;
      else waitingMachine--;
      connect(a, c, t);
      return false;
    }
    ready.push(a);
    return true;
  };
  const place = (t: number, count: number): void => {
    for (let i = 0; i < count; i++) {
      const f = frac(t);
      const outcome = drawOutcome(w, f, rOutcome.next());
      const ringSec = drawRingSec(w, outcome, rRing.next());
      const c: Call = {
        id: calls.length,
        lead: leads.next(t),
        placedAt: t,
        outcome,
        talkSec: drawTalkSec(w, f, rTalk.next()),
        wrapSec: drawWrapSec(w, rWrap.next()),
        amdDelaySec: 2.5 + 2.5 * rAmdD.next(),
        amdU: rAmdE.next(),
        answeredAt: 0,
        waiting: false,
        likelyMachine: false,
        ringIdx: ringing.length,
      };
      // Every draw above is taken whatever the ring-out (common random numbers); the
      // ring-out only cuts the ringing. The policy may hang up sooner (never under 15 s).
      const own = policy.ringOutMs?.();
      if (own !== undefined) assertRingTimeout(own);
      const out = own !== undefined && own < ringOutMs ? own : ringOutMs;
      let ringMs = ringSec * 1000;
      if (c.outcome === 'no-answer' || ((cutLateAnswers || out < ringOutMs) && ringMs > out)) {
        c.outcome = 'no-answer';
        ringMs = out;
      }
      calls.push(c);
      ringing.push(c);
      ringSince.push(t);
      res.dials++;
      policy.observe(DIALED);
      q.push(t + ringMs, Ev.Resolve, c.id);
    }
    const lines = ringing.length + waitingLive + waitingMachine + busy;
    if (lines > res.peakLines) res.peakLines = lines;
  };
  const ringSince: number[] = [];
  let talliesVersion = -1;
  let talliesMinute = -1;
  let tallies: PacingObservation['tallies'] = { window24h: { live: 0, abandoned: 0 }, window30d: { live: 0, abandoned: 0 }, today: { live: 0, abandoned: 0 } };
  const decide = (t: number): void => {
    const minute = Math.floor(t / 60_000);
    if (ledger.version !== talliesVersion || minute !== talliesMinute) {
      talliesVersion = ledger.version;
      talliesMinute = minute;
      tallies = {
        window24h: ledger.tally(t, WINDOW_24H_MS),
        window30d: ledger.tally(t, WINDOW_30D_MS),
        today: ledger.since(t, dayStart - (dayStart % DAY_MS)),
      };
    }
    const obs: PacingObservation = { nowMs: t, agents: agents.observed(), counts, ringingSinceMs: ringSince, waiting: waitingLive + waitingMachine, tallies };
    const k = policy.decide(obs);
    if (k > 0) place(t, k);
  };
  // The policy and the runtime's router both learn from how calls resolve and what agents report.
  const runtimeEvent = (e: PacingEvent): void => {
    policy.observe(e);
    accounting.observe(e);
  };
  const reported = (c: Call, live: boolean): void => runtimeEvent({ type: 'reported', live, answeredAfterMs: c.answeredAt - c.placedAt });
  const toAgent = (c: Call, t: number): void => {
    runtimeEvent({ type: 'resolved', kind: 'answered', afterMs: t - c.placedAt, wantsAgent: true });
    offer(c, t);
  };

  for (;;) {
    q.pop();
    const t = q.lastTime;
    const id = q.lastId;
    clock.t = t;
    let wantDecide = false;
    switch (q.lastKind as Ev) {
      case Ev.End: {
        for (let a = 0; a < n; a++) {
          const s = st[a]!;
          if (s === St.Talking) res.talkMs += t - since[a]!;
          else if (s === St.Wrap) res.wrapMs += t - since[a]!;
          else if (s === St.Machine) res.machineMs += t - since[a]!;
          else if (s === St.Paused) res.availableMs -= t - pausedAt[a]!;
        }
        return res;
      }
      case Ev.Tick:
        q.push(t + tick, Ev.Tick, 0);
        wantDecide = true;
        break;
      case Ev.Resolve: {
        const c = calls[id]!;
        if (c.outcome === 'live' || c.outcome === 'machine') {
          if (w.amd) q.push(t + c.amdDelaySec * 1000, Ev.AmdDone, id);
          else {
            removeRinging(c);
            toAgent(c, t);
          }
        } else {
          removeRinging(c);
          const kind = c.outcome === 'busy' || c.outcome === 'invalid' ? c.outcome : 'no-answer';
          runtimeEvent({ type: 'resolved', kind, afterMs: t - c.placedAt, wantsAgent: false });
          leads.onNoAnswer(c.lead, t);
        }
        break;
      }
      case Ev.AmdDone: {
        const c = calls[id]!;
        removeRinging(c);
        const through = c.outcome === 'live' ? c.amdU >= w.amdFalsePositive : c.amdU < w.amdMachinesThrough;
        if (through) toAgent(c, t);
        else {
          runtimeEvent({ type: 'resolved', kind: 'amd-machine', afterMs: t - c.placedAt, wantsAgent: false });
          accounting.amdMachine(t);
          if (c.outcome === 'live') {
            res.amdFalsePositives++;
            recordLive(t, true);
          }
          leads.onDone(c.lead);
        }
        break;
      }
      case Ev.WaitTimeout: {
        const c = calls[id]!;
        if (!c.waiting) break;
        c.waiting = false;
        // Ground truth (scoring only): was it a person?
        const live = c.outcome === 'live';
        if (live) {
          waitingLive--;
          recordLive(t, true);
        } else waitingMachine--;
        // The runtime cannot tell: it holds every dropped number for 72 hours and counts the drop
        // as its routing guess says (a person, or P(person | ring time)).
        leads.onAbandoned(c.lead, t, live);
        const answeredAfterMs = c.answeredAt - c.placedAt;
        const personWeight = accounting.dropped(t, answeredAfterMs, c.likelyMachine);
        policy.observe({ type: 'abandoned', answeredAfterMs, personWeight });
        break;
      }
      case Ev.Report: {
        const c = calls[id]!;
        accounting.personReported(t);
        reported(c, true);
        break;
      }
      case Ev.TalkDone: {
        const a = id;
        busy--;
        if (st[a] === St.Talking) {
          const talk = t - since[a]!;
          res.talkMs += talk;
          policy.observe({ type: 'talk-ended', talkMs: talk, live: true });
          setState(a, St.Wrap, t);
          q.push(t + agentCall[a]!.wrapSec * 1000, Ev.WrapDone, a);
        } else {
          res.machineMs += t - since[a]!;
          reported(agentCall[a]!, false);
          policy.observe({ type: 'talk-ended', talkMs: t - since[a]!, live: false });
          wantDecide = agentFree(a, t);
        }
        break;
      }
      case Ev.WrapDone: {
        res.wrapMs += t - since[id]!;
        policy.observe({ type: 'wrap-ended', wrapMs: t - since[id]! });
        wantDecide = agentFree(id, t);
        break;
      }
      case Ev.PauseStart: {
        const { agent: a, durMs } = pauses[id]!;
        if (st[a] === St.Ready) {
          ready.splice(ready.indexOf(a), 1);
          setState(a, St.Paused, t);
          pausedAt[a] = t;
          q.push(t + durMs, Ev.PauseEnd, a);
        } else if (st[a] !== St.Paused) pausePending[a] = durMs;
        break;
      }
      case Ev.PauseEnd:
        res.availableMs -= t - pausedAt[id]!;
        wantDecide = agentFree(id, t);
        break;
    }
    if (wantDecide && t < end) decide(t);
  }
}
