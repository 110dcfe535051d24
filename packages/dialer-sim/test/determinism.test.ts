import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_WORKLOAD, runCampaign, stream, Stream, Xoshiro128, type PolicySpec } from '../src/index';

const small = { ...DEFAULT_WORKLOAD, agents: 5, shiftHours: 1 };

test('xoshiro128**: a seed gives one sequence, streams are independent', () => {
  const a = new Xoshiro128(42);
  const b = new Xoshiro128(42);
  const xs = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(
    xs,
    Array.from({ length: 5 }, () => b.next()),
  );
  assert.ok(xs.every((x) => x > 0 && x < 1));
  assert.notEqual(stream(1, 0, Stream.Outcome).next(), stream(1, 0, Stream.Ring).next());
  assert.notEqual(stream(1, 0, Stream.Outcome).next(), stream(1, 1, Stream.Outcome).next());
});

test('a campaign is a deterministic function of its seed', () => {
  for (const policy of [{ kind: 'switchboard' }, { kind: 'vicidial', mode: 'TAPERED' }, { kind: 'issabel' }] as PolicySpec[]) {
    const a = runCampaign({ workload: small, policy, days: 2, seed: 7 });
    const b = runCampaign({ workload: small, policy, days: 2, seed: 7 });
    assert.deepEqual(a, b, policy.kind);
  }
  const c = runCampaign({ workload: small, policy: { kind: 'progressive' }, days: 2, seed: 7 });
  const d = runCampaign({ workload: small, policy: { kind: 'progressive' }, days: 2, seed: 8 });
  assert.notDeepEqual(c, d);
});

test('common random numbers: the k-th dial has the same fate under every policy', () => {
  // Progressive and fixed 1.0 make the same decisions, so with common random numbers they
  // produce the very same campaign.
  const a = runCampaign({ workload: small, policy: { kind: 'progressive' }, days: 1, seed: 3 });
  const b = runCampaign({ workload: small, policy: { kind: 'fixed', ratio: 1 }, days: 1, seed: 3 });
  assert.deepEqual(a, b);
});
