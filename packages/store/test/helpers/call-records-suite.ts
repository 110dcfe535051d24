import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, SwitchboardError } from '@switchboard/shared';
import { MemoryCallRecordStore, interruptedRecord, type CallRecord, type CallRecordStore } from '@switchboard/core';
import type { Store } from '../../src/index';
import type { StoreHarness } from './store-suite';

const T0 = 1_790_000_000_000;

/** A record with every field filled in: legs, IVR data, notes, markers, recording file. */
export function fullRecord(over: Partial<CallRecord> = {}): CallRecord {
  return {
    interactionId: 'int-1',
    version: 1,
    final: false,
    direction: 'IN',
    state: 'connected',
    campaignId: 'care-inbound',
    campaignName: 'Customer Care',
    queueId: 'care-queue',
    customerNumber: '+61412000111',
    platformNumber: '+61290000000',
    agentId: 'alice',
    legs: [
      { id: 'leg-c', role: 'customer', agentId: null, number: '+61412000111', state: 'connected', startedAt: T0, connectedAt: T0, endedAt: null, endCause: null },
      { id: 'leg-a', role: 'agent', agentId: 'alice', number: '+61412345678', state: 'connected', startedAt: T0 + 9_000, connectedAt: T0 + 12_000, endedAt: null, endCause: null },
    ],
    ivrData: [
      { label: 'Account', value: '12345', at: T0 + 3_000 },
      { label: 'Reason — "billing" ✓', value: '2', at: T0 + 5_000 },
    ],
    timeInQueueMs: 4_000,
    notes: [{ text: 'Customer wants a refund.\nCall back Monday; 100% sure', by: 'alice', at: T0 + 20_000 }],
    outcomeId: null,
    wrappedBy: null,
    recording: {
      state: 'recording',
      file: 'recordings/2026/11/22/int-1.wav',
      startedAt: T0 + 12_500,
      markers: [
        { kind: 'manual', label: 'Manual', offsetMs: 3_000, at: T0 + 15_500, by: 'alice' },
        { kind: 'announcement-start', label: 'Terms and conditions', offsetMs: 4_000, at: T0 + 16_500, by: 'alice' },
      ],
    },
    endCause: null,
    createdAt: T0,
    answeredAt: T0 + 12_000,
    endedAt: null,
    closedAt: null,
    updatedAt: T0 + 20_000,
    ...over,
  };
}

/** The same record wrapped and closed (the agent's note and outcome on it). */
function closedRecord(base: CallRecord, version: number): CallRecord {
  return {
    ...base,
    version,
    final: true,
    state: 'closed',
    legs: base.legs.map((l) => ({ ...l, state: 'ended', endedAt: T0 + 60_000, endCause: 'customer-hangup' })),
    recording: { ...base.recording, state: 'off' },
    outcomeId: 'follow-up',
    wrappedBy: 'agent',
    endCause: 'customer-hangup',
    endedAt: T0 + 60_000,
    closedAt: T0 + 75_000,
    updatedAt: T0 + 75_000,
  };
}

/**
 * store.calls (core's CallRecordStore), run once per dialect, always compared
 * with MemoryCallRecordStore, the reference behaviour.
 */
export function defineCallRecordsSuite(dialect: 'sqlite' | 'postgres', makeHarness: () => Promise<StoreHarness>): void {
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

  test(`${dialect}: calls: a full record round-trips through save and get`, async () => {
    const r = fullRecord();
    await store.calls.save(r);
    assert.deepEqual(await store.calls.get('int-1'), r);
    assert.equal(await store.calls.get('nope'), null);
    // A newer version replaces it, every field.
    const c = closedRecord(r, 2);
    await store.calls.save(c);
    assert.deepEqual(await store.calls.get('int-1'), c);
  });

  test(`${dialect}: calls: an older or equal version is ignored`, async () => {
    const v3 = fullRecord({ version: 3, notes: [{ text: 'v3', by: 'alice', at: T0 }] });
    await store.calls.save(v3);
    await store.calls.save(fullRecord({ version: 2, notes: [{ text: 'v2', by: 'alice', at: T0 }] }));
    await store.calls.save(fullRecord({ version: 3, notes: [{ text: 'v3 again', by: 'alice', at: T0 }] }));
    assert.deepEqual(await store.calls.get('int-1'), v3);
    const mem = new MemoryCallRecordStore();
    await mem.save(v3);
    await mem.save(fullRecord({ version: 2 }));
    assert.deepEqual(await mem.get('int-1'), await store.calls.get('int-1'));
  });

  test(`${dialect}: calls: a restart keeps the notes, the outcome and the finished record`, async () => {
    const finished = closedRecord(fullRecord(), 7);
    const other = fullRecord({ interactionId: 'int-2', agentId: 'bob', createdAt: T0 + 1_000, version: 4 });
    await store.calls.save(fullRecord());
    await store.calls.save(finished);
    await store.calls.save(other);
    await store.close();
    store = await h.reopen(clock);
    const back = await store.calls.get('int-1');
    assert.deepEqual(back, finished);
    assert.equal(back?.outcomeId, 'follow-up');
    assert.equal(back?.notes[0]?.text, 'Customer wants a refund.\nCall back Monday; 100% sure');
    assert.deepEqual(await store.calls.get('int-2'), other);
  });

  test(`${dialect}: calls: closeInterrupted closes open records as core says and leaves final ones alone`, async () => {
    const mem = new MemoryCallRecordStore();
    const records = [
      fullRecord({ interactionId: 'connected', version: 5 }),
      fullRecord({ interactionId: 'queued', state: 'queued', agentId: null, answeredAt: null, legs: [fullRecord().legs[0]!], version: 2 }),
      fullRecord({ interactionId: 'in-wrap', state: 'wrap', endCause: 'customer-hangup', endedAt: T0 + 50_000, version: 9 }),
      closedRecord(fullRecord({ interactionId: 'done' }), 6),
    ];
    for (const r of records) {
      await store.calls.save(r);
      await mem.save(r);
    }
    // The crash happened; the process restarts (a real reopen on both dialects).
    await store.close();
    store = await h.reopen(clock);
    const at = T0 + 100_000;
    assert.equal(await store.calls.closeInterrupted(at), 3);
    assert.equal(await mem.closeInterrupted(at), 3);
    for (const r of records) {
      const got = await store.calls.get(r.interactionId);
      assert.deepEqual(got, await mem.get(r.interactionId), r.interactionId);
      assert.deepEqual(got, interruptedRecord(r, at), r.interactionId);
      assert.equal(got?.final, true);
    }
    assert.equal((await store.calls.get('queued'))?.state, 'abandoned');
    assert.equal((await store.calls.get('in-wrap'))?.endCause, 'customer-hangup');
    assert.equal(
      (await store.calls.get('connected'))?.legs.every((l) => l.state === 'ended' && l.endCause === 'interrupted'),
      true,
    );
    assert.deepEqual(await store.calls.get('done'), records[3]);
    // Nothing left open: a second start closes nothing.
    assert.equal(await store.calls.closeInterrupted(at + 1), 0);
    assert.equal(await store.calls.countOpen(), 0);
    // The keeper's next save of an interrupted record (an older version) cannot reopen it.
    await store.calls.save(records[0]!);
    assert.equal((await store.calls.get('connected'))?.final, true);
  });

  test(`${dialect}: calls: concurrent saves of one record keep the newest version`, async () => {
    const second = await h.reopen(clock); // another process on the same database
    try {
      const versions = Array.from({ length: 40 }, (_, i) => i + 1);
      // A fixed shuffle, so a failure reproduces.
      versions.sort((a, b) => ((a * 7919) % 41) - ((b * 7919) % 41));
      await Promise.all(versions.map((v, i) => (i % 2 ? second : store).calls.save(fullRecord({ version: v, notes: [{ text: `v${v}`, by: 'alice', at: T0 + v }] }))));
      const got = await store.calls.get('int-1');
      assert.equal(got?.version, 40);
      assert.equal(got?.notes[0]?.text, 'v40');
      assert.deepEqual(await second.calls.get('int-1'), got);
    } finally {
      await second.close();
    }
  });

  test(`${dialect}: calls: supervisors list recent calls and an agent's calls, newest first`, async () => {
    const mk = (id: string, agentId: string | null, createdAt: number) => fullRecord({ interactionId: id, agentId, createdAt });
    await store.calls.save(mk('a1', 'alice', T0 + 1));
    await store.calls.save(mk('b1', 'bob', T0 + 2));
    await store.calls.save(mk('a2', 'alice', T0 + 3));
    await store.calls.save(mk('q1', null, T0 + 4));
    await store.calls.save(mk('a3', 'alice', T0 + 3)); // same time as a2: ties by id, newest id first
    const ids = (rs: CallRecord[]) => rs.map((r) => r.interactionId);
    assert.deepEqual(ids(await store.calls.listRecent()), ['q1', 'a3', 'a2', 'b1', 'a1']);
    assert.deepEqual(ids(await store.calls.listRecent(2)), ['q1', 'a3']);
    assert.deepEqual(ids(await store.calls.byAgent('alice')), ['a3', 'a2', 'a1']);
    assert.deepEqual(ids(await store.calls.byAgent('alice', 1)), ['a3']);
    assert.deepEqual(await store.calls.byAgent('nobody'), []);
    assert.deepEqual(await store.calls.listRecent(0), []);
    assert.deepEqual(await store.calls.listRecent(-5), []);
    assert.deepEqual(ids(await store.calls.listRecent(Number.NaN)), []);
    assert.deepEqual((await store.calls.listRecent(1))[0], mk('q1', null, T0 + 4));
  });

  test(`${dialect}: calls: a bad record is refused with VALIDATION_FAILED and stores nothing`, async () => {
    const bad: Array<[string, unknown]> = [
      ['no id', fullRecord({ interactionId: '' })],
      ['fractional version', fullRecord({ version: 1.5 })],
      ['negative version', fullRecord({ version: -1 })],
      ['string time', fullRecord({ createdAt: '2026-11-22' as unknown as number })],
      ['NaN time', fullRecord({ endedAt: Number.NaN })],
      ['final not boolean', fullRecord({ final: 1 as unknown as boolean })],
      ['null', null],
    ];
    for (const [why, r] of bad) {
      await assert.rejects(store.calls.save(r as CallRecord), (e: unknown) => e instanceof SwitchboardError && e.code === 'VALIDATION_FAILED', why);
    }
    assert.deepEqual(await store.calls.listRecent(), []);
    await assert.rejects(store.calls.closeInterrupted(Number.NaN), (e: unknown) => e instanceof SwitchboardError && e.code === 'VALIDATION_FAILED');
    // The store still works.
    await store.calls.save(fullRecord());
    assert.equal((await store.calls.get('int-1'))?.version, 1);
  });

  test(`${dialect}: calls: matches MemoryCallRecordStore over a scripted mix of saves and restarts`, async () => {
    const mem: CallRecordStore = new MemoryCallRecordStore();
    const ids = ['x', 'y', 'z'];
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let step = 0; step < 60; step++) {
      const id = ids[rand(ids.length)]!;
      const kind = rand(10);
      if (kind === 0) {
        const at = T0 + step * 1000;
        assert.equal(await store.calls.closeInterrupted(at), await mem.closeInterrupted(at), `step ${step}`);
      } else {
        const version = 1 + rand(12);
        const base = fullRecord({ interactionId: id, version, notes: [{ text: `s${step}`, by: 'alice', at: T0 + step }] });
        const r = rand(3) === 0 ? closedRecord(base, version) : base;
        await store.calls.save(r);
        await mem.save(r);
      }
      for (const i of ids) assert.deepEqual(await store.calls.get(i), await mem.get(i), `step ${step}, ${i}`);
    }
  });
}
