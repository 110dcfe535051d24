import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IllegalTransitionError, allowedMoves, forbiddenMoves } from '@switchboard/shared';
import { DIAL_STAGES, dialStageMachine, type DialStage } from '../../src/calls/manual-dialer';

test('manual dial stages: every allowed move works and reports itself', () => {
  const moves = allowedMoves(DIAL_STAGES);
  assert.equal(moves.length, 4);
  for (const [from, to] of moves) {
    const m = dialStageMachine('int_1', from);
    const seen: Array<[DialStage, DialStage]> = [];
    m.onTransition((f, t) => seen.push([f, t]));
    m.transition(to);
    assert.equal(m.state, to);
    assert.deepEqual(seen, [[from, to]]);
  }
});

test('manual dial stages: every forbidden move throws a typed error and changes nothing; bridged and failed are final', () => {
  for (const [from, to] of forbiddenMoves(DIAL_STAGES)) {
    const m = dialStageMachine('int_1', from);
    assert.throws(
      () => m.transition(to),
      (e: unknown) => e instanceof IllegalTransitionError && e.code === 'ILLEGAL_TRANSITION',
      `${from} → ${to}`,
    );
    assert.equal(m.state, from);
  }
  assert.deepEqual([DIAL_STAGES.bridged, DIAL_STAGES.failed], [[], []]);
  // The customer is never dialled before the agent's phone answered, and never bridged from it.
  assert.ok(!DIAL_STAGES['agent-ringing'].includes('bridged'));
});
