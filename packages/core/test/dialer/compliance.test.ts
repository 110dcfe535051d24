import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AbandonedRedialGuard,
  AbandonLedger,
  assertAbandonCap,
  assertDropTimeout,
  assertRingTimeout,
  assertWithinCallingHours,
  checkAbandonCap,
  ComplianceGate,
  DAY_MS,
  DialerErrorCode,
  DoNotCallList,
  HOUR_MS,
  isAbandoned,
  mayAbandonRinging,
  ukAbandonCap,
  usAbandonCap,
  withinCallingHours,
} from '../../src/dialer/index';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const code = (c: string) => (e: unknown) => (e as { code?: string }).code === c;

function ledgerWith(live: number, abandoned: number, at = T0): AbandonLedger {
  const l = new AbandonLedger();
  for (let i = 0; i < live; i++) l.recordLive(at, i < abandoned);
  return l;
}

test('US cap: 3 of 100 abandoned in 30 days passes, 4 fails', () => {
  const now = T0 + 10 * DAY_MS;
  assert.equal(checkAbandonCap(usAbandonCap(), ledgerWith(100, 3), now).ok, true);
  assert.equal(checkAbandonCap(usAbandonCap(), ledgerWith(100, 4), now).ok, false);
  assert.throws(() => assertAbandonCap(usAbandonCap(), ledgerWith(100, 4), now), code(DialerErrorCode.AbandonCapExceeded));
});

test('US cap: abandons older than 30 days fall out of the window', () => {
  const l = ledgerWith(100, 10);
  for (let i = 0; i < 100; i++) l.recordLive(T0 + 31 * DAY_MS, false);
  const v = checkAbandonCap(usAbandonCap(), l, T0 + 31 * DAY_MS);
  assert.equal(v.live, 100);
  assert.equal(v.ok, true);
});

test('UK cap: 24-hour window, AMD false-positive estimate counted as abandons', () => {
  const now = T0 + HOUR_MS;
  // 2 of 100: 2% passes without AMD ...
  assert.equal(checkAbandonCap(ukAbandonCap(0), ledgerWith(100, 2), now).ok, true);
  // ... but with a 2% AMD false-positive estimate: fp = 100 x 0.02 / 0.98 = 2.04;
  // (2 + 2.04) / (100 + 2.04) = 3.96% fails.
  const v = checkAbandonCap(ukAbandonCap(0.02), ledgerWith(100, 2), now);
  assert.equal(v.ok, false);
  assert.ok(Math.abs(v.rate - 4.0408 / 102.0408) < 1e-6);
  // Yesterday's abandons are outside today's 24 hours.
  const l = ledgerWith(100, 10);
  for (let i = 0; i < 100; i++) l.recordLive(T0 + 25 * HOUR_MS, false);
  assert.equal(checkAbandonCap(ukAbandonCap(0), l, T0 + 25 * HOUR_MS).ok, true);
  assert.equal(checkAbandonCap(usAbandonCap(), l, T0 + 25 * HOUR_MS).ok, false);
});

test('ledger refuses events out of time order', () => {
  const l = ledgerWith(1, 0, T0 + HOUR_MS);
  assert.throws(() => l.recordLive(T0, false), code(DialerErrorCode.BadConfig));
});

test('2-second rule: connected within 2 s is not abandoned; later, or never, is', () => {
  assert.equal(isAbandoned(T0, T0 + 2000), false);
  assert.equal(isAbandoned(T0, T0 + 2001), true);
  assert.equal(isAbandoned(T0, undefined), true);
  assertDropTimeout(2000);
  assert.throws(() => assertDropTimeout(5000), code(DialerErrorCode.DropTimeoutTooLong));
});

test('ring at least 15 s', () => {
  assertRingTimeout(15_000);
  assert.throws(() => assertRingTimeout(14_999), code(DialerErrorCode.RingTooShort));
  assert.equal(mayAbandonRinging(14_000), false);
  assert.equal(mayAbandonRinging(15_000), true);
});

test('UK 72-hour rule: an abandoned number is not redialled by machine for 72 hours', () => {
  const g = new AbandonedRedialGuard();
  g.markAbandoned('+447700900123', T0);
  assert.equal(g.mayAutoDial('+447700900123', T0 + 72 * HOUR_MS - 1), false);
  assert.throws(() => g.assertMayAutoDial('+447700900123', T0 + 71 * HOUR_MS), code(DialerErrorCode.RedialTooSoon));
  assert.equal(g.mayAutoDial('+447700900123', T0 + 71 * HOUR_MS, true), true, 'a dedicated agent may');
  assert.equal(g.mayAutoDial('+447700900123', T0 + 72 * HOUR_MS), true);
  assert.equal(g.mayAutoDial('+447700900999', T0), true);
});

test('do-not-call list matches numbers however they are written', () => {
  const dnc = new DoNotCallList(['+1 (555) 010-0000']);
  assert.equal(dnc.has('15550100000'), true);
  assert.throws(() => dnc.assertMayDial('+15550100000'), code(DialerErrorCode.DoNotCall));
  dnc.assertMayDial('+15550100001');
});

test("calling hours in the lead's own time zone (08:00-21:00)", () => {
  const winter = Date.UTC(2026, 0, 5, 13, 30); // 08:30 New York, 05:30 Los Angeles
  assert.equal(withinCallingHours(winter, 'America/New_York'), true);
  assert.equal(withinCallingHours(winter, 'America/Los_Angeles'), false);
  const summer = Date.UTC(2026, 6, 2, 1, 30); // 21:30 EDT New York, 18:30 PDT Los Angeles
  assert.equal(withinCallingHours(summer, 'America/New_York'), false);
  assert.equal(withinCallingHours(summer, 'America/Los_Angeles'), true);
  assert.throws(() => assertWithinCallingHours(summer, 'America/New_York'), code(DialerErrorCode.OutsideCallingHours));
});

test('the gate applies all three lead rules', () => {
  const dnc = new DoNotCallList(['+442079460000']);
  const guard = new AbandonedRedialGuard();
  guard.markAbandoned('+442079460001', T0);
  const gate = new ComplianceGate(dnc, guard);
  const noon = Date.UTC(2026, 0, 6, 12, 0);
  assert.deepEqual(gate.check({ number: '+442079460002', timeZone: 'Europe/London' }, noon), { ok: true });
  assert.equal((gate.check({ number: '+442079460000', timeZone: 'Europe/London' }, noon) as { code: string }).code, DialerErrorCode.DoNotCall);
  assert.equal((gate.check({ number: '+442079460001', timeZone: 'Europe/London' }, noon) as { code: string }).code, DialerErrorCode.RedialTooSoon);
  assert.equal((gate.check({ number: '+442079460002', timeZone: 'Australia/Sydney' }, noon) as { code: string }).code, DialerErrorCode.OutsideCallingHours);
});
