import { test } from 'node:test';
import assert from 'node:assert/strict';
import { causeFromSipStatus, sipStatusForCause, END_CAUSES } from '../src/causes';

test('SIP statuses map to typed causes', () => {
  const cases: Array<[number, string]> = [
    [404, 'invalid_number'],
    [484, 'invalid_number'],
    [604, 'invalid_number'],
    [410, 'invalid_number'],
    [486, 'busy'],
    [600, 'busy'],
    [408, 'no_answer'],
    [480, 'no_answer'],
    [487, 'cancelled'],
    [603, 'rejected'],
    [403, 'rejected'],
    [488, 'rejected'],
    [499, 'rejected'],
    [500, 'network'],
    [503, 'network'],
    [504, 'network'],
    [599, 'network'],
  ];
  for (const [status, cause] of cases) assert.equal(causeFromSipStatus(status), cause, String(status));
});

test('every cause has a reject status that maps back to itself (normal aside)', () => {
  for (const c of END_CAUSES) {
    const s = sipStatusForCause(c);
    assert.ok(s >= 400 && s < 700);
    if (c !== 'normal') assert.equal(causeFromSipStatus(s), c);
  }
});
