import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AnswerRouter } from '../../src/dialer/index';

test('answer router: guesses nothing until it has seen enough machines, then by ring time', () => {
  const r = new AnswerRouter(2000, 30, 10);
  const feed = (n: number) => {
    for (let i = 0; i < n; i++) {
      r.observe({ type: 'resolved', kind: 'answered', afterMs: 7000 + (i % 5) * 1000, wantsAgent: true });
      r.observe({ type: 'reported', live: true, answeredAfterMs: 7000 + (i % 5) * 1000 });
      r.observe({ type: 'resolved', kind: 'answered', afterMs: 17_000 + (i % 6) * 1000, wantsAgent: true });
      r.observe({ type: 'reported', live: false, answeredAfterMs: 17_000 + (i % 6) * 1000 });
      r.observe({ type: 'resolved', kind: 'no-answer', afterMs: 20_000, wantsAgent: false });
    }
  };
  feed(20);
  assert.equal(r.likelyMachine(19_000), false, 'only 20 machines seen');
  feed(20);
  assert.equal(r.likelyMachine(19_000), true);
  assert.equal(r.likelyMachine(22_500), true);
  assert.equal(r.likelyMachine(9000), false);
  // A ring time nobody answered at takes the overall share (half machines here): not more likely a machine.
  assert.equal(r.likelyMachine(40_000), false);
  // Events other than resolutions are ignored.
  r.observe({ type: 'talk-ended', talkMs: 1000, live: false });
  assert.equal(r.likelyMachine(19_000), true);
});
