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
  for (let i = 0; i < 100; i++) p.observe({ type: 'resolved', kind: i % 5 < 2 ? 'live' : 'no-answer', afterMs: i % 5 < 2 ? 8000 : 20000, wantsAgent: i % 5 < 2 });
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
