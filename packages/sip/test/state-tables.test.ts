import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StateMachine, IllegalTransitionError, allowedMoves, forbiddenMoves, type TransitionTable } from '@switchboard/shared';
import { DIALOG_TABLE, INCOMING_INVITE_TABLE, INCOMING_REFER_TABLE, OUTGOING_INVITE_TABLE } from '../src/index';

for (const [name, table] of [
  ['dialog', DIALOG_TABLE],
  ['incoming invite', INCOMING_INVITE_TABLE],
  ['outgoing invite', OUTGOING_INVITE_TABLE],
  ['incoming refer', INCOMING_REFER_TABLE],
] as Array<[string, TransitionTable<string>]>) {
  test(`${name} table: allowed moves work, forbidden ones throw IllegalTransitionError`, () => {
    for (const [from, to] of allowedMoves(table)) {
      const m = new StateMachine(name, table, from);
      m.transition(to);
      assert.equal(m.state, to);
    }
    for (const [from, to] of forbiddenMoves(table)) {
      const m = new StateMachine(name, table, from);
      assert.throws(
        () => m.transition(to),
        (e: unknown) => e instanceof IllegalTransitionError && e.code === 'ILLEGAL_TRANSITION',
      );
    }
  });
}
