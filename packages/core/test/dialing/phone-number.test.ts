import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidPhoneNumberError, dialRegion, normalisePhoneNumber } from '../../src/index';

test('national and international numbers normalise to E.164 in the agent region', () => {
  assert.equal(normalisePhoneNumber('0412 345 678', 'AU').e164, '+61412345678');
  assert.equal(normalisePhoneNumber('(02) 9000-0000', 'AU').e164, '+61290000000');
  assert.equal(normalisePhoneNumber('+61412345678', 'AU').e164, '+61412345678');
  const us = normalisePhoneNumber('+1 202 555 0143', 'AU');
  assert.deepEqual([us.e164, us.country], ['+12025550143', 'US']);
  assert.equal(normalisePhoneNumber('020 7946 0018', 'GB').e164, '+442079460018');
  assert.equal(normalisePhoneNumber('+61412345678', null).display, '+61 412 345 678');
});

test('each kind of bad number gets INVALID_PHONE_NUMBER with its own reason', () => {
  const cases: Array<[string, string | null, string]> = [
    ['', 'AU', 'empty'],
    ['   ', 'AU', 'empty'],
    ['call mum', 'AU', 'not-a-number'],
    ['04+12', 'AU', 'not-a-number'],
    ['12', 'AU', 'too-short'],
    ['000', 'AU', 'too-short'],
    ['0412345678901234', 'AU', 'too-long'],
    ['1'.repeat(41), 'AU', 'too-long'],
    ['+999123456', 'AU', 'unknown-country'],
    ['0412345678', null, 'unknown-country'],
    ['041234', 'AU', 'invalid-for-region'],
    ['+61 1234 5678', 'AU', 'invalid-for-region'],
  ];
  for (const [input, region, reason] of cases) {
    assert.throws(
      () => normalisePhoneNumber(input, region),
      (e: unknown) => e instanceof InvalidPhoneNumberError && e.code === 'INVALID_PHONE_NUMBER' && e.reason === reason && e.details?.reason === reason,
      `${JSON.stringify(input)} in ${region} → ${reason}`,
    );
  }
  assert.throws(() => normalisePhoneNumber(undefined as unknown as string, 'AU'), InvalidPhoneNumberError);
});

test("the agent's region wins, the workspace's is the fallback, unknown regions are skipped", () => {
  assert.equal(dialRegion('GB', 'AU'), 'GB');
  assert.equal(dialRegion(null, 'AU'), 'AU');
  assert.equal(dialRegion('ZZ', 'au'), 'AU');
  assert.equal(dialRegion(null, null), undefined);
});
