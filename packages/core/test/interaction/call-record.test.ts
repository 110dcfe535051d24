import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import { CallRecordKeeper, Interaction, MemoryCallRecordStore, WrapTimer, interruptedRecord, type CallRecord, type CallRecordStore } from '../../src/index';
import { inboundCall } from './helpers';

test('the keeper saves on every milestone; the final record has legs, IVR data, queue time, notes, outcome, recording and markers', async () => {
  const clock = new FakeClock();
  const store = new MemoryCallRecordStore();
  const keeper = new CallRecordKeeper(store, clock);
  const { i } = inboundCall(clock);
  keeper.track(i);
  await keeper.flush();
  assert.equal((await store.get('int_1'))?.state, 'ivr');
  i.addIvrData('account', '123456');
  i.joinQueue('care-queue');
  clock.advance(30_000);
  i.offer('alice');
  i.answer('alice');
  await keeper.flush();
  assert.equal((await store.get('int_1'))?.state, 'connected', 'a crash now would keep the answered call');
  i.startRecording('recordings/int_1.wav');
  clock.advance(5000);
  i.bookmark('alice');
  i.setNotes('Refund requested', 'alice');
  i.end('customer-hangup');
  const timer = new WrapTimer(clock, i, { wrapDone: () => {} });
  timer.start();
  timer.wrap('follow-up');
  assert.equal(await keeper.flush(), true);
  const r = (await store.get('int_1'))!;
  assert.equal(r.final, true);
  assert.equal(r.state, 'closed');
  assert.equal(r.timeInQueueMs, 30_000);
  assert.deepEqual(
    r.ivrData.map((e) => e.value),
    ['123456'],
  );
  assert.equal(r.outcomeId, 'follow-up');
  assert.equal(r.wrappedBy, 'agent');
  assert.equal(r.notes[0]!.text, 'Refund requested');
  assert.equal(r.recording.file, 'recordings/int_1.wav');
  assert.deepEqual(
    r.recording.markers.map((m) => [m.label, m.offsetMs]),
    [['Manual', 5000]],
  );
  assert.deepEqual(
    r.legs.map((l) => [l.role, l.state]),
    [
      ['customer', 'ended'],
      ['agent', 'ended'],
    ],
  );
  assert.equal(r.endCause, 'customer-hangup');
  assert.equal(keeper.size, 0, 'a final record is no longer tracked');
});

test('saves never overlap and coalesce; a failing store is retried by flush and never throws into the call', async () => {
  const clock = new FakeClock();
  const saved: CallRecord[] = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  let failNext = 1;
  const store: CallRecordStore = {
    async save(r) {
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await new Promise((res) => setImmediate(res));
      concurrent--;
      if (failNext-- > 0) throw new Error('disk full');
      saved.push(r);
    },
    async get() {
      return null;
    },
    async closeInterrupted() {
      return 0;
    },
  };
  const keeper = new CallRecordKeeper(store, clock);
  const { i } = inboundCall(clock);
  keeper.track(i);
  for (let n = 0; n < 20; n++) i.addIvrData(`k${n}`, String(n));
  assert.equal(await keeper.flush(), true);
  assert.equal(maxConcurrent, 1);
  assert.ok(saved.length <= 3, `coalesced into ${saved.length} saves`);
  assert.equal(saved.at(-1)!.ivrData.length, 20);
  assert.ok(saved.every((r, k) => k === 0 || r.version > saved[k - 1]!.version));
});

test('startup closes records of calls that were up when the process died', async () => {
  const clock = new FakeClock();
  const store = new MemoryCallRecordStore();
  const keeper = new CallRecordKeeper(store, clock);
  const live = inboundCall(clock).i;
  live.joinQueue('care-queue');
  live.offer('alice');
  live.answer('alice');
  const waiting = Interaction.inbound({ id: 'int_2', clock, campaign: null, customerNumber: null, platformNumber: '+61290000000' });
  waiting.joinQueue('care-queue');
  keeper.track(live);
  keeper.track(waiting);
  await keeper.flush();
  clock.advance(60_000);
  assert.equal(await store.closeInterrupted(clock.now()), 2);
  const [a, b] = [(await store.get('int_1'))!, (await store.get('int_2'))!];
  assert.deepEqual([a.final, a.state, a.endCause, a.closedAt], [true, 'closed', 'interrupted', clock.now()]);
  assert.ok(a.legs.every((l) => l.state === 'ended' && l.endCause === 'interrupted'));
  assert.deepEqual([b.state, b.endCause], ['abandoned', 'interrupted']);
  assert.equal(await store.closeInterrupted(clock.now()), 0, 'once');
  assert.equal(interruptedRecord(a, 1), a, 'a final record is left alone');
  // An older version never overwrites a newer one.
  await store.save({ ...a, version: 1, final: false });
  assert.equal((await store.get('int_1'))!.final, true);
});
