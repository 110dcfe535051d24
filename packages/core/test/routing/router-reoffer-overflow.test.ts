import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import {
  DEFAULT_REOFFER_AFTER_MS,
  QueueJourney,
  Router,
  WorkflowRunner,
  overflowStep,
  routingQueues,
  type RoutingOffer,
  type RoutingOverflow,
  type RoutingQueue,
  type WorkflowConfig,
} from '../../src/index';

/**
 * Issue 14.1: a missed offer keeps the call away from that agent only for the
 * queue's reoffer time (or until she is back and no one else is free), and a
 * queue's maximum wait hands the call to its overflow action, keeping its place.
 */
function setup(
  queues: RoutingQueue[] = [
    { id: 'care', campaignId: 'c', reofferAfterMs: 10_000 },
    { id: 'spill', campaignId: 'c' },
  ],
) {
  const clock = new FakeClock();
  const router = new Router({ clock, queues });
  const offers: RoutingOffer[] = [];
  const overflows: RoutingOverflow[] = [];
  router.on('offer', (o) => offers.push(o));
  router.on('overflow', (o) => overflows.push(o));
  const ready = (agentId: string) => router.updateAgent({ agentId, campaignIds: ['c'], ready: true });
  const paused = (agentId: string) => router.updateAgent({ agentId, campaignIds: ['c'], ready: false });
  return { clock, router, offers, overflows, ready, paused };
}

test('the only agent who missed a call is offered it again when she is back (no one else free)', () => {
  const { router, ready, paused } = setup();
  ready('alice');
  assert.equal(router.enqueue({ entryId: 'c1', queueId: 'care' })[0]!.agentId, 'alice');
  // Rang out: the server auto-pauses her before returning the call.
  paused('alice');
  assert.deepEqual(router.offerFailed('c1', 'missed'), []);
  // She comes back a second later: she is the only one free, so the caller does not wait for ever.
  const [o] = ready('alice');
  assert.deepEqual([o?.entryId, o?.agentId], ['c1', 'alice']);
});

test('while someone else is free the call goes to them, not back to the agent who missed it', () => {
  const { router, ready } = setup();
  ready('bob');
  router.enqueue({ entryId: 'c0', queueId: 'care' });
  router.offerAccepted('c0');
  ready('alice');
  router.enqueue({ entryId: 'c1', queueId: 'care' });
  // Reported ready while it rang (no pause): she stays in line but is not rung again at once.
  ready('alice');
  assert.deepEqual(router.offerFailed('c1', 'missed'), []);
  assert.equal(router.stats('care').waiting, 1);
  // Bob is free again: the call goes to him rather than waiting for her reoffer time.
  const [o] = ready('bob');
  assert.deepEqual([o?.entryId, o?.agentId], ['c1', 'bob']);
});

test('an agent ready all along (no pause) is not rung again at once, only after the reoffer time', () => {
  const { clock, router, offers, ready } = setup();
  ready('alice');
  router.enqueue({ entryId: 'c1', queueId: 'care' });
  // A ready report while it rang (no auto-pause in this path): the offer fails and she is relisted.
  ready('alice');
  assert.deepEqual(router.offerFailed('c1', 'declined'), [], 'no ping-pong of the same call');
  clock.advance(9_000);
  assert.equal(offers.length, 1);
  clock.advance(1_000);
  assert.deepEqual(
    offers.map((o) => o.agentId),
    ['alice', 'alice'],
  );
  assert.equal(offers[1]!.waitedMs, 10_000);
});

test('the router default reoffer time applies to queues that set none', () => {
  const { clock, router, offers, ready } = setup();
  ready('alice');
  router.enqueue({ entryId: 'c1', queueId: 'spill' });
  ready('alice');
  router.offerFailed('c1', 'missed');
  clock.advance(DEFAULT_REOFFER_AFTER_MS - 1);
  assert.equal(offers.length, 1);
  clock.advance(1);
  assert.equal(offers.length, 2);
});

test('max wait: the call leaves the queue with its arrival; moved to another queue it keeps its place and enqueue time', () => {
  const { clock, router, overflows, ready } = setup([
    { id: 'care', campaignId: 'c', maxWaitMs: 60_000 },
    { id: 'spill', campaignId: 'c', maxWaitMs: 90_000 },
  ]);
  router.enqueue({ entryId: 'old', queueId: 'care', priority: 5 });
  clock.advance(10_000);
  router.enqueue({ entryId: 'newer', queueId: 'spill', priority: 5 });
  clock.advance(50_000);
  assert.equal(overflows.length, 1);
  const ov = overflows[0]!;
  assert.deepEqual([ov.entryId, ov.queueId, ov.waitedMs], ['old', 'care', 60_000]);
  assert.equal(router.has('old'), false);
  assert.equal(router.stats('care').waiting, 0);
  // The server moves it to 'spill' (overflow action "queue"): ahead of the call that came later.
  router.enqueue({ entryId: 'old', queueId: 'spill', arrival: ov.arrival, maxWait: false });
  assert.deepEqual(router.stats('spill'), { queueId: 'spill', waiting: 2, longestWaitMs: 60_000, offered: 0 });
  const [o] = ready('alice');
  assert.deepEqual([o!.entryId, o!.waitedMs], ['old', 60_000], 'original position and wait are kept');
  // 'newer' overflows from spill after 90 s there; 'old' never does again (maxWait: false).
  router.offerFailed('old', 'declined');
  clock.advance(39_999);
  assert.deepEqual(
    overflows.map((x) => x.entryId),
    ['old'],
  );
  clock.advance(1);
  assert.deepEqual(
    overflows.map((x) => x.entryId),
    ['old', 'newer'],
  );
  clock.advance(600_000);
  assert.equal(overflows.length, 2);
});

test('max wait while an agent rings: the call stays with her; it overflows only if she does not answer', () => {
  const { clock, router, overflows, ready, paused } = setup([{ id: 'care', campaignId: 'c', maxWaitMs: 5_000 }]);
  router.enqueue({ entryId: 'c1', queueId: 'care' });
  clock.advance(4_000);
  ready('alice');
  clock.advance(2_000);
  assert.equal(overflows.length, 0, 'not while ringing');
  paused('alice');
  assert.deepEqual(router.offerFailed('c1', 'missed'), []);
  assert.deepEqual(
    overflows.map((x) => [x.entryId, x.waitedMs]),
    [['c1', 6_000]],
  );
  // An answered call never overflows.
  router.enqueue({ entryId: 'c2', queueId: 'care' });
  ready('alice');
  router.offerAccepted('c2');
  clock.advance(10_000);
  assert.equal(overflows.length, 1);
  // A caller who hangs up leaves no timer behind.
  router.enqueue({ entryId: 'c3', queueId: 'care' });
  router.remove('c3');
  clock.advance(10_000);
  assert.equal(overflows.length, 1);
});

test('overflow steps from the workspace: another queue, a workflow, a callback offer and a message run by the workflow runner; a journey keeps the arrival and overflows once per queue', () => {
  const base = { name: 'Q', campaignId: 'c' };
  const ws = {
    queues: [
      { ...base, id: 'a', maxWaitSeconds: 60, overflow: { type: 'queue' as const, queueId: 'b' }, reofferAfterSeconds: 5 },
      { ...base, id: 'b', maxWaitSeconds: 60, overflow: { type: 'callback' as const, prompt: 'offer.wav', confirm: 'thanks.wav' } },
      { ...base, id: 'm', maxWaitSeconds: 30, overflow: { type: 'message' as const, file: 'closed.wav' } },
      { ...base, id: 'w', maxWaitSeconds: 30, overflow: { type: 'workflow' as const, workflowId: 'gone' } },
      { ...base, id: 'plain' },
    ],
    workflows: [],
  };
  assert.deepEqual(
    routingQueues(ws).map((q) => [q.id, q.maxWaitMs, q.reofferAfterMs]),
    [
      ['a', 60_000, 5_000],
      ['b', 60_000, DEFAULT_REOFFER_AFTER_MS],
      ['m', 30_000, DEFAULT_REOFFER_AFTER_MS],
      ['w', 30_000, DEFAULT_REOFFER_AFTER_MS],
      ['plain', null, DEFAULT_REOFFER_AFTER_MS],
    ],
  );
  assert.deepEqual(overflowStep(ws, 'a'), { kind: 'queue', queueId: 'b' });
  assert.deepEqual(overflowStep(ws, 'w'), { kind: 'stay' }, 'a workflow removed by a reload: keep waiting');
  assert.deepEqual(overflowStep(ws, 'plain'), { kind: 'stay' });

  const clock = new FakeClock();
  const run = (queueId: string) => {
    const step = overflowStep(ws, queueId);
    assert.equal(step.kind, 'workflow');
    return new WorkflowRunner({ workflow: (step as { workflow: WorkflowConfig }).workflow, clock, callerNumber: '+61491570123', campaignOfQueue: () => 'c' });
  };
  assert.deepEqual(
    run('m')
      .start()
      .map((x) => x.type),
    ['play'],
  );
  const offer = run('b');
  assert.deepEqual(
    offer.start().map((x) => x.type),
    ['collect'],
  );
  assert.deepEqual(
    offer.digitsCollected('1').map((x) => x.type),
    ['ivr-data', 'store-callback', 'play'],
  );
  const stay = run('b');
  stay.start();
  assert.deepEqual(stay.collectTimeout('').at(-1), { type: 'join-queue', objectId: 'back', queueId: 'b', priority: 0 }, 'no key: back in line');

  const j = new QueueJourney();
  assert.deepEqual(j.entry('e1', 'a', 3), { entryId: 'e1', queueId: 'a', priority: 3 });
  const arrival = { seq: 7, enteredAt: 100, priority: 3 };
  j.overflowedFrom({ entryId: 'e1', queueId: 'a', campaignId: 'c', waitedMs: 60_000, arrival });
  assert.deepEqual(j.entry('e1', 'b'), { entryId: 'e1', queueId: 'b', arrival });
  assert.deepEqual(j.entry('e1', 'a', 0), { entryId: 'e1', queueId: 'a', arrival, maxWait: false }, 'back in a queue it overflowed from: no limit');
});
