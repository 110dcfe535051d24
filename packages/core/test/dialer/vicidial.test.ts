import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '@switchboard/shared';
import { assertDropTimeout, VICIDIAL_DEFAULTS, VicidialAdaptivePolicy } from '../../src/dialer/index';
import { obs } from './helpers';

const at = (h: number, m = 0) => Date.UTC(2026, 0, 5, h, m, 0);

test("VICIdial defaults are VICIdial's, and its 5 s drop timer breaks the 2-second rule", () => {
  assert.equal(VICIDIAL_DEFAULTS.droppedPercentage, 3);
  assert.equal(VICIDIAL_DEFAULTS.maximumLevel, 3.0);
  assert.equal(VICIDIAL_DEFAULTS.latestServerTime, 2100);
  assert.equal(VICIDIAL_DEFAULTS.intensity, 0);
  assert.equal(VICIDIAL_DEFAULTS.dlDiffTarget, 0);
  assert.throws(() => assertDropTimeout(VICIDIAL_DEFAULTS.dropCallSeconds * 1000));
});

test('dial loop: round(level x (INCALL + READY)) - calls in progress, once per 2.5 s', () => {
  const clock = new FakeClock(at(10));
  const p = new VicidialAdaptivePolicy(clock, { mode: 'HARD_LIMIT' });
  // The first loop also adapts: 1 x (1 + 2/5) = 1.4; goal round(1.4 x (2 ready + 3 in call)) = 7;
  // in progress 1 ringing + 3 talking = 4 -> 3 (the agent in wrap counts for nothing).
  assert.equal(p.decide(obs({ ready: 2, talking: [1, 2, 3], wrap: [4], ringing: [0] })), 3);
  // Within its 2.5 s loop it places nothing.
  clock.advance(1000);
  assert.equal(p.decide(obs({ ready: 2, talking: [1, 2, 3] })), 0);
});

test('adapt: level x (1 + (avg ready - avg waiting) / avg agents), with intensity', () => {
  const clock = new FakeClock(at(10));
  const p = new VicidialAdaptivePolicy(clock, { mode: 'HARD_LIMIT' });
  // First pass samples (ready 2, waiting 0, agents 5) and adapts: 1 x (1 + 2/5) = 1.4.
  p.decide(obs({ ready: 2, talking: [1, 2, 3] }));
  assert.ok(Math.abs(p.dialLevel - 1.4) < 1e-12);
  // Next loop: goal round(1.4 x 5 = 7) - 3 talking = 4.
  clock.advance(2500);
  assert.equal(p.decide(obs({ ready: 2, talking: [1, 2, 3] })), 4);

  const c2 = new FakeClock(at(10));
  const hot = new VicidialAdaptivePolicy(c2, { mode: 'HARD_LIMIT', intensity: 20 });
  // +40% raised by intensity 20: 40 x 1.2 = 48% -> 1.48.
  hot.decide(obs({ ready: 2, talking: [1, 2, 3] }));
  assert.ok(Math.abs(hot.dialLevel - 1.48) < 1e-12);
});

function overToday(p: VicidialAdaptivePolicy): void {
  // 60 calls, 9 reported people and 1 drop (a DROP is human-answered): 10% of answers dropped, over the 3% default.
  for (let i = 0; i < 60; i++) p.observe({ type: 'dialed' });
  for (let i = 0; i < 9; i++) p.observe({ type: 'reported', live: true, answeredAfterMs: 8000 });
  // An agent's machine report is no human answer.
  p.observe({ type: 'reported', live: false, answeredAfterMs: 19_000 });
  p.observe({ type: 'abandoned', answeredAfterMs: 8000, personWeight: 1 });
}

test('drop rules: HARD_LIMIT resets to 1, AVERAGE halves, TAPERED scales by hours left', () => {
  const level = (mode: 'HARD_LIMIT' | 'AVERAGE' | 'TAPERED', h: number, m = 0): number => {
    const clock = new FakeClock(at(h, m));
    const p = new VicidialAdaptivePolicy(clock, { mode, initialLevel: 2.4 });
    overToday(p);
    clock.advance(61_000); // the one-minute rule looks at the last minute only
    p.adapt(clock.now()); // no samples: differential 0, level unchanged before the drop rules
    return p.dialLevel;
  };
  assert.equal(level('HARD_LIMIT', 12), 1);
  assert.ok(Math.abs(level('AVERAGE', 12) - 1.2) < 1e-12);
  // 10:00 -> 2100 - 1001 = 1099 > 1000: rate 1, level kept.
  assert.ok(Math.abs(level('TAPERED', 10) - 2.4) < 1e-12);
  // 12:30 -> 2100 - 1231 = 869 -> x 0.869.
  assert.ok(Math.abs(level('TAPERED', 12, 30) - 2.4 * 0.869) < 1e-12);
  // 19:00 -> 2100 - 1901 = 199 -> 2.4 x 0.199 < 1 -> floored to 1.
  assert.equal(level('TAPERED', 19), 1);
  // 21:30 -> past the latest server time: 1.
  assert.equal(level('TAPERED', 21, 30), 1);
});

test('one-minute rule: more than 20 calls with over half dropped halves the level', () => {
  const clock = new FakeClock(at(10));
  const p = new VicidialAdaptivePolicy(clock, { mode: 'HARD_LIMIT', initialLevel: 3 });
  for (let i = 0; i < 21; i++) p.observe({ type: 'dialed' });
  for (let i = 0; i < 11; i++) p.observe({ type: 'abandoned', answeredAfterMs: 8000, personWeight: 1 });
  for (let i = 0; i < 11; i++) p.observe({ type: 'resolved', kind: 'answered', afterMs: 1, wantsAgent: true });
  // Today: 21 calls, not over 50 -> only the one-minute rule applies: 3 / 2.
  p.adapt(clock.now());
  assert.equal(p.dialLevel, 1.5);
});

test('"today" restarts at midnight', () => {
  const clock = new FakeClock(at(23, 59));
  const p = new VicidialAdaptivePolicy(clock, { mode: 'HARD_LIMIT', initialLevel: 2 });
  overToday(p);
  clock.advance(2 * 60_000);
  p.adapt(clock.now());
  assert.equal(p.dialLevel, 2);
});
