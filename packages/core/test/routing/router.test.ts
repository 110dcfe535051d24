import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, SwitchboardError } from '@switchboard/shared';
import { BinaryHeap, Router, isRoutable, routingUpdateFrom, type RoutingOffer } from '../../src/index';
import { harness } from '../agent/helpers';

const code = (c: string) => (e: unknown) => e instanceof SwitchboardError && e.code === c;
const QUEUES = [
  { id: 'care-queue', campaignId: 'care-inbound' },
  { id: 'sales-queue', campaignId: 'sales-outbound' },
];

function setup() {
  const clock = new FakeClock();
  const router = new Router({ clock, queues: QUEUES });
  const offers: RoutingOffer[] = [];
  const withdrawn: Array<{ entryId: string; agentId: string }> = [];
  router.on('offer', (o) => offers.push(o));
  router.on('offer-withdrawn', (w) => withdrawn.push(w));
  const ready = (agentId: string, campaignIds = ['care-inbound'], extra: object = {}) => router.updateAgent({ agentId, campaignIds, ready: true, ...extra });
  const busy = (agentId: string, campaignIds = ['care-inbound']) => router.updateAgent({ agentId, campaignIds, ready: false });
  return { clock, router, offers, withdrawn, ready, busy };
}

test('the longest-idle ready agent of the queue campaign gets the call', () => {
  const { clock, router, ready } = setup();
  ready('alice');
  clock.advance(1000);
  ready('bob');
  clock.advance(1000);
  ready('carol', ['sales-outbound']);
  const [o] = router.enqueue({ entryId: 'c1', queueId: 'care-queue' });
  assert.equal(o!.agentId, 'alice');
  assert.equal(o!.waitedMs, 0);
  const [o2] = router.enqueue({ entryId: 'c2', queueId: 'care-queue' });
  assert.equal(o2!.agentId, 'bob');
  assert.deepEqual(router.enqueue({ entryId: 'c3', queueId: 'care-queue' }), [], 'carol is not in care-inbound');
  assert.deepEqual(router.stats('care-queue'), { queueId: 'care-queue', waiting: 1, longestWaitMs: 0, offered: 2 });
});

test('a returning agent goes to the back of the idle line; paused agents are skipped', () => {
  const { clock, router, ready, busy } = setup();
  ready('alice');
  clock.advance(10);
  ready('bob');
  busy('alice');
  clock.advance(10);
  ready('alice');
  assert.deepEqual(router.readyAgents('care-inbound'), ['bob', 'alice']);
  busy('bob'); // paused (e.g. Break): not ready
  assert.equal(router.enqueue({ entryId: 'c1', queueId: 'care-queue' })[0]!.agentId, 'alice');
});

test('calls wait in order; an agent becoming ready takes the earliest (priority first), time in queue by Clock', () => {
  const { clock, router, ready } = setup();
  router.enqueue({ entryId: 'c1', queueId: 'care-queue' });
  clock.advance(5000);
  router.enqueue({ entryId: 'c2', queueId: 'care-queue' });
  router.enqueue({ entryId: 'vip', queueId: 'care-queue', priority: 5 });
  clock.advance(5000);
  assert.deepEqual(router.stats('care-queue'), { queueId: 'care-queue', waiting: 3, longestWaitMs: 10_000, offered: 0 });
  assert.equal(ready('alice')[0]!.entryId, 'vip');
  const [o] = ready('bob');
  assert.deepEqual([o!.entryId, o!.waitedMs], ['c1', 10_000]);
  assert.equal(router.offerAccepted('c1').waitedMs, 10_000);
  assert.equal(router.has('c1'), false);
});

test('an agent in two campaigns takes the best call across their queues', () => {
  const { clock, router, ready } = setup();
  router.enqueue({ entryId: 's1', queueId: 'sales-queue' });
  clock.advance(1);
  router.enqueue({ entryId: 'c1', queueId: 'care-queue' });
  assert.equal(ready('alice', ['care-inbound', 'sales-outbound'])[0]!.entryId, 's1');
});

test('a missed offer goes back to its original position and to another agent; not to the one who missed it', () => {
  const { clock, router, ready } = setup();
  router.enqueue({ entryId: 'c1', queueId: 'care-queue' });
  clock.advance(1000);
  router.enqueue({ entryId: 'c2', queueId: 'care-queue' });
  const [o] = ready('alice');
  assert.equal(o!.entryId, 'c1');
  clock.advance(20_000);
  // Alice missed it (the server auto-pauses her); nobody else ready: c1 waits, ahead of c2.
  assert.deepEqual(router.offerFailed('c1', 'missed'), []);
  assert.deepEqual(router.stats('care-queue').waiting, 2);
  const [o2] = ready('bob');
  assert.deepEqual([o2!.entryId, o2!.waitedMs], ['c1', 21_000]);
  router.offerFailed('c1', 'declined');
  // Alice is ready again but passed on c1 earlier, so she gets c2; c1 waits for someone else.
  assert.equal(ready('alice')[0]!.entryId, 'c2');
  assert.equal(ready('carol')[0]!.entryId, 'c1');
});

test('a caller who hangs up while queued or ringing is removed cleanly', () => {
  const { router, ready, withdrawn, offers } = setup();
  router.enqueue({ entryId: 'c1', queueId: 'care-queue' });
  router.enqueue({ entryId: 'c2', queueId: 'care-queue' });
  assert.equal(router.remove('c1')?.offeredTo, null);
  assert.equal(router.remove('c1'), null, 'twice is harmless');
  assert.equal(ready('alice')[0]!.entryId, 'c2', 'the dead entry is skipped');
  assert.deepEqual(router.remove('c2'), { waitedMs: 0, offeredTo: 'alice', offers: [] });
  assert.deepEqual(withdrawn, [{ entryId: 'c2', agentId: 'alice' }]);
  assert.throws(() => router.offerAccepted('c2'), code('NOT_FOUND'));
  assert.equal(offers.length, 1);
  // Alice is not offered anything until the server says she is ready again.
  router.enqueue({ entryId: 'c3', queueId: 'care-queue' });
  assert.equal(offers.length, 1);
  assert.equal(ready('alice')[0]!.entryId, 'c3');
});

test('an agent reported ready while the phone rang (declined) goes back in line when the offer ends', () => {
  const { router, ready, offers } = setup();
  router.enqueue({ entryId: 'c1', queueId: 'care-queue' });
  router.enqueue({ entryId: 'c2', queueId: 'care-queue' });
  ready('alice');
  assert.deepEqual(ready('alice'), [], 'the session went idle after declining, before the router heard of it');
  const [o] = router.offerFailed('c1', 'declined');
  assert.deepEqual([o!.entryId, o!.agentId], ['c2', 'alice'], 'c1 is not offered to her again; c2 is');
  // The caller of c2 hangs up while it rings: alice is free but not reported ready since, so she waits.
  const r = router.remove('c2');
  assert.deepEqual(r?.offers, []);
  assert.deepEqual(router.readyAgents('care-inbound'), []);
  assert.equal(offers.length, 2);
  // Answering makes a ready report from the ringing time stale.
  router.enqueue({ entryId: 'c3', queueId: 'care-queue' });
  const bob = ready('bob');
  assert.equal(bob[0]!.entryId, 'c1');
  ready('bob');
  router.offerAccepted('c1');
  assert.deepEqual(router.readyAgents('care-inbound'), [], 'bob is on the call, not in line');
});

test('one call at a time: an offered agent gets nothing else even if reported ready', () => {
  const { router, ready } = setup();
  router.enqueue({ entryId: 'c1', queueId: 'care-queue' });
  router.enqueue({ entryId: 'c2', queueId: 'care-queue' });
  ready('alice');
  assert.deepEqual(ready('alice'), [], 'reserved for c1');
  router.offerAccepted('c1');
  assert.deepEqual(router.stats('care-queue').waiting, 1);
});

test('skills: an entry needing a skill waits for an agent who has it', () => {
  const { router, ready } = setup();
  router.enqueue({ entryId: 'fr', queueId: 'care-queue', skills: ['french'] });
  router.enqueue({ entryId: 'en', queueId: 'care-queue' });
  assert.equal(ready('alice')[0]!.entryId, 'en');
  assert.equal(ready('bob', ['care-inbound'], { skills: ['french'] })[0]!.entryId, 'fr');
  ready('carol');
  assert.deepEqual(router.enqueue({ entryId: 'fr2', queueId: 'care-queue', skills: ['french'] }), []);
});

test('an explicit earlier idleSince is honoured (restored agents keep their place)', () => {
  const { clock, router } = setup();
  clock.advance(10_000);
  router.updateAgent({ agentId: 'bob', campaignIds: ['care-inbound'], ready: true });
  router.updateAgent({ agentId: 'alice', campaignIds: ['care-inbound'], ready: true, idleSince: clock.now() - 5000 });
  assert.deepEqual(router.readyAgents('care-inbound'), ['alice', 'bob']);
});

test('bad input is refused with codes', () => {
  const { router } = setup();
  assert.throws(() => router.enqueue({ entryId: 'x', queueId: 'nope' }), code('NOT_FOUND'));
  router.enqueue({ entryId: 'x', queueId: 'care-queue' });
  assert.throws(() => router.enqueue({ entryId: 'x', queueId: 'care-queue' }), code('VALIDATION_FAILED'));
  assert.throws(() => router.offerFailed('x', 'missed'), code('ACTION_NOT_ALLOWED'));
  assert.throws(() => router.updateAgent({ agentId: '', campaignIds: [], ready: true }), code('VALIDATION_FAILED'));
  assert.throws(() => router.stats('nope'), code('NOT_FOUND'));
});

test('readiness from a real AgentSession view: connected, Available and idle only', () => {
  const h = harness();
  assert.equal(isRoutable(h.session.view()), false, 'Not Ready, no voice');
  h.session.apply({ type: 'connect-voice', method: 'web', persistent: true, saveAsDefault: false });
  h.session.voiceConnected();
  assert.equal(isRoutable(h.session.view()), false, 'still Not Ready');
  h.session.apply({ type: 'set-available' });
  const u = routingUpdateFrom(h.session.view(), { transfersWhilePaused: false });
  assert.deepEqual(u, { agentId: 'alice', campaignIds: ['care-inbound'], ready: true, idle: true, transfersWhilePaused: false });
  h.session.callOffered();
  assert.equal(isRoutable(h.session.view()), false);
  h.session.offerEnded('missed');
  assert.equal(h.session.view().presence.kind, 'paused', 'Auto Pause');
  assert.equal(isRoutable(h.session.view()), false);
});

test('BinaryHeap pops in order', () => {
  const h = new BinaryHeap<number>((a, b) => a < b);
  const xs = Array.from({ length: 200 }, (_, i) => (i * 7919) % 211);
  for (const x of xs) h.push(x);
  const out: number[] = [];
  for (let v = h.pop(); v !== undefined; v = h.pop()) out.push(v);
  assert.deepEqual(
    out,
    [...xs].sort((a, b) => a - b),
  );
});

test('many calls taken from the middle of a queue (skills) keep the rest in order after compaction', () => {
  const { clock, router, ready, busy } = setup();
  for (let n = 0; n < 200; n++) {
    router.enqueue({ entryId: `e${n}`, queueId: 'care-queue', skills: n % 2 === 0 ? ['french'] : [] });
    clock.advance(1);
  }
  // Alice has no French: she takes every other call, from behind the French ones at the top (the scan path).
  const take = (agent: () => ReturnType<typeof ready>, release: () => void) => {
    const [o] = agent();
    router.offerAccepted(o!.entryId);
    release();
    return o!.entryId;
  };
  const alice = Array.from({ length: 100 }, () =>
    take(
      () => ready('alice'),
      () => busy('alice'),
    ),
  );
  assert.deepEqual(
    alice,
    Array.from({ length: 100 }, (_, k) => `e${2 * k + 1}`),
  );
  const bob = Array.from({ length: 100 }, () =>
    take(
      () => ready('bob', ['care-inbound'], { skills: ['french'] }),
      () => busy('bob'),
    ),
  );
  assert.deepEqual(
    bob,
    Array.from({ length: 100 }, (_, k) => `e${2 * k}`),
  );
  assert.equal(router.stats('care-queue').waiting, 0);
});

test('transfer targets: idle agents who are Available, or paused with transfersWhilePaused; not ringing ones', () => {
  const { router } = setup();
  router.updateAgent({ agentId: 'alice', campaignIds: ['care-inbound', 'sales-outbound'], ready: true, idle: true });
  router.updateAgent({ agentId: 'bob', campaignIds: ['care-inbound'], ready: false, idle: true, transfersWhilePaused: true });
  router.updateAgent({ agentId: 'carol', campaignIds: ['sales-outbound'], ready: false, idle: true });
  router.updateAgent({ agentId: 'dave', campaignIds: ['sales-outbound'], ready: false, idle: false, transfersWhilePaused: true });
  assert.deepEqual(router.transferTargets(), ['alice', 'bob']);
  assert.deepEqual(router.transferTargets('sales-outbound'), ['alice']);
  assert.deepEqual(router.transferTargets(undefined, 'alice'), ['bob']);
  router.enqueue({ entryId: 'c1', queueId: 'care-queue' });
  assert.deepEqual(router.transferTargets(), ['bob'], 'alice is ringing');
});
