import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '@switchboard/shared';
import { DialerError, RingOutPlanner, SwitchboardPacingPolicy } from '../../src/dialer/index';

const report = (p: RingOutPlanner, sec: number, live: boolean, times = 1): void => {
  for (let i = 0; i < times; i++) p.observe({ type: 'reported', live, answeredAfterMs: sec * 1000 + 500 });
};

test('ring-out: the first second from 15 s whose reported answers are mostly machines', () => {
  const p = new RingOutPlanner({ exploreEvery: 4 });
  assert.equal(p.current(), undefined, 'no reports: the campaign ring-out');
  report(p, 8, true, 100);
  report(p, 16, true, 10); // people only at 16 s
  report(p, 17, false, 30);
  report(p, 17, true, 2);
  report(p, 18, false, 30);
  // Overall machine share 60 / 172; second 17: (30 + 2 x 0.349) / (32 + 2) = 0.90 > 0.5.
  assert.equal(p.current(), 17_000);
  // Every 4th call rings to the campaign's ring-out, so late answers keep being learnt.
  assert.deepEqual([p.next(), p.next(), p.next(), p.next(), p.next()], [17_000, 17_000, 17_000, undefined, 17_000]);
});

test('ring-out: never under 15 s, and a thin second waits for enough reports', () => {
  const p = new RingOutPlanner({ minBinReports: 10 });
  report(p, 12, false, 50); // machines at 12 s would still ring to 15 s at least
  assert.equal(p.current(), undefined, 'seconds under 15 are never a ring-out');
  report(p, 15, false, 9);
  assert.equal(p.current(), undefined, '9 reports at 15 s are too few');
  report(p, 15, false);
  assert.equal(p.current(), 15_000);
});

test('ring-out: a second where people answer as often as machines keeps ringing; old reports roll out', () => {
  const p = new RingOutPlanner({ window: 40, minBinReports: 5 });
  report(p, 17, true, 10);
  report(p, 17, false, 10);
  assert.equal(p.current(), undefined, 'half machines is not "more likely machines"');
  report(p, 17, false, 30); // the 10 people and 10 of the machines roll out of the 40-report window
  assert.equal(p.current(), 17_000);
});

test('ring-out: config is checked; Switchboard asks it per call and can switch it off', () => {
  assert.throws(() => new RingOutPlanner({ exploreEvery: 1 }), DialerError);
  const clock = new FakeClock();
  const on = new SwitchboardPacingPolicy(clock, { ringOut: { exploreEvery: 2, minBinReports: 1 } });
  const off = new SwitchboardPacingPolicy(clock, { ringOut: false });
  for (const pol of [on, off]) pol.observe({ type: 'reported', live: false, answeredAfterMs: 18_200 });
  assert.equal(on.ringOutMs(), 18_000);
  assert.equal(on.ringOutMs(), undefined);
  assert.equal(off.ringOutMs(), undefined);
});
