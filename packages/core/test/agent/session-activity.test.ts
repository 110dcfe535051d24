import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IllegalTransitionError, SwitchboardError, allowedMoves } from '@switchboard/shared';
import { ACTIVITY_TRANSITIONS, AGENT_ACTIVITIES, type AgentSession, type AgentSessionActivity } from '../../src/index';
import { callIn, harness, type Harness } from './helpers';

/** How to bring a fresh session to each activity through its public inputs. */
const reach: Record<AgentSessionActivity, (s: AgentSession) => void> = {
  'no-voice': () => {},
  'connecting-voice': (s) => s.apply(callIn),
  idle: (s) => (s.apply(callIn), s.voiceConnected()),
  offered: (s) => (reach.idle(s), s.callOffered()),
  'on-call': (s) => (reach.offered(s), s.callAnswered()),
  wrap: (s) => (reach['on-call'](s), s.callEnded()),
  previewing: (s) => (reach.idle(s), s.previewStarted()),
  dialling: (s) => (reach.idle(s), s.dialStarted()),
};

/** The input that makes each allowed move (some need a little set-up first). */
const edge: Record<string, (s: AgentSession) => void> = {
  'no-voice→connecting-voice': (s) => s.apply(callIn),
  'connecting-voice→idle': (s) => s.voiceConnected(),
  'connecting-voice→no-voice': (s) => s.voiceFailed('no answer'),
  'idle→offered': (s) => s.callOffered(),
  'idle→previewing': (s) => s.previewStarted(),
  'idle→dialling': (s) => s.dialStarted(),
  'idle→no-voice': (s) => s.voiceDropped(),
  'offered→on-call': (s) => s.callAnswered(),
  'offered→idle': (s) => s.offerEnded('declined'),
  'offered→no-voice': (s) => s.voiceDropped(),
  'on-call→wrap': (s) => s.callEnded(),
  'wrap→idle': (s) => s.wrapDone(),
  'wrap→no-voice': (s) => (s.voiceDropped(), s.wrapDone()),
  'wrap→connecting-voice': (s) => (s.voiceDropped(), s.apply(callIn), s.wrapDone()),
  'wrap→on-call': (s) => s.callReturned(),
  'previewing→dialling': (s) => s.dialStarted(),
  'previewing→idle': (s) => s.previewEnded(),
  'previewing→no-voice': (s) => s.voiceDropped(),
  'dialling→on-call': (s) => s.callAnswered(),
  'dialling→idle': (s) => s.dialFailed('Called party is busy'),
  'dialling→previewing': (s) => s.dialFailed('No answer', 'previewing'),
  'dialling→wrap': (s) => s.dialFailed('No answer', 'wrap'),
  'dialling→no-voice': (s) => s.voiceDropped(),
};

test('every move in the activity table is made by a session input, and no input makes any other', () => {
  const moves = allowedMoves(ACTIVITY_TRANSITIONS).map(([f, t]) => `${f}→${t}`);
  assert.deepEqual(Object.keys(edge).sort(), [...moves].sort(), 'one input per allowed move');
  for (const [from, to] of allowedMoves(ACTIVITY_TRANSITIONS)) {
    const h = harness();
    reach[from](h.session);
    assert.equal(h.session.view().activity, from);
    const seen: Array<[unknown, unknown]> = [];
    h.session.on('event', (e) => e.name === 'activity.changed' && seen.push([e.audit.from, e.audit.to]));
    edge[`${from}→${to}`]!(h.session);
    assert.equal(h.session.view().activity, to, `${from} → ${to}`);
    assert.deepEqual(seen.at(-1), [from, to]);
  }
});

const hooks: Record<string, { from: readonly AgentSessionActivity[]; run: (s: AgentSession) => void }> = {
  callOffered: { from: ['idle'], run: (s) => s.callOffered() },
  callAnswered: { from: ['offered', 'dialling'], run: (s) => s.callAnswered() },
  offerEnded: { from: ['offered'], run: (s) => s.offerEnded('declined') },
  callEnded: { from: ['on-call'], run: (s) => s.callEnded() },
  wrapDone: { from: ['wrap'], run: (s) => s.wrapDone() },
  callReturned: { from: ['wrap'], run: (s) => s.callReturned() },
  previewStarted: { from: ['idle'], run: (s) => s.previewStarted() },
  previewEnded: { from: ['previewing'], run: (s) => s.previewEnded() },
  dialStarted: { from: ['idle', 'previewing'], run: (s) => s.dialStarted() },
  dialFailed: { from: ['dialling'], run: (s) => s.dialFailed('busy') },
};

test('a call-lifecycle input in the wrong activity throws IllegalTransitionError and changes nothing', () => {
  for (const state of AGENT_ACTIVITIES) {
    for (const [name, hook] of Object.entries(hooks)) {
      if (hook.from.includes(state)) continue;
      const h: Harness = harness();
      reach[state](h.session);
      const before = h.session.view();
      const seq = h.session.seq;
      assert.throws(() => hook.run(h.session), IllegalTransitionError, `${name} in ${state}`);
      assert.deepEqual(h.session.view(), before);
      assert.equal(h.session.seq, seq);
    }
  }
});

test('voice dropping: a live call still goes to wrap; a ringing offer, preview or dial is given up', () => {
  for (const [state, after] of [
    ['idle', 'no-voice'],
    ['offered', 'no-voice'],
    ['on-call', 'wrap'],
    ['wrap', 'wrap'],
    ['previewing', 'no-voice'],
    ['dialling', 'no-voice'],
  ] as const) {
    const h = harness();
    reach[state](h.session);
    h.take();
    assert.equal(h.session.voiceDropped('Phone hung up'), true);
    const v = h.session.view();
    assert.equal(v.activity, after, state);
    assert.equal(v.voice.status, 'none');
    assert.equal(v.dot, 'red');
    assert.equal(v.statusText, 'Disconnected');
    assert.ok(v.allowed.includes('connect-voice'), `Connect Voice offered after a drop in ${state}`);
    const notice = h.take().find((e) => e.name === 'notice');
    assert.deepEqual(notice?.notice, { level: 'warning', code: 'VOICE_DROPPED', message: 'Phone hung up. Connect Voice to take calls again.' });
  }
});

test('a failed dial shows the reason and never silently makes the agent available', () => {
  const h = harness();
  reach.dialling(h.session); // still paused Not Ready
  h.take();
  h.session.dialFailed('Called party is busy');
  const evs = h.take();
  assert.deepEqual(evs.find((e) => e.name === 'notice')?.notice, { level: 'error', code: 'DIAL_FAILED', message: 'Called party is busy' });
  assert.deepEqual(h.session.view().presence.kind, 'paused');
  const h2 = harness();
  reach.dialling(h2.session);
  assert.throws(
    () => h2.session.dialFailed('x', 'on-call' as never),
    (e: unknown) => e instanceof SwitchboardError && e.code === 'VALIDATION_FAILED',
  );
  assert.equal(h2.session.view().activity, 'dialling');
});
