import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allowedMoves, forbiddenMoves, IllegalTransitionError } from '@switchboard/shared';
import { checkAgentMove, SIM_AGENT_STATES, SIM_AGENT_TRANSITIONS } from '../src/index';

const code = (s: string) => SIM_AGENT_STATES.indexOf(s as never);

test('every move the agent table allows is accepted', () => {
  for (const [from, to] of allowedMoves(SIM_AGENT_TRANSITIONS)) checkAgentMove(code(from), code(to));
});

test('every move it forbids throws a typed error', () => {
  const forbidden = forbiddenMoves(SIM_AGENT_TRANSITIONS);
  assert.ok(forbidden.length > 0);
  for (const [from, to] of forbidden) {
    assert.throws(
      () => checkAgentMove(code(from), code(to)),
      (e: unknown) => e instanceof IllegalTransitionError && e.code === 'ILLEGAL_TRANSITION',
    );
  }
});
