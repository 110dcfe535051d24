import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DialerErrorCode, FixedRatioPolicy, ProgressivePolicy, roundHalfEven } from '../../src/dialer/index';
import { obs } from './helpers';

test('progressive: one call per free agent, ringing and waiting calls spoken for', () => {
  const p = new ProgressivePolicy();
  assert.equal(p.decide(obs({ ready: 3, ringing: [1000], talking: [5000] })), 2);
  assert.equal(p.decide(obs({ ready: 1, ringing: [1000, 2000] })), 0);
  assert.equal(p.decide(obs({ ready: 4, waiting: 1 })), 3);
});

test('fixed ratio: round(ratio x ready) - ringing - waiting', () => {
  // 2.5 x 4 = 10 lines, 3 ringing and 1 waiting already: 6 more.
  assert.equal(new FixedRatioPolicy(2.5).decide(obs({ ready: 4, ringing: [0, 0, 0], waiting: 1 })), 6);
  // 1.5 x 1 = 1.5 rounds to 2.
  assert.equal(new FixedRatioPolicy(1.5).decide(obs({ ready: 1 })), 2);
  assert.equal(new FixedRatioPolicy(2).decide(obs({ ready: 0, talking: [1] })), 0);
  assert.throws(
    () => new FixedRatioPolicy(0.5),
    (e: { code: string }) => e.code === DialerErrorCode.BadConfig,
  );
});

test('round half to even, as Perl sprintf("%.0f") does', () => {
  assert.deepEqual([0.5, 1.5, 2.5, 3.5, 2.4, 2.6].map(roundHalfEven), [0, 2, 2, 4, 2, 3]);
});
