import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Router } from '@switchboard/core';
import { FakeClock } from '@switchboard/shared';
import { QueueStats } from '../src/floor/queue-stats';

/** Today's queue figures from the router's own events: service level against the target, abandons, overflow, midnight. */
test('queue stats: answered within the target, answered late, abandoned and overflowed make the service level', () => {
  const clock = new FakeClock(new Date(2026, 11, 6, 10, 0, 0).getTime());
  const router = new Router({ clock, queues: [{ id: 'q1', campaignId: 'c1', maxWaitMs: 60_000 }] });
  router.on('overflow', () => undefined); // the server carries out overflow; nothing to do here
  let changes = 0;
  const stats = new QueueStats(
    clock,
    () => 20_000,
    () => changes++,
  );
  stats.watch(router);
  assert.deepEqual(stats.today('q1'), { answered: 0, answeredWithinTarget: 0, abandoned: 0, overflowed: 0, serviceLevel: null, since: clock.now() });

  const ready = (agentId: string) => router.updateAgent({ agentId, campaignIds: ['c1'], ready: true, idle: true });
  // 1: answered after 5 s (within 20 s).
  router.enqueue({ entryId: 'e1', queueId: 'q1' });
  clock.advance(5_000);
  assert.equal(ready('ann')[0]?.entryId, 'e1');
  router.offerAccepted('e1');
  // 2: answered after 30 s (late).
  router.enqueue({ entryId: 'e2', queueId: 'q1' });
  clock.advance(30_000);
  assert.equal(ready('bob')[0]?.entryId, 'e2');
  router.offerAccepted('e2');
  // 3: the caller hangs up after 10 s.
  router.enqueue({ entryId: 'e3', queueId: 'q1' });
  clock.advance(10_000);
  router.remove('e3');
  // 4: waits the queue's maximum and overflows.
  router.enqueue({ entryId: 'e4', queueId: 'q1' });
  clock.advance(61_000);
  const t = stats.today('q1');
  assert.deepEqual([t.answered, t.answeredWithinTarget, t.abandoned, t.overflowed], [2, 1, 1, 1]);
  assert.equal(t.serviceLevel, 1 / 4, 'one of four calls that left the queue was answered within 20 s');
  assert.equal(changes, 4, 'each departure is announced to the floor');

  // Past midnight: a new day counts from zero, since midnight.
  clock.advance(24 * 3_600_000);
  const next = stats.today('q1');
  assert.deepEqual([next.answered, next.abandoned, next.serviceLevel], [0, 0, null]);
  const d = new Date(clock.now());
  assert.equal(next.since, new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime());
  stats.close();
  router.enqueue({ entryId: 'e5', queueId: 'q1' });
  router.remove('e5');
  assert.equal(stats.today('q1').abandoned, 0, 'closed: no longer listening');
});
