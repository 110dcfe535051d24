import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import { DigitCollector } from '../src/dtmf/digit-collector';

test('collects up to a terminator, which is not kept', async () => {
  const c = new DigitCollector(new FakeClock());
  for (const d of '1234#') c.push(d);
  assert.deepEqual(await c.result, { digits: '1234', reason: 'terminator' });
});

test('stops at maxDigits', async () => {
  const c = new DigitCollector(new FakeClock(), { maxDigits: 3 });
  for (const d of '98765') c.push(d);
  assert.deepEqual(await c.result, { digits: '987', reason: 'max_digits' });
});

test('first-digit and inter-digit timeouts run on the clock', async () => {
  const clock = new FakeClock();
  const a = new DigitCollector(clock, { firstDigitTimeoutMs: 3000, interDigitTimeoutMs: 1000 });
  clock.advance(2999);
  assert.ok(a.active);
  clock.advance(1);
  assert.deepEqual(await a.result, { digits: '', reason: 'timeout' });

  const b = new DigitCollector(clock, { firstDigitTimeoutMs: 3000, interDigitTimeoutMs: 1000 });
  clock.advance(2500);
  b.push('4');
  clock.advance(900);
  b.push('2');
  clock.advance(999);
  assert.ok(b.active);
  clock.advance(1);
  assert.deepEqual(await b.result, { digits: '42', reason: 'timeout' });
  assert.equal(clock.pending, 0);
});

test('a hang-up settles it once', async () => {
  const clock = new FakeClock();
  const c = new DigitCollector(clock);
  c.push('7');
  c.finish('hangup');
  c.finish('cancelled');
  c.push('8');
  assert.deepEqual(await c.result, { digits: '7', reason: 'hangup' });
  assert.equal(clock.pending, 0);
});
