import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StateMachine, IllegalTransitionError, allowedMoves, forbiddenMoves, type TransitionTable } from '../src/index';

type S = 'a' | 'b' | 'c';
const table: TransitionTable<S> = { a: ['b'], b: ['a', 'c'], c: [] };

test('walks every allowed move and rejects every forbidden one with a typed error', () => {
  for (const [from, to] of allowedMoves(table)) {
    const m = new StateMachine<S>('t', table, from);
    const seen: Array<[S, S]> = [];
    m.onTransition((f, t) => seen.push([f, t]));
    m.transition(to);
    assert.equal(m.state, to);
    assert.deepEqual(seen, [[from, to]]);
  }
  for (const [from, to] of forbiddenMoves(table)) {
    const m = new StateMachine<S>('t', table, from);
    assert.throws(
      () => m.transition(to),
      (e: unknown) => e instanceof IllegalTransitionError && e.code === 'ILLEGAL_TRANSITION',
    );
    assert.equal(m.state, from);
  }
});
