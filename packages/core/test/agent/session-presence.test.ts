import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SwitchboardError } from '@switchboard/shared';
import { connected, harness, names, ready } from './helpers';

function code(c: string) {
  return (e: unknown) => e instanceof SwitchboardError && e.code === c;
}

test('pause and available change presence at once when nothing is open; since follows', () => {
  const h = connected();
  h.clock.advance(5_000);
  h.session.apply({ type: 'set-available' });
  let v = h.session.view();
  assert.deepEqual(v.presence, { kind: 'available' });
  assert.equal(v.dot, 'green');
  assert.equal(v.statusText, 'Available');
  assert.equal(v.since, '2026-01-01T09:00:05.000Z');
  assert.ok(!v.allowed.includes('set-available'), 'already available');
  const [ev] = h.take();
  assert.equal(ev!.name, 'presence.changed');
  assert.deepEqual(ev!.audit, { kind: 'presence', from: 'paused:not-ready', to: 'available', detail: { cause: 'agent' } });

  h.clock.advance(1_000);
  h.session.apply({ type: 'pause', reasonId: 'lunch' });
  v = h.session.view();
  assert.deepEqual(v.presence, { kind: 'paused', reason: { id: 'lunch', name: 'Lunch', system: false } });
  assert.equal(v.dot, 'orange');
  assert.equal(v.statusText, 'Paused: Lunch');
  assert.equal(v.since, '2026-01-01T09:00:06.000Z');
  h.session.apply({ type: 'pause', reasonId: 'break' });
  assert.equal(h.session.view().statusText, 'Paused: Break', 'a paused agent may change reason');
  const before = h.session.seq;
  h.session.apply({ type: 'pause', reasonId: 'break' });
  assert.equal(h.session.seq, before, 'choosing the current reason again changes nothing');
  assert.throws(() => (h.session.apply({ type: 'set-available' }), h.session.apply({ type: 'set-available' })), code('ACTION_NOT_ALLOWED'));
});

test('system reasons and unknown ids cannot be chosen', () => {
  const h = harness({
    pauseReasons: [
      { id: 'lunch', name: 'Lunch' },
      { id: 'auto-pause', name: 'Auto Pause' },
    ],
  });
  assert.deepEqual(h.session.view().pauseReasons, [{ id: 'lunch', name: 'Lunch', system: false }], 'system reasons are never offered');
  for (const reasonId of ['auto-pause', 'not-ready', 'nope', '']) {
    assert.throws(() => h.session.apply({ type: 'pause', reasonId }), code('UNKNOWN_PAUSE_REASON'), reasonId);
  }
  const none = harness({ pauseReasons: [] });
  assert.ok(!none.session.view().allowed.includes('pause'));
  assert.throws(() => none.session.apply({ type: 'pause', reasonId: 'lunch' }), code('ACTION_NOT_ALLOWED'));
});

test('pause works without voice: presence is what the agent chose; the dot stays red', () => {
  const h = harness();
  h.session.apply({ type: 'set-available' });
  assert.deepEqual(h.session.view().presence, { kind: 'available' });
  assert.equal(h.session.view().dot, 'red');
  assert.equal(h.session.view().statusText, 'Disconnected');
});

test('a pause chosen during a call waits in one replaceable slot and applies when wrapped', () => {
  const h = ready();
  h.session.callOffered();
  h.session.apply({ type: 'pause', reasonId: 'break' });
  assert.deepEqual(h.session.view().pendingPause, { id: 'break', name: 'Break', system: false });
  assert.deepEqual(h.session.view().presence, { kind: 'available' }, 'presence is untouched while the call is open');
  h.session.callAnswered();
  h.session.apply({ type: 'pause', reasonId: 'lunch' });
  assert.equal(h.session.view().pendingPause?.id, 'lunch', 'the slot holds one choice: the last one');
  h.session.callEnded();
  assert.equal(h.session.view().activity, 'wrap');
  assert.deepEqual(h.session.view().allowed, ['set-available', 'pause', 'clear-pending']);
  h.take();
  h.clock.advance(30_000);
  h.session.wrapDone();
  const v = h.session.view();
  assert.equal(v.activity, 'idle');
  assert.deepEqual(v.presence, { kind: 'paused', reason: { id: 'lunch', name: 'Lunch', system: false } });
  assert.equal(v.pendingPause, null);
  assert.equal(v.since, '2026-01-01T09:00:30.000Z', 'the pause starts when the call is wrapped');
  assert.deepEqual(names(h.take()), ['activity.changed', 'presence.changed', 'pending-pause.changed']);
});

test('the pending slot can be cleared, or emptied by choosing Available, or by choosing the current reason', () => {
  const h = ready();
  h.session.callOffered();
  h.session.callAnswered();
  assert.throws(() => h.session.apply({ type: 'clear-pending' }), code('ACTION_NOT_ALLOWED'));
  assert.throws(() => h.session.apply({ type: 'set-available' }), code('ACTION_NOT_ALLOWED'), 'already available, nothing pending');
  h.session.apply({ type: 'pause', reasonId: 'break' });
  h.take();
  h.session.apply({ type: 'clear-pending' });
  const [ev] = h.take();
  assert.equal(ev!.name, 'pending-pause.changed');
  assert.deepEqual(ev!.audit, { kind: 'pending-pause', from: 'break', to: null, detail: { cause: 'cleared' } });
  assert.equal(h.session.view().pendingPause, null);

  h.session.apply({ type: 'pause', reasonId: 'break' });
  h.session.apply({ type: 'set-available' });
  assert.equal(h.session.view().pendingPause, null, 'Available replaces the pending pause');
  h.session.callEnded();
  h.session.wrapDone();
  assert.deepEqual(h.session.view().presence, { kind: 'available' });
});

test('Available chosen during wrap applies at once (no call can be offered before the wrap ends anyway)', () => {
  const h = connected(); // paused Not Ready
  h.session.apply({ type: 'set-available' });
  h.session.apply({ type: 'pause', reasonId: 'meeting' });
  h.session.dialStarted(); // a manual call while paused is allowed (manual section 7)
  h.session.callAnswered();
  h.session.callEnded();
  h.session.apply({ type: 'set-available' });
  assert.deepEqual(h.session.view().presence, { kind: 'available' });
  assert.equal(h.session.view().activity, 'wrap');
  // Choosing the reason you are already on, mid-call, empties the slot rather than queueing a no-op.
  h.session.apply({ type: 'pause', reasonId: 'lunch' });
  h.session.wrapDone();
  h.session.dialStarted();
  h.session.apply({ type: 'pause', reasonId: 'break' });
  h.session.apply({ type: 'pause', reasonId: 'lunch' });
  assert.equal(h.session.view().pendingPause, null);
});

test('auto pause: only the system sets it; a missed offer auto-pauses unless a pause was pending', () => {
  const h = ready();
  h.session.callOffered();
  h.take();
  h.session.offerEnded('missed');
  let v = h.session.view();
  assert.equal(v.activity, 'idle');
  assert.deepEqual(v.presence, { kind: 'paused', reason: { id: 'auto-pause', name: 'Auto Pause', system: true } });
  assert.equal(v.statusText, 'Paused: Auto Pause');
  assert.equal(v.dot, 'orange');
  const evs = h.take();
  assert.deepEqual(names(evs), ['activity.changed', 'presence.changed', 'notice']);
  assert.equal(evs[2]!.notice?.code, 'AUTO_PAUSED');
  assert.equal(h.session.autoPause(), false, 'already on Auto Pause');
  assert.ok(v.allowed.includes('set-available'));
  h.session.apply({ type: 'set-available' });

  h.session.callOffered();
  h.session.apply({ type: 'pause', reasonId: 'lunch' });
  h.session.offerEnded('missed');
  v = h.session.view();
  assert.equal(v.presence.kind === 'paused' && v.presence.reason.id, 'lunch', "the agent's own choice wins over Auto Pause");

  h.session.apply({ type: 'set-available' });
  h.session.callOffered();
  h.session.offerEnded('declined');
  assert.deepEqual(h.session.view().presence, { kind: 'paused', reason: { id: 'auto-pause', name: 'Auto Pause', system: true } }, 'a decline auto-pauses like a miss');
  h.session.apply({ type: 'set-available' });
  h.session.callOffered();
  h.session.offerEnded('withdrawn');
  assert.deepEqual(h.session.view().presence, { kind: 'available' });
  assert.equal(h.session.autoPause(), true, 'the system may auto pause directly');
  assert.equal(h.session.view().statusText, 'Paused: Auto Pause');
});
