import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import { Router } from '@switchboard/core';
import { Metrics, timeRoutingDecisions } from '../src/metrics';

const histogram = async (m: Metrics): Promise<Record<string, number>> =>
  Object.fromEntries([...(await m.render()).matchAll(/^switchboard_routing_decision_seconds_(bucket\{le="[^"]+"\}|sum|count) (\S+)$/gm)].map((x) => [x[1]!, Number(x[2])]));

test('routing decisions are timed from the call into the Router to each offer, without the offer listeners’ work', async () => {
  const router = new Router({ clock: new FakeClock(), queues: [{ id: 'q', campaignId: 'c' }] });
  const metrics = new Metrics(() => []);
  // Each read of this clock moves it 1 ms: a decision reads it twice (call in, offer out), so
  // it measures 1 ms unless the offer listeners' 100 ms leaked into it.
  let t = 0;
  timeRoutingDecisions(router, metrics, () => ++t);
  let declined = false;
  router.on('offer', (o) => {
    t += 100; // bridging, ringing: the server's work, not routing
    if (!declined) {
      declined = true;
      router.offerFailed(o.entryId, 'declined'); // nested: re-offered to the other agent
    }
  });
  router.updateAgent({ agentId: 'a1', campaignIds: ['c'], ready: true });
  router.updateAgent({ agentId: 'a2', campaignIds: ['c'], ready: true });
  assert.equal((await histogram(metrics)).count, 0, 'agents ready with no call waiting: no offer, no decision');

  router.enqueue({ entryId: 'e1', queueId: 'q' });
  let h = await histogram(metrics);
  assert.equal(h.count, 2, 'the first offer, and the re-offer after the decline');
  assert.equal(h['bucket{le="0.0005"}'], 0);
  assert.equal(h['bucket{le="0.001"}'], 2, 'each decision took 1 ms, listeners excluded');
  assert.equal(h.sum, 0.002);

  // An agent ready with a call waiting: updateAgent decides.
  router.enqueue({ entryId: 'e2', queueId: 'q' }); // nobody ready: waits
  assert.equal((await histogram(metrics)).count, 2);
  router.updateAgent({ agentId: 'a3', campaignIds: ['c'], ready: true });
  h = await histogram(metrics);
  assert.equal(h.count, 3);
  assert.equal(h['bucket{le="0.001"}'], 3);
  assert.equal(h['bucket{le="+Inf"}'], 3);
});
