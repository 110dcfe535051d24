import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IllegalTransitionError, allowedMoves, forbiddenMoves } from '@switchboard/shared';
import { CALL_LEG_TRANSITIONS, callLegStateMachine, isUp, isEarly, type CallLegState } from '../src/leg/leg-state';

test('leg state: every allowed move works and reports itself', () => {
  const moves = allowedMoves(CALL_LEG_TRANSITIONS);
  assert.ok(moves.length >= 20);
  for (const [from, to] of moves) {
    const m = callLegStateMachine('l1', from);
    const seen: Array<[CallLegState, CallLegState]> = [];
    m.onTransition((f, t) => seen.push([f, t]));
    m.transition(to);
    assert.equal(m.state, to);
    assert.deepEqual(seen, [[from, to]]);
  }
});

test('leg state: every forbidden move throws a typed error and changes nothing', () => {
  for (const [from, to] of forbiddenMoves(CALL_LEG_TRANSITIONS)) {
    const m = callLegStateMachine('l1', from);
    assert.throws(
      () => m.transition(to),
      (e: unknown) => e instanceof IllegalTransitionError && e.code === 'ILLEGAL_TRANSITION',
    );
    assert.equal(m.state, from);
  }
});

test('leg state: ended is final; every state can reach ended', () => {
  assert.deepEqual(CALL_LEG_TRANSITIONS.ended, []);
  for (const s of Object.keys(CALL_LEG_TRANSITIONS) as CallLegState[]) {
    if (s === 'ended') continue;
    assert.ok(CALL_LEG_TRANSITIONS[s].includes('ended'), `${s} cannot end`);
  }
  assert.ok(isUp('held') && isUp('answered') && !isUp('ringing'));
  assert.ok(isEarly('calling') && !isEarly('answered'));
});
