import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxBehaviour } from '../src/sandbox/number-plan';

test('sandbox number plan', () => {
  assert.deepEqual(sandboxBehaviour('1000'), { kind: 'answer', afterMs: 0, audio: 'tone' });
  assert.deepEqual(sandboxBehaviour('+10005551234'), { kind: 'answer', afterMs: 0, audio: 'tone' });
  assert.deepEqual(sandboxBehaviour('1001'), { kind: 'answer', afterMs: 0, audio: 'wav' });
  assert.deepEqual(sandboxBehaviour('1002'), { kind: 'answer', afterMs: 0, audio: 'echo' });
  assert.deepEqual(sandboxBehaviour('2000'), { kind: 'busy' });
  assert.deepEqual(sandboxBehaviour('3000'), { kind: 'no_answer' });
  assert.deepEqual(sandboxBehaviour('4000'), { kind: 'invalid' });
  assert.deepEqual(sandboxBehaviour('503'), { kind: 'answer', afterMs: 3000, audio: 'tone' });
  assert.deepEqual(sandboxBehaviour('51299'), { kind: 'answer', afterMs: 12000, audio: 'tone' });
  assert.deepEqual(sandboxBehaviour('6000'), { kind: 'machine', afterMs: 1000 });
  assert.deepEqual(sandboxBehaviour('7000'), { kind: 'invalid' });
  assert.deepEqual(sandboxBehaviour('5'), { kind: 'invalid' });
  assert.deepEqual(sandboxBehaviour('alice'), { kind: 'invalid' });
});
