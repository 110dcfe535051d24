import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AgentReports, DialerError } from '../../src/dialer/index';

test('agent reports: each window counts the newest reports of its own length', () => {
  const store = new AgentReports();
  const short = store.window(2);
  const long = store.window(4);
  assert.equal(store.capacity, 4, 'the store grows to the longest window');
  store.add(17_200, true); // machine at 17 s
  store.add(8_900, false); // person at 8 s
  store.add(17_000, true);
  assert.deepEqual([short.size, short.machines, short.perSecond[17], short.perSecond[8]], [2, 1, 1, 1]);
  assert.deepEqual([long.size, long.machines, long.machinesPerSecond[17]], [3, 2, 2]);
  store.add(30_000, false);
  store.add(70_000, false); // past 60 s: the last bin
  // short: the reports at 30 and 70 s; long: 8, 17, 30, 70 s (the first machine rolled out).
  assert.deepEqual([short.size, short.machines, short.perSecond[30], short.perSecond[60]], [2, 0, 1, 1]);
  assert.deepEqual([long.size, long.machines, long.perSecond[8], long.machinesPerSecond[17]], [4, 1, 1, 1]);
  assert.equal(long.machineShare(), 0.25);
  assert.equal(store.version, 5);
});

test('agent reports: a window opened later counts the reports already stored; lengths are checked', () => {
  const store = new AgentReports(3);
  for (const [ms, m] of [
    [5_000, false],
    [18_000, true],
    [19_000, true],
  ] as const)
    store.add(ms, m);
  const w = store.window(2);
  assert.deepEqual([w.size, w.machines, w.perSecond[5]], [2, 2, 0]);
  const wide = store.window(5); // grows the store, keeping the three stored
  assert.deepEqual([wide.size, wide.machines, wide.perSecond[5]], [3, 2, 1]);
  store.add(6_000, false);
  assert.deepEqual([w.size, w.machines, wide.size, wide.perSecond[6]], [2, 1, 4, 1]);
  assert.throws(() => store.window(0), DialerError);
  assert.throws(() => new AgentReports(0), DialerError);
});
