import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import { MemoryCallbackStore, type CallbackInput, type CallbackStore } from '@switchboard/core';
import type { Store } from '../../src/index';
import type { StoreHarness } from './store-suite';

const T0 = 1_790_000_000_000;

export function callback(over: Partial<CallbackInput> = {}): CallbackInput {
  return {
    id: 'cb-1',
    interactionId: 'int-1',
    campaignId: 'care-inbound',
    queueId: 'care-queue',
    workflowId: 'demo-care',
    number: '+61491570110',
    requestedAt: T0,
    ivrData: [
      { label: 'account', value: '4321' },
      { label: 'Reason — "billing" ✓', value: '2' },
    ],
    ...over,
  };
}

/**
 * The callbacks table's contract, run per dialect and against core's
 * MemoryCallbackStore (the reference): add, get, pending list order and
 * filter, refusals, and rows kept across a restart.
 */
export function defineCallbacksSuite(dialect: 'sqlite' | 'postgres', makeHarness: () => Promise<StoreHarness>): void {
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

  async function both(fn: (s: CallbackStore) => Promise<unknown>): Promise<void> {
    const mem = new MemoryCallbackStore();
    assert.deepEqual(await fn(store.callbacks), await fn(mem), 'the store behaves as MemoryCallbackStore');
  }

  test(`${dialect}: a callback is stored as pending with its number, campaign, queue, interaction and IVR data, and survives a restart`, async () => {
    const saved = await store.callbacks.add(callback());
    assert.deepEqual(saved, { ...callback(), status: 'pending' });
    assert.deepEqual(await store.callbacks.get('cb-1'), { ...callback(), status: 'pending' });
    assert.equal(await store.callbacks.get('cb-none'), null);
    await store.close();
    store = await h.reopen(clock);
    const again = await store.callbacks.get('cb-1');
    assert.equal(again?.requestedAt, T0, 'epoch ms read back as a number on both dialects');
    assert.deepEqual(again, { ...callback(), status: 'pending' });
  });

  test(`${dialect}: pending callbacks list oldest first, by campaign, with a limit`, async () => {
    await both(async (s) => {
      await s.add(callback({ id: 'cb-b', requestedAt: T0 + 2000 }));
      await s.add(callback({ id: 'cb-a', requestedAt: T0 + 2000, campaignId: null, interactionId: null }));
      await s.add(callback({ id: 'cb-c', requestedAt: T0 + 1000, campaignId: 'sales', ivrData: [] }));
      return [
        (await s.listPending()).map((c) => c.id),
        (await s.listPending({ campaignId: 'care-inbound' })).map((c) => c.id),
        (await s.listPending({ limit: 2 })).map((c) => c.id),
        await s.get('cb-a'),
      ];
    });
    assert.deepEqual(
      (await store.callbacks.listPending()).map((c) => c.id),
      ['cb-c', 'cb-a', 'cb-b'],
    );
  });

  test(`${dialect}: a duplicate id is a CONFLICT; a number that is not E.164 or a bad time never reaches the table`, async () => {
    await store.callbacks.add(callback());
    await assert.rejects(store.callbacks.add(callback({ number: '+61491570999' })), (e: { code?: string }) => e.code === 'CONFLICT');
    assert.equal((await store.callbacks.get('cb-1'))?.number, '+61491570110', 'the first one is kept');
    for (const bad of [{ number: '0491570110' }, { number: 'caller' }, { requestedAt: Number.NaN }, { queueId: '' }, { ivrData: [{ label: 'x' }] as never }]) {
      await assert.rejects(store.callbacks.add(callback({ id: 'cb-bad', ...bad })), (e: { code?: string }) => e.code === 'VALIDATION_FAILED', JSON.stringify(bad));
    }
    assert.equal(await store.callbacks.get('cb-bad'), null);
    assert.deepEqual(
      (await store.callbacks.listPending()).map((c) => c.id),
      ['cb-1'],
    );
  });
}
