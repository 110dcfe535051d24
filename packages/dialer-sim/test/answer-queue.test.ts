import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AnswerQueue, type QueuedAnswer } from '../src/answer-queue';

interface C extends QueuedAnswer {
  id: string;
}
const call = (id: string, likelyMachine: boolean): C => ({ id, likelyMachine, waiting: false });

test('answer queue: likely people first, each kind oldest first; calls that left are skipped', () => {
  const q = new AnswerQueue<C>();
  const m1 = call('m1', true);
  const p1 = call('p1', false);
  const m2 = call('m2', true);
  const p2 = call('p2', false);
  for (const c of [m1, p1, m2, p2]) q.push(c);
  assert.ok([m1, p1, m2, p2].every((c) => c.waiting));
  p2.waiting = false; // abandoned at 2 s before an agent came
  assert.equal(q.take()?.id, 'p1');
  assert.equal(p1.waiting, false);
  assert.equal(q.take()?.id, 'm1');
  assert.equal(q.take()?.id, 'm2');
  assert.equal(q.take(), undefined);
  const p3 = call('p3', false);
  q.push(p3);
  assert.equal(q.take()?.id, 'p3');
});
