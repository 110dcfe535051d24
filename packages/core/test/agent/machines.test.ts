import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IllegalTransitionError, StateMachine, allowedMoves, forbiddenMoves, type TransitionTable } from '@switchboard/shared';
import {
  ACTIVITY_TRANSITIONS,
  AGENT_ACTIVITIES,
  AGENT_VOICE_STATUSES,
  AUTO_PAUSE_REASON,
  NOT_READY_REASON,
  PRESENCE_TRANSITIONS,
  PresenceMachine,
  VOICE_TRANSITIONS,
  VoiceLine,
} from '../../src/index';

function walk<S extends string>(name: string, table: TransitionTable<S>): void {
  for (const [from, to] of allowedMoves(table)) {
    const m = new StateMachine<S>(name, table, from);
    m.transition(to);
    assert.equal(m.state, to, `${name}: ${from} → ${to}`);
  }
  for (const [from, to] of forbiddenMoves(table)) {
    const m = new StateMachine<S>(name, table, from);
    assert.throws(
      () => m.transition(to),
      (e: unknown) => e instanceof IllegalTransitionError && e.code === 'ILLEGAL_TRANSITION' && e.from === from && e.to === to,
      `${name}: ${from} → ${to} must be refused`,
    );
    assert.equal(m.state, from);
  }
}

test('presence table: every allowed move works, every forbidden one throws', () => {
  walk('presence', PRESENCE_TRANSITIONS);
  assert.deepEqual(allowedMoves(PRESENCE_TRANSITIONS).length, 3);
});

test('voice table: every allowed move works, every forbidden one throws', () => {
  assert.deepEqual(Object.keys(VOICE_TRANSITIONS).sort(), [...AGENT_VOICE_STATUSES].sort());
  walk('voice', VOICE_TRANSITIONS);
});

test('activity table: every allowed move works, every forbidden one throws', () => {
  assert.deepEqual(Object.keys(ACTIVITY_TRANSITIONS).sort(), [...AGENT_ACTIVITIES].sort());
  walk('activity', ACTIVITY_TRANSITIONS);
  // The rules the table encodes, spelled out.
  assert.deepEqual(ACTIVITY_TRANSITIONS['on-call'], ['wrap'], 'a live call only ends in wrap');
  for (const s of AGENT_ACTIVITIES) {
    const reachesOffer = ACTIVITY_TRANSITIONS[s].includes('offered');
    assert.equal(reachesOffer, s === 'idle', `only idle may be offered a call (${s})`);
  }
});

test('PresenceMachine starts Not Ready, changes reason, and refuses available → available', () => {
  const p = new PresenceMachine();
  assert.deepEqual(p.value, { kind: 'paused', reason: NOT_READY_REASON });
  p.set({ kind: 'paused', reason: AUTO_PAUSE_REASON });
  assert.equal(p.is({ kind: 'paused', reason: AUTO_PAUSE_REASON }), true);
  p.set({ kind: 'available' });
  assert.throws(() => p.set({ kind: 'available' }), IllegalTransitionError);
  assert.deepEqual(p.value, { kind: 'available' });
});

test('VoiceLine walks its table and keeps what the view needs', () => {
  const v = new VoiceLine();
  assert.throws(() => v.connected(), IllegalTransitionError);
  const id = v.connecting({ method: 'call-in', number: null, persistent: true });
  v.awaitingCallIn({ dialNumber: '+61290000000', agentNumber: '1001', pin: '1234' });
  assert.deepEqual(v.view().callIn, { dialNumber: '+61290000000', agentNumber: '1001', pin: '1234' });
  v.failed('no answer');
  assert.equal(v.view().failure, 'no answer');
  assert.equal(v.view().callIn, null);
  assert.throws(() => v.failed('again'), IllegalTransitionError);
  const id2 = v.connecting({ method: 'web', number: null, persistent: false });
  assert.ok(id2 > id);
  v.connected();
  assert.deepEqual(v.view(), { status: 'connected', method: 'web', number: null, persistent: false, prompt: false, callIn: null, failure: null });
  v.none();
  assert.equal(v.view().method, null);
  assert.ok(v.attemptId > id2, 'dropping an attempt invalidates late reports about it');
});
