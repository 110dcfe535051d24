import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, SwitchboardError } from '@switchboard/shared';
import { Router, type RoutingOffer } from '../../src/index';

// A workspace reload hands the router its new queue list (Router.applyQueues).

const code = (c: string) => (e: unknown) => e instanceof SwitchboardError && e.code === c;

function setup() {
  const clock = new FakeClock();
  const router = new Router({ clock, queues: [{ id: 'care-queue', campaignId: 'care' }] });
  const offers: RoutingOffer[] = [];
  router.on('offer', (o) => offers.push(o));
  return { clock, router, offers };
}

test('a queue added by a reload takes calls, and a ready agent of its campaign is offered them', () => {
  const { router } = setup();
  assert.throws(() => router.enqueue({ entryId: 'c1', queueId: 'vip-queue' }), code('NOT_FOUND'), 'unknown before the reload');
  router.updateAgent({ agentId: 'alice', campaignIds: ['vip'], ready: true });
  assert.deepEqual(
    router.applyQueues([
      { id: 'care-queue', campaignId: 'care' },
      { id: 'vip-queue', campaignId: 'vip' },
    ]),
    [],
  );
  const [o] = router.enqueue({ entryId: 'c1', queueId: 'vip-queue' });
  assert.equal(o?.agentId, 'alice');
  assert.equal(o?.campaignId, 'vip');
});

test('a removed queue takes no new call but keeps routing the calls already waiting in it, then is forgotten', () => {
  const { router, clock } = setup();
  router.enqueue({ entryId: 'c1', queueId: 'care-queue' });
  router.enqueue({ entryId: 'c2', queueId: 'care-queue' });
  clock.advance(5000);
  router.applyQueues([]);
  assert.throws(() => router.enqueue({ entryId: 'c3', queueId: 'care-queue' }), code('NOT_FOUND'));
  assert.equal(router.stats('care-queue').waiting, 2, 'its waiting calls stay');
  const [o] = router.updateAgent({ agentId: 'bob', campaignIds: ['care'], ready: true });
  assert.equal(o?.entryId, 'c1', 'the longest waiting call still reaches an agent');
  assert.equal(o?.waitedMs, 5000, 'with its wait kept');
  router.offerAccepted('c1');
  router.remove('c2');
  assert.throws(() => router.stats('care-queue'), code('NOT_FOUND'), 'gone once its last call left');
});

test("a queue moved to another campaign brings its waiting calls to that campaign's ready agents; re-adding a retired queue revives it", () => {
  const { router } = setup();
  router.updateAgent({ agentId: 'carol', campaignIds: ['sales'], ready: true });
  assert.deepEqual(router.enqueue({ entryId: 'c1', queueId: 'care-queue' }), [], 'carol is not in care');
  const offers = router.applyQueues([{ id: 'care-queue', campaignId: 'sales' }]);
  assert.deepEqual(
    offers.map((o) => [o.entryId, o.agentId, o.campaignId]),
    [['c1', 'carol', 'sales']],
  );
  router.offerAccepted('c1');

  router.enqueue({ entryId: 'c2', queueId: 'care-queue' });
  router.applyQueues([]);
  router.applyQueues([{ id: 'care-queue', campaignId: 'sales' }]);
  assert.equal(router.enqueue({ entryId: 'c3', queueId: 'care-queue' }).length, 0);
  assert.equal(router.stats('care-queue').waiting, 2, 'revived with its call, and takes new ones');
});
