import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '@switchboard/shared';
import { SwitchboardPacingPolicy, type PacingAgentView, type PacingObservation } from '@switchboard/core';
import { DEFAULT_WORKLOAD, ForesightSwitchboardPolicy, makePolicy, policyLabel, runCampaign } from '../src/index';

const ZERO = { live: 0, abandoned: 0 };
const ROOMY = { live: 1_000_000, abandoned: 0 };

/** Estimates as in core's tests: 40% of calls want an agent at 8 s, the rest resolve at 20 s; talk 100 s; wrap 15 s. */
function warm<P extends SwitchboardPacingPolicy>(p: P): P {
  for (let i = 0; i < 100; i++) p.observe({ type: 'resolved', kind: i % 5 < 2 ? 'answered' : 'no-answer', afterMs: i % 5 < 2 ? 8000 : 20000, wantsAgent: i % 5 < 2 });
  for (let i = 0; i < 20; i++) {
    p.observe({ type: 'talk-ended', talkMs: 100_000, live: true });
    p.observe({ type: 'wrap-ended', wrapMs: 15_000 });
  }
  return p;
}

function observation(agents: PacingAgentView[]): PacingObservation {
  const count = (a: PacingAgentView['activity']): number => agents.filter((x) => x.activity === a).length;
  return {
    nowMs: 0,
    agents,
    counts: { ready: count('ready'), talking: count('talking'), wrap: count('wrap') },
    ringingSinceMs: [],
    waiting: 0,
    tallies: { window24h: ROOMY, window30d: ROOMY, today: ZERO },
  };
}

test('foresight: an agent known to be free in 3 s counts as free; one known busy for 30 s more does not', () => {
  const ready: PacingAgentView = { activity: 'ready', sinceMs: 0 };
  // A call just started: Switchboard's estimate (100 s talks) puts this agent far from free.
  const talker: PacingAgentView = { activity: 'talking', sinceMs: 0 };
  // 14 s into a 15 s wrap: Switchboard counts this agent as free.
  const wrapper: PacingAgentView = { activity: 'wrap', sinceMs: -14_000 };
  const freeAt = new WeakMap<PacingAgentView, number>([
    [talker, 3_000],
    [wrapper, 30_000],
  ]);
  const plain = warm(new SwitchboardPacingPolicy(new FakeClock(), { budget: { zInit: 0 } }));
  const oracle = warm(new ForesightSwitchboardPolicy(new FakeClock(), freeAt, { budget: { zInit: 0 } }));
  // A person answers about 8 s after dialling, + 2 s grace = 10 s: free in 3 s is in time (q = 1),
  // free in 30 s is not (q = 0). With 0.4 of calls wanting an agent: n = floor(F / 0.4).
  assert.equal(plain.decide(observation([ready, talker])), 2); // F = 1 + ~0
  assert.equal(oracle.decide(observation([ready, talker])), 5); // F = 1 + 1
  assert.equal(plain.decide(observation([ready, wrapper])), 5); // F = 1 + 1
  assert.equal(oracle.decide(observation([ready, wrapper])), 2); // F = 1 + 0
});

test('foresight: the simulator feeds the oracle, so the campaign differs from plain Switchboard, deterministically', () => {
  const small = { ...DEFAULT_WORKLOAD, agents: 10, shiftHours: 4, talkMeanSec: 60 };
  const run = (foresight: boolean) => runCampaign({ workload: small, policy: { kind: 'switchboard', foresight }, days: 2, seed: 11 });
  const a = run(true);
  assert.deepEqual(a, run(true));
  assert.notDeepEqual(a, run(false));
  assert.match(policyLabel({ kind: 'switchboard', foresight: true }), /oracle/);
});

test("foresight: refused without the simulator's ground truth", () => {
  assert.throws(() => makePolicy({ kind: 'switchboard', foresight: true }, new FakeClock(), DEFAULT_WORKLOAD), /agentFreeAt/);
});
