import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IllegalTransitionError, StateMachine, allowedMoves, forbiddenMoves, type TransitionTable } from '@switchboard/shared';
import { INTERACTION_STATES, INTERACTION_TRANSITIONS, LEG_STATES, LEG_TRANSITIONS, RECORDING_STATES, RECORDING_TRANSITIONS } from '../../src/index';

function walk<S extends string>(name: string, table: TransitionTable<S>, states: readonly S[]): void {
  assert.deepEqual(Object.keys(table).sort(), [...states].sort(), `${name}: every state has a row`);
  for (const [from, to] of allowedMoves(table)) {
    const m = new StateMachine<S>(name, table, from);
    m.transition(to);
    assert.equal(m.state, to);
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

test('leg table: every allowed move works, every other one throws', () => walk('leg', LEG_TRANSITIONS, LEG_STATES));
test('interaction table: every allowed move works, every other one throws', () => walk('interaction', INTERACTION_TRANSITIONS, INTERACTION_STATES));
test('recording table: every allowed move works, every other one throws', () => walk('recording', RECORDING_TRANSITIONS, RECORDING_STATES));

test('final states lead nowhere; every state is reachable from ivr or dialling', () => {
  assert.deepEqual(INTERACTION_TRANSITIONS.closed, []);
  assert.deepEqual(INTERACTION_TRANSITIONS.abandoned, []);
  assert.deepEqual(LEG_TRANSITIONS.ended, []);
  const seen = new Set<string>(['ivr', 'dialling']);
  const todo = ['ivr', 'dialling'] as Array<keyof typeof INTERACTION_TRANSITIONS>;
  while (todo.length) for (const n of INTERACTION_TRANSITIONS[todo.pop()!]) if (!seen.has(n)) seen.add(n), todo.push(n);
  assert.deepEqual([...seen].sort(), [...INTERACTION_STATES].sort());
});
