import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signal } from '@preact/signals';
import type { FloorAgent, FloorMonitor, FloorSnapshot, MonitorModeWire, MonitorViewWire } from '@switchboard/protocol';
import type { SwitchboardClient } from '@switchboard/sdk';
import { createMonitorControl, followFloor } from '../src/state/call-monitor';
import { monitoredByOther, monitorMark } from '../src/state/format';

const SINCE = '2026-12-06T10:00:05.000Z';
const view = (o: Partial<MonitorViewWire> = {}): MonitorViewWire => ({
  interactionId: 'i1',
  agentId: 'alice',
  supervisorId: 'sam',
  supervisorName: 'Sam Supervisor',
  mode: 'listen',
  state: 'calling',
  voice: 'call-me',
  number: '+61412000999',
  since: SINCE,
  endCause: null,
  rev: 1,
  ...o,
});
const pushed = (o: Partial<FloorMonitor> = {}): FloorMonitor => {
  const { interactionId: _i, agentId: _a, voice: _v, number: _n, ...m } = view(o);
  return m;
};
const alice = (monitor: FloorMonitor | null, callId = 'i1'): FloorAgent => ({
  agentId: 'alice',
  username: 'alice',
  displayName: 'Alice',
  teamId: 'care',
  teamName: 'Care',
  campaignIds: ['c1'],
  presence: 'available',
  pauseReason: null,
  activity: 'on-call',
  dot: 'green',
  statusText: 'On Call',
  since: '2026-12-06T10:00:00.000Z',
  voice: { status: 'connected', method: 'call-me' },
  call: {
    id: callId,
    direction: 'IN',
    state: 'connected',
    presentation: 'live',
    customerNumber: '+61412000111',
    campaignId: 'c1',
    campaignName: 'Care',
    startedAt: '2026-12-06T10:00:00.000Z',
    answeredAt: '2026-12-06T10:00:01.000Z',
    monitor,
  },
});
const floorWith = (a: FloorAgent | null): FloorSnapshot =>
  ({ at: SINCE, scope: { role: 'supervisor', teamIds: ['care'] }, teams: [], engine: true, agents: a ? [a] : [], queues: [], campaigns: [] }) as FloorSnapshot;

test('followFloor: newer pushes of this monitoring are taken, older ones and earlier monitorings ignored; the call gone or another supervisor on it ends it', () => {
  const m = view({ state: 'listening', rev: 2 });
  assert.equal(followFloor(m, floorWith(alice(null))), m, 'a push from before it began');
  assert.equal(followFloor(m, floorWith(alice(pushed({ state: 'calling', rev: 1 })))), m, 'an older view of it');
  assert.equal(followFloor(m, floorWith(alice(pushed({ since: '2026-12-06T09:00:00.000Z', supervisorId: 'admin', state: 'ended' })))), m, 'an earlier monitoring');
  assert.deepEqual(followFloor(m, floorWith(alice(pushed({ state: 'barging', mode: 'barge', rev: 3 })))), { ...m, state: 'barging', mode: 'barge', rev: 3 });
  assert.deepEqual(followFloor(m, floorWith(alice(pushed({ state: 'ended', endCause: 'supervisor-hangup', rev: 3 })))), {
    ...m,
    state: 'ended',
    endCause: 'supervisor-hangup',
    rev: 3,
  });
  assert.deepEqual(followFloor(m, floorWith(alice(null, 'i2'))), { ...m, state: 'ended', endCause: 'call-ended' }, 'alice is on another call');
  assert.deepEqual(followFloor(m, floorWith(null)), { ...m, state: 'ended', endCause: 'call-ended' }, 'alice logged out');
  const admin = pushed({ supervisorId: 'admin', supervisorName: 'Administrator', since: '2026-12-06T10:01:00.000Z', state: 'listening', rev: 2 });
  assert.deepEqual(followFloor(m, floorWith(alice(admin))), { ...m, state: 'ended', endCause: 'taken-over' });
  const ended = view({ state: 'ended', endCause: 'stopped', rev: 5 });
  assert.equal(followFloor(ended, floorWith(null)), ended, 'an ended one stays as it is');
});

test('the control follows the floor signal, never asking the server: start → answered → switch (a stale push does not undo it) → the phone hangs up', async () => {
  const asked: string[] = [];
  let rev = 0;
  const api = {
    async monitorStart(id: string, mode: MonitorModeWire, voice: { number: string }) {
      asked.push(`start ${id} ${mode} ${voice.number}`);
      return view({ interactionId: id, mode, rev: ++rev });
    },
    async monitorMode(id: string, mode: MonitorModeWire) {
      asked.push(`mode ${id} ${mode}`);
      return view({ interactionId: id, mode, state: mode === 'barge' ? 'barging' : mode === 'whisper' ? 'whispering' : 'listening', rev: ++rev });
    },
    async monitorStop(id: string) {
      asked.push(`stop ${id}`);
      return view({ interactionId: id, state: 'ended', endCause: 'stopped', rev: ++rev });
    },
    async monitorStatus(): Promise<never> {
      throw new Error('the monitor status is never polled');
    },
  } as unknown as SwitchboardClient;
  // An ended monitoring frees the browser's audio element: none here.
  (globalThis as { document?: unknown }).document ??= { getElementById: () => null };
  const floor = signal<FloorSnapshot | null>(floorWith(alice(null)));
  const failures: unknown[] = [];
  const c = createMonitorControl(
    () => api,
    (e) => failures.push(e),
    floor,
  );
  c.number.value = '+61412000999';
  await c.start('i1', 'listen');
  assert.equal(c.current.value?.state, 'calling');
  floor.value = floorWith(alice(null)); // a push computed before the start: nothing changes
  assert.equal(c.current.value?.state, 'calling');
  floor.value = floorWith(alice(pushed({ state: 'listening', rev: ++rev })));
  assert.deepEqual([c.current.value?.state, c.current.value?.mode], ['listening', 'listen'], 'the phone answered: pushed');

  await c.switchTo('barge');
  assert.equal(c.current.value?.state, 'barging');
  floor.value = floorWith(alice(pushed({ state: 'listening', rev: 2 }))); // in flight before the switch
  assert.equal(c.current.value?.state, 'barging', 'an older push does not undo the switch');
  floor.value = floorWith(alice(pushed({ state: 'ended', mode: 'barge', endCause: 'supervisor-hangup', rev: ++rev })));
  assert.deepEqual([c.current.value?.state, c.current.value?.endCause], ['ended', 'supervisor-hangup']);

  // Again, and alice's call ends: the control says so from the push alone.
  await c.start('i1', 'whisper');
  floor.value = floorWith(alice(null, 'i2'));
  assert.deepEqual([c.current.value?.state, c.current.value?.endCause], ['ended', 'call-ended']);
  c.dispose();
  floor.value = floorWith(alice(pushed({ state: 'listening', rev: 99 })));
  assert.equal(c.current.value?.state, 'ended', 'disposed: no longer following');
  assert.deepEqual(asked, ['start i1 listen +61412000999', 'mode i1 barge', 'start i1 whisper +61412000999']);
  assert.deepEqual(failures, []);
});

test('monitorMark: who and how, "you" for oneself, the phone still ringing; nothing once ended', () => {
  assert.equal(monitorMark(null, 'sam'), null);
  assert.equal(monitorMark(pushed({ state: 'listening' }), 'admin'), 'Listened to by Sam Supervisor');
  assert.equal(monitorMark(pushed({ state: 'whispering', mode: 'whisper' }), 'sam'), 'Whispered to by you');
  assert.equal(monitorMark(pushed({ state: 'barging', mode: 'barge' }), null), 'Barged into by Sam Supervisor');
  assert.equal(monitorMark(pushed({ state: 'calling' }), 'admin'), 'Listened to by Sam Supervisor (calling their phone)');
  assert.equal(monitorMark(pushed({ state: 'calling' }), 'sam'), 'Listened to by you (calling your phone)');
  assert.equal(monitorMark(pushed({ state: 'ended', endCause: 'stopped' }), 'admin'), null);
});

test('monitoredByOther: the other supervisor on a call (so the inbox and the table hold back), not oneself, not once ended', () => {
  assert.equal(monitoredByOther(null, 'tess'), null);
  assert.equal(monitoredByOther(undefined, 'tess'), null);
  assert.equal(monitoredByOther(pushed({ state: 'calling' }), 'tess'), 'Sam Supervisor', 'still ringing his phone: taken all the same');
  assert.equal(monitoredByOther(pushed({ state: 'barging', mode: 'barge' }), 'tess'), 'Sam Supervisor');
  assert.equal(monitoredByOther(pushed({ state: 'listening' }), 'sam'), null, 'his own call: his buttons stay');
  assert.equal(monitoredByOther(pushed({ state: 'ended', endCause: 'stopped' }), 'tess'), null);
});
