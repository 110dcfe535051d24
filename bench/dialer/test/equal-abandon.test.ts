import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildEqualAbandonTasks, cellKey, EQUAL_TOLERANCE, pickEqual } from '../tasks';

test('equal abandon: the closest rate at or above the target less the tolerance wins', () => {
  // Target 2.63%: 2.60% is within 0.1 point under it and closest; 2.40% is too far under.
  assert.equal(pickEqual([0.024, 0.026, 0.0317], 0.0263, EQUAL_TOLERANCE), 1);
  // Nothing close from below: the nearest one above, however far (VICIdial gets more abandons, not fewer).
  assert.equal(pickEqual([0, 0.1197, 0.2], 0.0219, EQUAL_TOLERANCE), 1);
  // Everything too far under: the closest of all.
  assert.equal(pickEqual([0.001, 0.015, 0.01], 0.0263, EQUAL_TOLERANCE), 1);
  assert.throws(() => pickEqual([], 0.03, EQUAL_TOLERANCE), RangeError);
});

test('equal abandon: one task per VICIdial mode per cell with a target, each refined on the whole campaign', () => {
  const worst = new Map([
    [cellKey(5, 60), 0.0262],
    [cellKey(20, 300), 0.0263],
  ]);
  const tasks = buildEqualAbandonTasks({ days: 30, tuneIterations: 8, refine: 4, seed: 1, firstId: 100, worst });
  assert.equal(tasks.length, 6);
  assert.deepEqual(
    tasks.map((t) => t.id),
    [100, 101, 102, 103, 104, 105],
  );
  for (const t of tasks) {
    assert.equal(t.tuning?.metric, 'worst24h');
    assert.equal(t.tuning?.finalDays, 30);
    assert.equal(t.tuning?.refine, 4);
    assert.equal(t.days, 5);
  }
  assert.equal(tasks[3]!.tuning?.target, 0.0263);
});
