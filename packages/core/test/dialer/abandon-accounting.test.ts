import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AbandonAccounting, AbandonBudgetController, AbandonLedger, AnswerRouter, checkAbandonCap, HOUR_MS, ukAbandonCap } from '../../src/dialer/index';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);

test('ledger: a drop taken for a machine counts as P(person) of a live and of an abandon, with its uncertainty', () => {
  const l = new AbandonLedger();
  // 100 people agents reported, 2 drops taken for people, 3 drops taken for machines at P(person) 0.1 (sd 0.02).
  for (let i = 0; i < 100; i++) l.recordLive(T0, false);
  for (let i = 0; i < 2; i++) l.recordLive(T0, true);
  for (let i = 0; i < 3; i++) l.recordEstimatedDrop(T0 + 60_000, 0.1, 0.02);
  const t = l.tally(T0 + HOUR_MS, 24 * HOUR_MS);
  // live = 100 + 2 + 3 x 0.1 = 102.3; abandoned = 2 + 0.3 = 2.3 (2.248%).
  close(t.live, 102.3, 'live');
  close(t.abandoned, 2.3, 'abandoned');
  // Variance: 3 x 0.1 x 0.9 (person or not) + (3 x 0.02)^2 (P's own error, as if fully correlated) = 0.2736.
  close(t.estimateVariance!, 0.2736, 'variance');
  close(checkAbandonCap(ukAbandonCap(), l, T0 + HOUR_MS).rate, 2.3 / 102.3, 'rate');
  // The estimated drops leave the window with their minute.
  const later = l.tally(T0 + 24 * HOUR_MS + 30_000, 24 * HOUR_MS);
  close(later.live, 0.3, 'live a day later');
  close(later.estimateVariance!, 0.2736, 'variance a day later');
});

/** Agents report 48 people at 8 s, then 50 machines and 2 people at 19 s (100 reports, half machines). */
function trainedRouter(): AnswerRouter {
  const r = new AnswerRouter(2000, 30, 10);
  const call = (ms: number, live: boolean): void => {
    r.observe({ type: 'resolved', kind: 'answered', afterMs: ms, wantsAgent: true });
    r.observe({ type: 'reported', live, answeredAfterMs: ms });
  };
  for (let i = 0; i < 48; i++) call(8000, true);
  for (let i = 0; i < 50; i++) call(19_000, false);
  for (let i = 0; i < 2; i++) call(19_000, true);
  return r;
}

test('accounting: drops counted from the runtime estimator, worked by hand', () => {
  const a = new AbandonAccounting(trainedRouter());
  assert.equal(a.likelyMachine(19_500), true);
  assert.equal(a.likelyMachine(8200), false);
  // Bin 19 s: 50 machines of 52 reports, pulled by 2 pseudo-calls at the overall share 0.5:
  // P(machine) = (50 + 1) / 54, P(person) = 3 / 54 = 0.0556, sd = sqrt(P(1 - P) / (52 + 2 + 1)) = 0.0309.
  const { p, sd } = a.router.personProbability(19_500);
  close(p, 3 / 54, 'P(person | 19 s)');
  close(sd, Math.sqrt(((51 / 54) * (3 / 54)) / 55), 'sd');
  close(a.dropped(T0, 19_500, true), 3 / 54, 'weight');
  // A drop taken for a person counts whole; so does a reported person (no abandon).
  assert.equal(a.dropped(T0, 8200, false), 1);
  a.personReported(T0);
  // A machine AMD called is no live answer.
  a.amdMachine(T0);
  const t = a.ledger.tally(T0 + 60_000, 24 * HOUR_MS);
  close(t.live, 2 + 3 / 54, 'live');
  close(t.abandoned, 1 + 3 / 54, 'abandoned');
  close(t.estimateVariance!, (3 / 54) * (51 / 54) + ((51 / 54) * (3 / 54)) / 55, 'variance');
  assert.equal(t.amdMachines, 1);
});

test('accounting: before enough machines were reported, every drop counts as a person', () => {
  const a = new AbandonAccounting(new AnswerRouter(2000, 30, 10));
  assert.equal(a.likelyMachine(19_500), false);
  assert.deepEqual(a.router.personProbability(19_500), { p: 1, sd: 0 });
  assert.equal(a.dropped(T0, 19_500, true), 1);
});

test('budget: the ledger estimate variance widens the margin', () => {
  const c = new AbandonBudgetController();
  // variance = 1.5 x 0.03 x 0.97 x 500 + 100 = 121.825; cap_eff = 0.03 - 2.326 sqrt(121.825) / 10000 = 0.0274327.
  close(c.capEff(10_000, 500, 100), 0.027432692317, 'capEff');
  const t = { live: 10_000, abandoned: 200 };
  const plain = new AbandonBudgetController({ zInit: 0 }).updateTarget(0, { window24h: t, window30d: t });
  const unsure = new AbandonBudgetController({ zInit: 0 }).updateTarget(0, { window24h: { ...t, estimateVariance: 400 }, window30d: t });
  assert.ok(unsure < plain, `${unsure} < ${plain}`);
});

test('budget: a drop counted at weight w moves z by w of a whole abandon', () => {
  const a = new AbandonBudgetController({ zInit: 0, eta: 0.1 });
  const b = new AbandonBudgetController({ zInit: 0, eta: 0.1 });
  a.onLive(0, true, 0.25);
  b.onLive(0, true);
  // theta starts at the cap (0.03): z += 0.1 x w x (0.03 - 1).
  close(a.z, 0.1 * 0.25 * (0.03 - 1), 'weighted');
  close(b.z, 0.1 * (0.03 - 1), 'whole');
  close(a.livesLastHour(1000), 0.25, 'weighted lives in the hour');
});
