import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SwitchboardError } from '@switchboard/shared';
import { callIn, callMe, harness, names } from './helpers';

function code(c: string) {
  return (e: unknown) => e instanceof SwitchboardError && e.code === c;
}

test('login: paused Not Ready, no voice, red Disconnected, prompt up, seq 1', () => {
  const h = harness();
  const v = h.session.view();
  assert.equal(h.session.seq, 1);
  assert.deepEqual(names(h.events), ['session.started']);
  assert.equal(h.events[0]!.seq, 1);
  assert.equal(h.events[0]!.at, '2026-01-01T09:00:00.000Z');
  assert.deepEqual(v.presence, { kind: 'paused', reason: { id: 'not-ready', name: 'Not Ready', system: true } });
  assert.equal(v.activity, 'no-voice');
  assert.deepEqual(v.voice, { status: 'none', method: null, number: null, persistent: false, prompt: true, callIn: null, failure: null });
  assert.equal(v.dot, 'red');
  assert.equal(v.statusText, 'Disconnected');
  assert.equal(v.pendingPause, null);
  assert.deepEqual(
    v.pauseReasons.map((r) => [r.id, r.system]),
    [
      ['break', false],
      ['lunch', false],
      ['meeting', false],
    ],
  );
  assert.deepEqual(v.campaigns, [{ id: 'care-inbound', name: 'Customer Care', direction: 'inbound' }]);
  assert.deepEqual(v.allowed, ['connect-voice', 'skip-voice', 'set-available', 'pause', 'sign-out']);
  assert.equal(v.since, '2026-01-01T09:00:00.000Z');
  assert.deepEqual(v.agent, { id: 'alice', username: 'alice', displayName: 'Alice Nguyen', agentNumber: '1001', teamId: 'care' });
});

test('call in: connecting shows number, agent ID and PIN; connected only when the server says so', () => {
  const h = harness();
  h.take();
  h.session.apply(callIn);
  let v = h.session.view();
  assert.equal(v.voice.status, 'connecting');
  assert.equal(v.activity, 'connecting-voice');
  assert.deepEqual(v.voice.callIn, { dialNumber: '+61290000000', agentNumber: '1001', pin: '1234' });
  assert.equal(v.dot, 'red');
  assert.equal(v.statusText, 'Connecting voice');
  assert.deepEqual(v.allowed, ['skip-voice', 'disconnect-voice', 'set-available', 'pause', 'sign-out']);
  assert.deepEqual(h.connector.connects, [{ sessionId: 'ses_1', agentId: 'alice', attemptId: 1, method: 'call-in', number: null, persistent: true }]);
  const evs = h.take();
  assert.deepEqual(names(evs), ['voice.changed', 'activity.changed', 'voice.changed', 'notice']);
  assert.equal(evs[3]!.notice?.code, 'VOICE_CALL_IN');
  assert.ok(!JSON.stringify(evs.map((e) => e.audit)).includes('1234'), 'the PIN never reaches the audit');

  h.clock.advance(60_000); // nothing pretends: still connecting a minute later
  assert.equal(h.session.view().voice.status, 'connecting');

  assert.equal(h.session.voiceConnected(), true);
  v = h.session.view();
  assert.equal(v.voice.status, 'connected');
  assert.equal(v.voice.prompt, false);
  assert.equal(v.voice.callIn, null);
  assert.equal(v.activity, 'idle');
  assert.equal(v.dot, 'orange');
  assert.equal(v.statusText, 'Paused: Not Ready');
  assert.deepEqual(v.presence.kind, 'paused', 'connecting never changes what the agent chose');
  const after = h.take();
  assert.deepEqual(names(after), ['voice.changed', 'activity.changed', 'notice']);
  assert.deepEqual(after[2]!.notice, { level: 'success', code: 'VOICE_CONNECTED', message: 'Voice connected (Call in, persistent)' });
});

test('call me needs a number; a failure leaves the agent free to retry or skip', () => {
  const h = harness();
  assert.throws(() => h.session.apply({ type: 'connect-voice', method: 'call-me', persistent: true, saveAsDefault: false }), code('VALIDATION_FAILED'));
  assert.throws(() => h.session.apply(callMe('   ')), code('VALIDATION_FAILED'));
  assert.throws(() => h.session.apply(callMe('1'.repeat(65))), code('VALIDATION_FAILED'));
  assert.equal(h.session.view().voice.status, 'none', 'a refused command changes nothing');
  assert.equal(h.session.seq, 1);

  h.connector.answer = () => ({ kind: 'failed', reason: 'Call me to connect is not available yet: no telephony engine' });
  h.session.apply(callMe(' +61412345678 ', false));
  let v = h.session.view();
  assert.equal(h.connector.connects[0]!.number, '+61412345678');
  assert.equal(v.voice.status, 'failed');
  assert.equal(v.voice.failure, 'Call me to connect is not available yet: no telephony engine');
  assert.equal(v.voice.method, 'call-me');
  assert.equal(v.voice.persistent, false);
  assert.equal(v.voice.prompt, true);
  assert.equal(v.activity, 'no-voice');
  assert.equal(v.dot, 'red');
  assert.deepEqual(v.allowed, ['connect-voice', 'skip-voice', 'set-available', 'pause', 'sign-out']);
  const failedNotice = h.events.find((e) => e.notice?.code === 'VOICE_FAILED');
  assert.equal(failedNotice?.notice?.level, 'error');

  // Retry with another method works from failed.
  h.connector.answer = () => ({ kind: 'awaiting-web' });
  h.session.apply({ type: 'connect-voice', method: 'web', number: '+61400000000', persistent: false, saveAsDefault: false });
  v = h.session.view();
  assert.equal(v.voice.status, 'connecting');
  assert.equal(v.voice.number, null, 'web rings nobody');
  assert.equal(v.voice.failure, null);
  h.session.voiceFailed('Microphone permission denied');
  h.session.apply({ type: 'skip-voice' });
  v = h.session.view();
  assert.equal(v.voice.status, 'none');
  assert.equal(v.voice.prompt, false);
  assert.equal(v.statusText, 'Disconnected');
  assert.deepEqual(v.allowed, ['connect-voice', 'set-available', 'pause', 'sign-out'], 'Connect Voice stays on offer');
});
