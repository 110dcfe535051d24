import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SwitchboardError } from '@switchboard/shared';
import { AgentSession, type AgentAllowedAction, type AgentCommand } from '../../src/index';
import { ALICE, FakeConnector, callIn, callMe, connected, harness, names, ready } from './helpers';

function code(c: string) {
  return (e: unknown) => e instanceof SwitchboardError && e.code === c;
}

const COMMANDS: Record<AgentAllowedAction, AgentCommand> = {
  'connect-voice': callIn,
  'skip-voice': { type: 'skip-voice' },
  'disconnect-voice': { type: 'disconnect-voice' },
  'set-available': { type: 'set-available' },
  pause: { type: 'pause', reasonId: 'lunch' },
  'clear-pending': { type: 'clear-pending' },
  'sign-out': { type: 'sign-out' },
};

test('allowed actions per state, and every action outside the list is refused with ACTION_NOT_ALLOWED', () => {
  function withReady(f: (s: AgentSession) => void): AgentSession {
    const s = ready().session;
    f(s);
    return s;
  }
  function skipped(): AgentSession {
    const s = harness().session;
    s.apply({ type: 'skip-voice' });
    return s;
  }
  const cases: Array<[string, () => AgentSession, AgentAllowedAction[]]> = [
    ['login', () => harness().session, ['connect-voice', 'skip-voice', 'set-available', 'pause', 'sign-out']],
    ['skipped', skipped, ['connect-voice', 'set-available', 'pause', 'sign-out']],
    ['idle paused', () => connected().session, ['disconnect-voice', 'set-available', 'pause', 'sign-out']],
    ['idle available', () => ready().session, ['disconnect-voice', 'pause', 'sign-out']],
    ['offered', () => withReady((s) => s.callOffered()), ['pause']],
    ['on-call with pending', () => withReady((s) => (s.callOffered(), s.callAnswered(), s.apply(COMMANDS.pause))), ['set-available', 'pause', 'clear-pending']],
    ['wrap', () => withReady((s) => (s.callOffered(), s.callAnswered(), s.callEnded())), ['pause']],
    ['previewing', () => withReady((s) => s.previewStarted()), ['pause', 'sign-out']],
    ['dialling', () => withReady((s) => s.dialStarted()), ['pause']],
    ['wrap, voice dropped', () => withReady((s) => (s.callOffered(), s.callAnswered(), s.voiceDropped())), ['connect-voice', 'pause']],
  ];
  for (const [label, make, expected] of cases) {
    assert.deepEqual(make().view().allowed, expected, label);
    for (const action of Object.keys(COMMANDS) as AgentAllowedAction[]) {
      if (expected.includes(action)) continue;
      const s = make();
      const before = s.view();
      assert.throws(() => s.apply(COMMANDS[action]), code('ACTION_NOT_ALLOWED'), `${action} in ${label}`);
      assert.deepEqual(s.view(), before, `${action} in ${label} changed nothing`);
    }
  }
});

test('sequence numbers start at 1 and grow by exactly one per event; each event carries the state after it', () => {
  const h = ready();
  h.session.callOffered();
  h.session.apply({ type: 'pause', reasonId: 'break' });
  h.session.callAnswered();
  h.session.callEnded();
  h.session.wrapDone();
  h.session.apply({ type: 'disconnect-voice' });
  h.session.apply({ type: 'sign-out' });
  h.events.forEach((e, i) => assert.equal(e.seq, i + 1));
  assert.equal(h.session.seq, h.events.length);
  for (const e of h.events) {
    if (e.name === 'session.ended') assert.equal(e.state, null);
    else assert.ok(e.state);
    assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
  const presence = h.events.filter((e) => e.name === 'presence.changed').at(-1)!;
  assert.deepEqual(presence.state!.presence, { kind: 'paused', reason: { id: 'break', name: 'Break', system: false } });
  assert.deepEqual(names(h.events).slice(-4), ['pending-pause.changed', 'voice.changed', 'activity.changed', 'session.ended']);
});

test('sign-out: refused with a call ringing, live, dialling or unwrapped; ends the session and hangs up voice', () => {
  const h = ready();
  h.session.callOffered();
  assert.throws(() => h.session.apply({ type: 'sign-out' }), code('ACTION_NOT_ALLOWED'));
  h.session.callAnswered();
  assert.throws(() => h.session.apply({ type: 'sign-out' }), code('ACTION_NOT_ALLOWED'));
  h.session.callEnded();
  assert.throws(() => h.session.apply({ type: 'sign-out' }), code('ACTION_NOT_ALLOWED'), 'wrap the call first');
  h.session.wrapDone();
  h.take();
  const out = h.session.apply({ type: 'sign-out' });
  assert.deepEqual(out, { seq: h.session.seq, state: null });
  const evs = h.take();
  assert.deepEqual(names(evs), ['voice.changed', 'session.ended']);
  assert.deepEqual(evs[1]!.audit, { kind: 'session', from: 'idle', to: 'ended', detail: { reason: 'sign-out' } });
  assert.equal(h.connector.disconnects.length, 1, 'the voice path is torn down');
  assert.equal(h.session.isEnded, true);
  assert.deepEqual(h.session.view().allowed, []);
  assert.throws(() => h.session.apply({ type: 'pause', reasonId: 'lunch' }), code('ACTION_NOT_ALLOWED'));
  assert.throws(() => h.session.callOffered(), code('ACTION_NOT_ALLOWED'));
  assert.equal(h.session.voiceDropped(), false);
  assert.equal(h.session.autoPause(), false);
  assert.equal(h.session.forceEnd('again'), false);
});

test('forceEnd ends the session in any state (server decides, e.g. logout or take-over)', () => {
  const h = ready();
  h.session.callOffered();
  h.session.callAnswered();
  assert.equal(h.session.forceEnd('token revoked'), true);
  assert.equal(h.events.at(-1)!.name, 'session.ended');
  assert.deepEqual(h.events.at(-1)!.audit.detail, { reason: 'token revoked' });
});

test('cancel, disconnect and skip tell the connector; stale reports about an abandoned attempt are ignored', () => {
  const h = harness();
  h.session.apply(callIn);
  const first = h.connector.connects[0]!.attemptId;
  h.session.apply({ type: 'disconnect-voice' });
  assert.deepEqual(h.connector.disconnects, [{ sessionId: 'ses_1', agentId: 'alice', attemptId: first }]);
  assert.equal(h.session.view().voice.status, 'none');
  assert.equal(h.session.view().activity, 'no-voice');
  assert.equal(h.session.view().voice.prompt, true, 'cancelling keeps the Phone Connection screen');
  assert.equal(h.session.voiceConnected(first), false, 'the cancelled attempt cannot connect');
  h.session.apply(callMe());
  const second = h.connector.connects[1]!.attemptId;
  assert.ok(second > first);
  assert.equal(h.session.voiceConnected(first), false);
  assert.equal(h.session.voiceFailed('late', first), false);
  assert.equal(h.session.voiceConnected(second), true);
  assert.equal(h.session.voiceConnected(second), false, 'a duplicate report changes nothing');
  assert.deepEqual(
    h
      .take()
      .filter((e) => e.notice)
      .map((e) => e.notice!.code),
    ['VOICE_CALL_IN', 'VOICE_DIALLING', 'VOICE_CONNECTED'],
  );
  h.session.apply({ type: 'disconnect-voice' });
  assert.equal(h.connector.disconnects.length, 2);
  assert.equal(h.session.voiceDropped(), false, "the connector's own hang-up report after a disconnect is ignored");
  h.session.apply(callIn);
  h.session.apply({ type: 'skip-voice' });
  assert.equal(h.connector.disconnects.length, 3);
  assert.equal(h.session.view().voice.prompt, false);
});

test('an asynchronous connector: the answer applies later, a rejection becomes a failure, internals stay hidden', async () => {
  const h = harness();
  let resolve!: (r: { kind: 'awaiting-call-in'; dialNumber: string; agentNumber: string; pin: string }) => void;
  h.connector.answer = () => new Promise((r) => (resolve = r));
  h.session.apply(callIn);
  assert.equal(h.session.view().voice.callIn, null);
  resolve({ kind: 'awaiting-call-in', dialNumber: '+61290000000', agentNumber: '1001', pin: '987654' });
  await new Promise((r) => setImmediate(r));
  assert.equal(h.session.view().voice.callIn?.pin, '987654');

  h.session.apply({ type: 'disconnect-voice' });
  h.connector.answer = () => Promise.reject(new SwitchboardError('VOICE_UNAVAILABLE', 'The telephony engine is not running in this build yet'));
  h.session.apply(callMe());
  await new Promise((r) => setImmediate(r));
  assert.equal(h.session.view().voice.status, 'failed');
  assert.equal(h.session.view().voice.failure, 'The telephony engine is not running in this build yet');

  h.connector.answer = () => Promise.reject(new Error('ECONNREFUSED 10.0.0.7:5060'));
  h.session.apply(callMe());
  await new Promise((r) => setImmediate(r));
  assert.equal(h.session.view().voice.failure, 'The voice connection could not be set up', 'no internal detail leaks');

  h.connector.answer = () => {
    throw new Error('boom');
  };
  h.session.apply(callIn);
  assert.equal(h.session.view().voice.status, 'failed');

  // An answer that arrives after the agent gave up is ignored.
  let late!: (r: { kind: 'failed'; reason: string }) => void;
  h.connector.answer = () => new Promise((r) => (late = r));
  h.session.apply(callIn);
  h.session.apply({ type: 'skip-voice' });
  const seq = h.session.seq;
  late({ kind: 'failed', reason: 'too late' });
  await new Promise((r) => setImmediate(r));
  assert.equal(h.session.seq, seq);
  assert.equal(h.session.view().voice.status, 'none');
});

test('save as default emits defaults.changed with the choice; defaults from login are shown', () => {
  const h = harness({ defaults: { method: 'call-me', number: '+61412345678', persistent: true } });
  assert.deepEqual(h.session.view().defaults, { method: 'call-me', number: '+61412345678', persistent: true });
  h.take();
  h.session.apply({ type: 'connect-voice', method: 'call-in', persistent: false, saveAsDefault: true });
  const evs = h.take();
  assert.equal(evs[0]!.name, 'defaults.changed');
  assert.deepEqual(evs[0]!.state!.defaults, { method: 'call-in', number: null, persistent: false });
  assert.deepEqual(evs[0]!.audit, { kind: 'defaults', from: 'call-me', to: 'call-in', detail: { method: 'call-in', number: null, persistent: false } });
  assert.throws(() => h.session.apply({ type: 'connect-voice', method: 'call-me', persistent: true, saveAsDefault: true }), code('ACTION_NOT_ALLOWED'), 'already connecting');
  assert.deepEqual(h.session.view().defaults, { method: 'call-in', number: null, persistent: false });
});

test('bad input gets a clear code and never breaks the session', () => {
  const h = harness();
  assert.throws(() => h.session.apply({ type: 'dance' } as never), code('VALIDATION_FAILED'));
  assert.throws(() => h.session.apply(null as never), code('VALIDATION_FAILED'));
  assert.throws(() => h.session.apply({ type: 'connect-voice', method: 'carrier-pigeon', persistent: true, saveAsDefault: false } as never), code('VALIDATION_FAILED'));
  assert.throws(() => h.session.apply({ type: 'connect-voice', method: 'call-me', number: 42, persistent: true, saveAsDefault: false } as never), code('VALIDATION_FAILED'));
  assert.equal(h.session.seq, 1);
  // A throwing listener is reported, and the others still get every event.
  const errors: unknown[] = [];
  const s = new AgentSession({
    clock: h.clock,
    sessionId: 'ses_2',
    agent: ALICE,
    pauseReasons: [],
    campaigns: [],
    defaults: null,
    voice: new FakeConnector(),
    logger: {
      debug() {},
      info() {},
      warn() {},
      error: (o) => errors.push(o),
      child() {
        return this;
      },
    },
  });
  const got: number[] = [];
  s.on('event', () => {
    throw new Error('listener bug');
  });
  s.on('event', (e) => got.push(e.seq));
  s.apply({ type: 'set-available' });
  assert.deepEqual(got, [2]);
  assert.equal(errors.length, 1);
});

test('predictive campaigns: a reminder at login (manual section 12)', () => {
  const h = harness({ campaigns: [{ id: 'renewals-predictive', name: 'Renewals', direction: 'outbound', dialMode: 'predictive' }] });
  assert.deepEqual(names(h.events), ['session.started', 'notice']);
  assert.equal(h.events[1]!.notice?.code, 'PREDICTIVE_NEEDS_PERSISTENT');
  assert.deepEqual(h.session.view().campaigns, [{ id: 'renewals-predictive', name: 'Renewals', direction: 'outbound' }]);
});

test('a listener that applies a command while events are being delivered keeps the order', () => {
  const h = ready();
  const seen: number[] = [];
  h.session.on('event', (e) => {
    seen.push(e.seq);
    if (e.name === 'activity.changed' && e.audit.to === 'offered') h.session.apply({ type: 'pause', reasonId: 'lunch' });
  });
  h.session.callOffered();
  assert.deepEqual(seen, [seen[0]!, seen[0]! + 1]);
  assert.equal(h.session.view().pendingPause?.id, 'lunch');
});
