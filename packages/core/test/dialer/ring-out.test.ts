import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '@switchboard/shared';
import { AgentReports, DialerError, type RingOutConfig, RingOutPlanner, SwitchboardPacingPolicy } from '../../src/dialer/index';

/** A planner over its own store; `report` feeds the store (as the pacing estimates do). */
const planner = (config: Partial<RingOutConfig> = {}): { p: RingOutPlanner; store: AgentReports } => {
  const store = new AgentReports();
  return { p: new RingOutPlanner(store, config), store };
};
const report = (store: AgentReports, sec: number, live: boolean, times = 1): void => {
  for (let i = 0; i < times; i++) store.add(sec * 1000 + 500, !live);
};

test('ring-out: the first second from 15 s whose reported answers are mostly machines', () => {
  const { p, store } = planner({ exploreEvery: 4 });
  assert.equal(p.current(), undefined, 'no reports: the campaign ring-out');
  report(store, 8, true, 100);
  report(store, 16, true, 10); // people only at 16 s
  report(store, 17, false, 30);
  report(store, 17, true, 2);
  report(store, 18, false, 30);
  // Overall machine share 60 / 172; second 17: (30 + 2 x 0.349) / (32 + 2) = 0.90 > 0.5.
  assert.equal(p.current(), 17_000);
  // Every 4th call rings to the campaign's ring-out, so late answers keep being learnt.
  assert.deepEqual([p.next(), p.next(), p.next(), p.next(), p.next()], [17_000, 17_000, 17_000, undefined, 17_000]);
});

test('ring-out: never under 15 s, and a thin second waits for enough reports', () => {
  const { p, store } = planner({ minBinReports: 10 });
  report(store, 12, false, 50); // machines at 12 s would still ring to 15 s at least
  assert.equal(p.current(), undefined, 'seconds under 15 are never a ring-out');
  report(store, 15, false, 9);
  assert.equal(p.current(), undefined, '9 reports at 15 s are too few');
  report(store, 15, false);
  assert.equal(p.current(), 15_000);
});

test('ring-out: a second where people answer as often as machines keeps ringing; old reports roll out', () => {
  const { p, store } = planner({ window: 40, minBinReports: 5 });
  report(store, 17, true, 10);
  report(store, 17, false, 10);
  assert.equal(p.current(), undefined, 'half machines is not "more likely machines"');
  report(store, 17, false, 30); // the 10 people and 10 of the machines roll out of the 40-report window
  assert.equal(p.current(), 17_000);
});

test('ring-out: config is checked; Switchboard asks it per call and can switch it off', () => {
  assert.throws(() => planner({ exploreEvery: 1 }), DialerError);
  const clock = new FakeClock();
  const on = new SwitchboardPacingPolicy(clock, { ringOut: { exploreEvery: 2, minBinReports: 1 } });
  const off = new SwitchboardPacingPolicy(clock, { ringOut: false });
  for (const pol of [on, off]) pol.observe({ type: 'reported', live: false, answeredAfterMs: 18_200 });
  assert.equal(on.ringOutMs(), 18_000);
  assert.equal(on.ringOutMs(), undefined);
  assert.equal(off.ringOutMs(), undefined);
});

test('ring-out: reads the reports the pacing estimates are fed, over its own longer window', () => {
  const pol = new SwitchboardPacingPolicy(new FakeClock(), { ringOut: { minBinReports: 5 } });
  // 700 reports: the estimates keep the last 600, the ring-out all 700 (window 2000).
  for (let i = 0; i < 100; i++) pol.observe({ type: 'reported', live: false, answeredAfterMs: 18_500 });
  for (let i = 0; i < 600; i++) pol.observe({ type: 'reported', live: true, answeredAfterMs: 8_500 });
  assert.equal(pol.estimates.reportedMachines, 0, "the 100 machines rolled out of the estimates' 600");
  assert.equal(pol.ringOut?.current(), 18_000, 'the ring-out still sees them');
  assert.equal(pol.estimates.reports.capacity, 2000, 'one store, as long as the longest window');
});
