import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import type { AssistRecord, Store } from '../../src/index';
import type { StoreHarness } from './store-suite';

const T0 = 1_790_000_000_000;

function request(over: Partial<AssistRecord> = {}): AssistRecord {
  return {
    id: 'ast_one',
    agentId: 'alice',
    agentName: 'Alice Agent',
    teamId: 'care',
    toUserId: 'sam',
    toName: 'Sam Supervisor',
    message: 'Caller asks for a refund over my limit — "urgent" ✓\nline two',
    priority: 'high',
    interactionId: 'int-1',
    customerNumber: '+61491570110',
    createdAt: T0,
    viewedAt: null,
    ...over,
  };
}

/** The assist_requests table per dialect: stored whole, listed per recipient and per agent, viewed once, kept across a restart. */
export function defineAssistSuite(dialect: 'sqlite' | 'postgres', makeHarness: () => Promise<StoreHarness>): void {
  let h: StoreHarness;
  let store: Store;
  let clock: FakeClock;

  beforeEach(async () => {
    clock = new FakeClock();
    h = await makeHarness();
    store = await h.open(clock);
  });
  afterEach(async () => {
    await store.close();
    await h.dispose();
  });

  test(`${dialect}: an assistance request is stored whole, viewed once, and survives a restart`, async () => {
    await store.assist.add(request());
    await store.assist.add(request({ id: 'ast_two', createdAt: T0 + 1000, priority: 'low', toUserId: 'sue', interactionId: null, customerNumber: null }));
    assert.deepEqual(await store.assist.get('ast_one'), request());
    assert.equal(await store.assist.get('ast_none'), null);
    assert.deepEqual(
      (await store.assist.listForRecipient('sam', T0)).map((r) => r.id),
      ['ast_one'],
    );
    assert.deepEqual(await store.assist.listForRecipient('sam', T0 + 1), [], 'older than `since` is left out');
    assert.deepEqual(
      (await store.assist.listForAgent('alice', 0)).map((r) => r.id),
      ['ast_two', 'ast_one'],
      'newest first',
    );
    const viewed = await store.assist.markViewed('ast_one', T0 + 5000);
    assert.equal(viewed?.viewedAt, T0 + 5000);
    const again = await store.assist.markViewed('ast_one', T0 + 9000);
    assert.equal(again?.viewedAt, T0 + 5000, 'the first viewing time is kept');
    await store.close();
    store = await h.reopen(clock);
    const back = await store.assist.get('ast_one');
    assert.deepEqual(back, request({ viewedAt: T0 + 5000 }), 'epoch ms read back as numbers; text unchanged');
    await assert.rejects(store.assist.add(request()), 'the same id twice is refused');
  });
}
