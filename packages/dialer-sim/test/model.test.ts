import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_WORKLOAD, drawOutcome, drawRingSec, drawTalkSec, EventQueue, runCampaign, Xoshiro128, type PolicySpec } from '../src/index';

test('outcome mix, ring and talk times follow dialer.md', () => {
  const r = new Xoshiro128(1);
  const n = 200_000;
  const count: Record<string, number> = {};
  let liveRing = 0;
  let talk = 0;
  for (let i = 0; i < n; i++) {
    const o = drawOutcome(DEFAULT_WORKLOAD, 0, r.next());
    count[o] = (count[o] ?? 0) + 1;
    if (o === 'live') liveRing += drawRingSec(DEFAULT_WORKLOAD, o, r.next());
    talk += drawTalkSec(DEFAULT_WORKLOAD, 0, r.next());
  }
  assert.ok(Math.abs(count.live! / n - 0.2) < 0.005);
  assert.ok(Math.abs(count.machine! / n - 0.2) < 0.005);
  assert.ok(Math.abs(count['no-answer']! / n - 0.45) < 0.005);
  assert.ok(Math.abs(liveRing / count.live! - 8) < 0.1);
  assert.ok(Math.abs(talk / n - 120) < 3);
  assert.equal(drawRingSec(DEFAULT_WORKLOAD, 'no-answer', 0.5), 20);
  const m = drawRingSec(DEFAULT_WORKLOAD, 'machine', 0.999);
  assert.ok(m >= 17 && m <= 23);
});

test('the live rate drifts linearly across the shift', () => {
  const w = { ...DEFAULT_WORKLOAD, liveStart: 0.3, liveEnd: 0.15 };
  assert.equal(drawOutcome(w, 0, 0.29), 'live');
  assert.notEqual(drawOutcome(w, 1, 0.29), 'live');
  assert.equal(drawOutcome(w, 1, 0.14), 'live');
});

test('event queue: time order, ties in insertion order', () => {
  const q = new EventQueue();
  q.push(5, 1, 1);
  q.push(3, 1, 2);
  q.push(5, 1, 3);
  q.push(1, 1, 4);
  const out: number[] = [];
  while (q.size) {
    q.pop();
    out.push(q.lastId);
  }
  assert.deepEqual(out, [4, 2, 1, 3]);
});

test("progressive reproduces dialer.md's reference (about 62% occupancy, 33 talk-minutes)", () => {
  const r = runCampaign({ workload: { ...DEFAULT_WORKLOAD, agents: 20 }, policy: { kind: 'progressive' }, days: 1, seed: 11 });
  assert.ok(r.occupancy > 0.58 && r.occupancy < 0.67, String(r.occupancy));
  assert.ok(r.talkMinPerAgentHour > 31 && r.talkMinPerAgentHour < 36);
});

test('the clairvoyant bound is above every policy, and the 72-hour guard holds', () => {
  const w = { ...DEFAULT_WORKLOAD, agents: 10, shiftHours: 2, pauses: true };
  const bound = runCampaign({ workload: w, policy: { kind: 'clairvoyant' }, days: 2, seed: 5 });
  for (const policy of [{ kind: 'progressive' }, { kind: 'fixed', ratio: 2.5 }, { kind: 'switchboard' }, { kind: 'vicidial', mode: 'TAPERED' }] as PolicySpec[]) {
    const r = runCampaign({ workload: w, policy, days: 2, seed: 5 });
    assert.ok(r.talkMinPerAgentHour < bound.talkMinPerAgentHour, policy.kind);
    assert.equal(r.breaches72h, 0);
  }
});

test('without the 72-hour guard, recycled abandoned numbers are redialled too soon', () => {
  const w = { ...DEFAULT_WORKLOAD, agents: 10, shiftHours: 3 };
  const r = runCampaign({ workload: w, policy: { kind: 'fixed', ratio: 3 }, days: 1, seed: 5, enforceRedialGuard: false });
  assert.ok(r.abandoned > 0 && r.breaches72h > 0);
  const g = runCampaign({ workload: w, policy: { kind: 'fixed', ratio: 3 }, days: 1, seed: 5 });
  assert.equal(g.breaches72h, 0);
  assert.ok(g.heldByGuard > 0);
});
