import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MESSAGE_MAX, countText, typedLength } from '../src/state/assist-text';

test('assistance message: counted as typed (an emoji is one character), refused above 1,500', () => {
  assert.equal(typedLength('héllo 🙂'), 7);
  assert.equal('🙂'.length, 2, 'a UTF-16 count would say two');
  assert.deepEqual(countText('🙂'.repeat(MESSAGE_MAX)), { text: '1500 / 1500 characters', over: false });
  assert.deepEqual(countText('🙂'.repeat(MESSAGE_MAX + 3)), { text: '3 characters too many (at most 1500)', over: true });
  assert.deepEqual(countText(''), { text: '0 / 1500 characters', over: false });
});
