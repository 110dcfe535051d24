import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../src/index';

test('fake clock fires timers in due order and only when advanced', () => {
  const clock = new FakeClock(1000);
  const fired: string[] = [];
  clock.setTimeout(() => fired.push('b'), 200);
  clock.setTimeout(() => fired.push('a'), 100);
  const c = clock.setTimeout(() => fired.push('c'), 150);
  clock.clearTimeout(c);
  clock.advance(99);
  assert.deepEqual(fired, []);
  clock.advance(1);
  assert.deepEqual(fired, ['a']);
  assert.equal(clock.now(), 1100);
  clock.advance(500);
  assert.deepEqual(fired, ['a', 'b']);
  assert.equal(clock.pending, 0);
});

test('a timer set by a firing timer fires within the same advance', () => {
  const clock = new FakeClock(0);
  const at: number[] = [];
  clock.setTimeout(() => {
    at.push(clock.now());
    clock.setTimeout(() => at.push(clock.now()), 50);
  }, 50);
  clock.advance(100);
  assert.deepEqual(at, [50, 100]);
});
