import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SlidingWindow } from '../src/util/sliding-window';

test('sliding window: the wait is until the oldest over-limit event leaves the window', () => {
  const w = new SlidingWindow(60_000);
  w.add('a', 0);
  w.add('a', 10_000);
  assert.equal(w.waitSeconds('a', 3, 20_000), 0, 'two of three');
  w.add('a', 20_000);
  assert.equal(w.waitSeconds('a', 3, 20_000), 40, 'the first leaves at 60 s');
  assert.equal(w.waitSeconds('a', 2, 20_000), 50, 'for a limit of 2, the second must leave (70 s)');
  assert.equal(w.waitSeconds('a', 3, 60_000), 0, 'at 60 s the first is out');
  assert.equal(w.waitSeconds('a', 0, 60_000), 0, 'a limit of 0 is no limit');
  assert.equal(w.waitSeconds('b', 1, 0), 0, 'other keys are independent');
  w.clear('a');
  assert.equal(w.waitSeconds('a', 1, 60_000), 0, 'cleared');
});

test('sliding window: random keys do not grow memory without bound', () => {
  const w = new SlidingWindow(1000, 100);
  for (let i = 0; i < 10_000; i++) w.add(`k${i}`, i * 10); // each key expires 1 s after it came
  assert.ok(w.size <= 200, `swept: ${w.size} keys kept`);
});
