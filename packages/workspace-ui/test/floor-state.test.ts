import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AssistRequest, FloorAgent, FloorSnapshot } from '@switchboard/protocol';
import { addSamples, applyChanges, upsertAssist } from '../src/state/floor-state';

const agent = (id: string, name: string, presence: 'available' | 'paused' = 'available'): FloorAgent => ({
  agentId: id,
  username: id,
  displayName: name,
  teamId: 'care',
  teamName: 'Care',
  campaignIds: ['c1'],
  presence,
  pauseReason: null,
  activity: 'idle',
  dot: 'green',
  statusText: 'Available',
  since: '2026-12-06T10:00:00.000Z',
  voice: { status: 'none', method: null },
  call: null,
});
const queue = (id: string, waiting: number) => ({
  queueId: id,
  name: id,
  campaignId: 'c1',
  campaignName: 'C1',
  waiting,
  longestWaitMs: 0,
  agentsAvailable: 0,
  targetSeconds: 20,
  today: null,
});

test('applyChanges: upserts agents in name order, removes the gone, replaces only the queues sent', () => {
  const floor = {
    at: '2026-12-06T10:00:00.000Z',
    scope: { role: 'admin', teamIds: null },
    teams: [],
    engine: true,
    agents: [agent('b', 'Bob'), agent('c', 'Cara')],
    queues: [queue('q1', 1), queue('q2', 2)],
    campaigns: [],
  } as FloorSnapshot;
  const next = applyChanges(floor, {
    type: 'changes',
    seq: 1,
    at: '2026-12-06T10:00:01.000Z',
    changedAt: 0,
    agents: [agent('a', 'Ann'), agent('b', 'Bob', 'paused')],
    gone: ['c'],
    queues: [queue('q2', 5)],
    campaigns: [],
  });
  assert.deepEqual(
    next.agents.map((a) => [a.agentId, a.presence]),
    [
      ['a', 'available'],
      ['b', 'paused'],
    ],
  );
  assert.deepEqual(
    next.queues.map((q) => q.waiting),
    [1, 5],
  );
  assert.equal(next.at, '2026-12-06T10:00:01.000Z');
  assert.equal(floor.agents.length, 2, 'the old snapshot is left as it was (signals compare by identity)');
});

test('addSamples keeps one hour; upsertAssist orders by priority then newest and replaces by id', () => {
  const h = addSamples({ q1: [[0, 1, 1]] }, 3_600_001, { q1: [3_600_001, 2, 0], q2: [3_600_001, 0, 3] });
  assert.deepEqual(h, { q1: [[3_600_001, 2, 0]], q2: [[3_600_001, 0, 3]] });
  const r = (id: string, priority: AssistRequest['priority'], createdAt: string, viewedAt: string | null = null) => ({ id, priority, createdAt, viewedAt }) as AssistRequest;
  let list = upsertAssist([], r('1', 'low', '2026-12-06T10:00:00Z'));
  list = upsertAssist(list, r('2', 'high', '2026-12-06T09:00:00Z'));
  list = upsertAssist(list, r('3', 'high', '2026-12-06T09:30:00Z'));
  assert.deepEqual(
    list.map((x) => x.id),
    ['3', '2', '1'],
  );
  list = upsertAssist(list, r('2', 'high', '2026-12-06T09:00:00Z', '2026-12-06T10:01:00Z'));
  assert.equal(list.length, 3);
  assert.ok(list.find((x) => x.id === '2')?.viewedAt);
});
