import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '@switchboard/shared';
import { AbandonBudgetController, PacingEstimates, SwitchboardPacingPolicy } from '../../src/dialer/index';
import { obs as baseObs } from './helpers';

// A long, clean history: the budget is not the binding constraint in these cases.
const ROOMY = { live: 1_000_000, abandoned: 0 };
const obs = (parts: Parameters<typeof baseObs>[0]) => baseObs({ tallies: { window24h: ROOMY, window30d: ROOMY }, ...parts });

/** A policy whose estimates hold: 40% of calls want an agent at 8 s, the rest resolve at 20 s; talk 100 s; wrap 15 s. */
function warmed(zInit: number): SwitchboardPacingPolicy {
  const p = new SwitchboardPacingPolicy(new FakeClock(), { budget: { zInit } });
  for (let i = 0; i < 100; i++) p.observe({ type: 'resolved', kind: i % 5 < 2 ? 'answered' : 'no-answer', afterMs: i % 5 < 2 ? 8000 : 20000, wantsAgent: i % 5 < 2 });
  for (let i = 0; i < 20; i++) {
    p.observe({ type: 'talk-ended', talkMs: 100_000, live: true });
    p.observe({ type: 'wrap-ended', wrapMs: 15_000 });
  }
  return p;
}

test('estimates: answer rate, chance a ringing call still wants an agent, ring-time quantiles', () => {
  const e = new PacingEstimates();
  for (let i = 0; i < 100; i++) e.addResolution(i % 5 < 2 ? 8000 : 20000, i % 5 < 2);
  assert.equal(e.connectRate(), 0.4);
  assert.equal(e.wantGivenAge(0), 0.4);
  // After 9 s every call that wanted an agent has resolved: none left to want one.
  assert.equal(e.wantGivenAge(9000), 0);
  assert.deepEqual(e.connectDelayQuantiles([0.5]), [8.5]);
});

test('estimates: empirical talk survival, exponential tail past the last 20 calls', () => {
  const e = new PacingEstimates();
  for (let i = 1; i <= 100; i++) e.addTalk(i * 1000);
  const s = e.talkSurvivalTable(200);
  assert.equal(s[0], 1);
  assert.equal(s[50], 0.5);
  assert.ok(s[150]! > 0 && s[150]! < 0.2);
});

test('z = 0 matches expected answers to expected free agents: 2 ready / 0.4 = 5 calls', () => {
  const p = warmed(0);
  assert.equal(p.decide(obs({ ready: 2 })), 5);
  // Five calls ringing at age 0 bring 5 x 0.4 = 2 answers: nothing more to place.
  assert.equal(p.decide(obs({ ready: 2, ringing: [0, 0, 0, 0, 0] })), 0);
});

test('busy agents: one 14 s into a 15 s wrap counts as free, one just starting a 100 s call does not', () => {
  assert.equal(warmed(0).decide(obs({ ready: 1, wrap: [14_000] })), 5);
  assert.equal(warmed(0).decide(obs({ ready: 1, talking: [0] })), 2);
});

test('z < 0 holds back by z standard deviations: floor((2 - 1.0954) / 0.4) = 2', () => {
  // sigma^2 = n0 p (1 - p) = 5 x 0.4 x 0.6 = 1.2.
  assert.equal(warmed(-1).decide(obs({ ready: 2 })), 2);
});

test('a young window (few lives yet) leaves no budget: one call per free agent', () => {
  assert.equal(warmed(0).decide(baseObs({ ready: 2 })), 2);
});

test('until warmed up it dials one per free agent', () => {
  const p = new SwitchboardPacingPolicy(new FakeClock());
  assert.equal(p.decide(obs({ ready: 3, ringing: [0] })), 2);
});

test('controller: target from the window with a one-sided 99% margin, by hand', () => {
  const c = new AbandonBudgetController();
  // cap_eff(1000) = 0.03 - 2.326 sqrt(1.5 x 0.03 x 0.97 / 1000) = 0.0146323
  assert.ok(Math.abs(c.capEff(1000) - 0.0146323) < 1e-6);
  // 24 h window 1000 lives, 10 abandoned; no lives in the last hour -> 30 assumed, and the
  // next 3 hours' 90 lives are left to chance:
  // cap_eff = 0.03 - 2.326 sqrt(1.5 x 0.03 x 0.97 x 90) / 1030 = 0.0255241;
  // spend = (0.0255241 x 1030 - 10) / 30 = 0.543 -> theta = cap_eff.
  const theta = c.updateTarget(0, { window24h: { live: 1000, abandoned: 10 }, window30d: { live: 1000, abandoned: 10 } });
  assert.ok(Math.abs(theta - 0.0255241) < 1e-6);
  // Leaving the whole window to chance gives back the plain bound: cap_eff(1030) = 0.0148576.
  const whole = new AbandonBudgetController({ marginOver: 'window' });
  assert.ok(Math.abs(whole.updateTarget(0, { window24h: { live: 1000, abandoned: 10 }, window30d: { live: 1000, abandoned: 10 } }) - 0.0148576) < 1e-6);
  // Overspent window: 40 abandoned -> spend < 0 -> theta 0, budget exhausted.
  c.updateTarget(0, { window24h: { live: 1000, abandoned: 40 }, window30d: { live: 1000, abandoned: 40 } });
  assert.equal(c.theta, 0);
  assert.ok(c.exhausted);
});

test('controller: Robbins–Monro step z += eta (theta - abandoned)', () => {
  const c = new AbandonBudgetController({ zInit: 0, eta: 0.1 });
  c.updateTarget(0, { window24h: { live: 1_000_000, abandoned: 0 }, window30d: { live: 1_000_000, abandoned: 0 } });
  const theta = c.theta;
  c.onLive(0, false);
  assert.ok(Math.abs(c.z - 0.1 * theta) < 1e-12);
  c.onLive(0, true);
  assert.ok(Math.abs(c.z - (0.1 * theta + 0.1 * (theta - 1))) < 1e-12);
});

test('an exhausted budget caps the policy at one call per free agent', () => {
  const p = warmed(3);
  const over = { live: 1000, abandoned: 60 };
  assert.equal(p.decide(obs({ ready: 2, tallies: { window24h: over, window30d: over } })), 2);
});

test('UK: the AMD false-positive estimate is counted as abandons', () => {
  const plain = new AbandonBudgetController();
  const uk = new AbandonBudgetController({ amdFalsePositiveRate: 0.02 });
  const t = { window24h: { live: 5000, abandoned: 50 }, window30d: { live: 5000, abandoned: 50 } };
  assert.ok(uk.updateTarget(0, t) < plain.updateTarget(0, t) - 0.015);
});

test('controller: AMD false positives are unseen, so their noise is covered over the whole window', () => {
  const c = new AbandonBudgetController({ amdFalsePositiveRate: 0.02 });
  // variance = 1.5 x 0.03 x 0.97 x 500 + 0.02 x 0.98 x 10000 = 217.825;
  // cap_eff = 0.03 - 2.326 sqrt(217.825) / 10000 = 0.0265671.
  assert.ok(Math.abs(c.capEff(10_000, 500) - 0.0265671) < 1e-6);
  assert.ok(c.capEff(10_000, 500) < new AbandonBudgetController().capEff(10_000, 500));
});

/** As warmed(), plus machines: 20% people at 8 s, 20% machines at 19 s (5 s for an agent), the rest no answer at 20 s. */
function warmedWithMachines(): SwitchboardPacingPolicy {
  const p = new SwitchboardPacingPolicy(new FakeClock(), { budget: { zInit: 0 } });
  for (let i = 0; i < 100; i++) {
    const k = i % 5;
    if (k === 0) {
      p.observe({ type: 'resolved', kind: 'answered', afterMs: 8000, wantsAgent: true });
      p.observe({ type: 'reported', live: true, answeredAfterMs: 8000 });
    } else if (k === 1) {
      p.observe({ type: 'resolved', kind: 'answered', afterMs: 19_000, wantsAgent: true });
      p.observe({ type: 'reported', live: false, answeredAfterMs: 19_000 });
    } else p.observe({ type: 'resolved', kind: 'no-answer', afterMs: 20_000, wantsAgent: false });
  }
  for (let i = 0; i < 20; i++) {
    p.observe({ type: 'talk-ended', talkMs: 100_000, live: true });
    p.observe({ type: 'wrap-ended', wrapMs: 15_000 });
    p.observe({ type: 'talk-ended', talkMs: 5000, live: false });
  }
  return p;
}

test('estimates: chance an answer is a machine, by how long it rang (thin bins pulled to the overall share)', () => {
  const e = new PacingEstimates();
  for (let i = 0; i < 100; i++) {
    e.addResolution(i % 2 ? 8000 : 19_000, true);
    e.addReport(i % 2 ? 8000 : 19_000, i % 2 === 0);
  }
  const t = e.machineGivenAnswerTable();
  // 50 people at 8 s, 50 machines at 19 s, 2 pseudo-calls at the 50% share in each bin.
  assert.equal(t[8], 1 / 52);
  assert.equal(t[19], 51 / 52);
  assert.equal(t[12], 0.5);
});

test('a talking agent whose call rang 19 s (a machine, freed in 5 s) counts as free; one whose call rang 8 s does not', () => {
  const talking1s = (answeredAfterMs?: number) => {
    const o = obs({ ready: 0, talking: [1000] });
    return { ...o, agents: [{ activity: 'talking' as const, sinceMs: -1000, answeredAfterMs }] };
  };
  // p = 20% people + half of 20% machines = 0.3 of calls want an agent.
  const machine = warmedWithMachines().decide(talking1s(19_000));
  const person = warmedWithMachines().decide(talking1s(8000));
  const unknown = warmedWithMachines().decide(talking1s(undefined));
  assert.equal(machine, 3); // q ~ 1: floor(1 / 0.3)
  assert.equal(person, 0); // q ~ 0: a 100 s call and a 15 s wrap are not over in 10 s
  assert.ok(unknown > person && unknown < machine, `unknown ring time: the recent mix (${unknown})`);
});

test('after an hour with no decision (a new shift) it forgets how calls resolved and warms up again', () => {
  const clock = new FakeClock();
  const p = new SwitchboardPacingPolicy(clock, { budget: { zInit: 0 } });
  for (let i = 0; i < 100; i++) p.observe({ type: 'resolved', kind: i % 5 < 2 ? 'answered' : 'no-answer', afterMs: i % 5 < 2 ? 8000 : 20000, wantsAgent: i % 5 < 2 });
  for (let i = 0; i < 20; i++) {
    p.observe({ type: 'talk-ended', talkMs: 100_000, live: true });
    p.observe({ type: 'wrap-ended', wrapMs: 15_000 });
  }
  assert.equal(p.decide(obs({ ready: 2 })), 5);
  clock.advance(59 * 60_000);
  assert.equal(p.decide(obs({ ready: 2 })), 5, 'a 59-minute lull keeps the estimates');
  clock.advance(61 * 60_000);
  assert.equal(p.decide(obs({ ready: 2 })), 2, 'next shift: one per free agent');
  assert.equal(p.estimates.resolvedCount, 0);
  assert.equal(p.estimates.talkCount, 20, 'talk and wrap are kept');
  const resolve = (n: number) => {
    for (let i = 0; i < n; i++) p.observe({ type: 'resolved', kind: i % 5 < 2 ? 'answered' : 'no-answer', afterMs: i % 5 < 2 ? 8000 : 20000, wantsAgent: i % 5 < 2 });
  };
  resolve(200);
  clock.advance(60_000);
  assert.equal(p.decide(obs({ ready: 2 })), 2, '200 resolved but only a minute gone');
  clock.advance(60_000);
  assert.equal(p.decide(obs({ ready: 2 })), 5, 'two minutes and 200 resolutions: pacing again');
});

test('after the gap it also waits for 200 resolutions, however long that takes', () => {
  const clock = new FakeClock();
  const p = warmedAt(clock);
  clock.advance(2 * 3_600_000);
  assert.equal(p.decide(obs({ ready: 2 })), 2);
  for (let i = 0; i < 199; i++) p.observe({ type: 'resolved', kind: i % 5 < 2 ? 'answered' : 'no-answer', afterMs: i % 5 < 2 ? 8000 : 20000, wantsAgent: i % 5 < 2 });
  clock.advance(10 * 60_000);
  assert.equal(p.decide(obs({ ready: 2 })), 2, '199 resolutions');
  p.observe({ type: 'resolved', kind: 'no-answer', afterMs: 20000, wantsAgent: false });
  assert.ok(p.decide(obs({ ready: 2 })) > 2);
});

function warmedAt(clock: FakeClock): SwitchboardPacingPolicy {
  const p = new SwitchboardPacingPolicy(clock, { budget: { zInit: 0 } });
  for (let i = 0; i < 100; i++) p.observe({ type: 'resolved', kind: i % 5 < 2 ? 'answered' : 'no-answer', afterMs: i % 5 < 2 ? 8000 : 20000, wantsAgent: i % 5 < 2 });
  for (let i = 0; i < 20; i++) {
    p.observe({ type: 'talk-ended', talkMs: 100_000, live: true });
    p.observe({ type: 'wrap-ended', wrapMs: 15_000 });
  }
  assert.equal(p.decide(obs({ ready: 2 })), 5);
  return p;
}
