import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startPolling, type PollTimers } from '../src/state/poller';

/** Timers the test fires by hand: what is scheduled, and for how long. */
function manualTimers() {
  const due: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
  const timers: PollTimers = {
    setTimeout: (fn, ms) => {
      const t = { fn, ms, cleared: false };
      due.push(t);
      return t;
    },
    clearTimeout: (h) => {
      (h as { cleared: boolean }).cleared = true;
    },
  };
  const fire = async () => {
    const t = due.shift();
    assert.ok(t, 'a timer is scheduled');
    if (!t.cleared) t.fn();
    await settle();
  };
  return { timers, due, fire };
}
const settle = () => new Promise((r) => setImmediate(r));

describe('startPolling', () => {
  it('loads at once, then every interval after each answer, until stopped', async () => {
    const { timers, due, fire } = manualTimers();
    let n = 0;
    const seen: number[] = [];
    const stop = startPolling(
      async () => ++n,
      (d) => seen.push(d),
      assert.fail,
      2000,
      timers,
    );
    await settle();
    assert.deepEqual(seen, [1]);
    assert.deepEqual(
      due.map((t) => t.ms),
      [2000],
    );
    await fire();
    await fire();
    assert.deepEqual(seen, [1, 2, 3]);
    stop();
    assert.equal(due.length, 1);
    assert.equal(due[0]!.cleared, true, 'the next request is cancelled');
    await fire();
    assert.deepEqual(seen, [1, 2, 3], 'nothing after stop');
    assert.equal(n, 3);
  });

  it('never asks twice at once: the next timer starts only when the answer is in', async () => {
    const { timers, due } = manualTimers();
    let release: (v: string) => void = () => undefined;
    const seen: string[] = [];
    startPolling(
      () => new Promise<string>((r) => (release = r)),
      (d) => seen.push(d),
      assert.fail,
      2000,
      timers,
    );
    await settle();
    assert.equal(due.length, 0, 'no timer while the request is out');
    release('a');
    await settle();
    assert.deepEqual(seen, ['a']);
    assert.equal(due.length, 1);
  });

  it('reports a failure and keeps polling; an answer after stop is dropped', async () => {
    const { timers, due, fire } = manualTimers();
    let n = 0;
    const errors: unknown[] = [];
    const seen: number[] = [];
    let release: (v: number) => void = () => undefined;
    const stop = startPolling(
      () => (++n === 1 ? Promise.reject(new Error('down')) : new Promise<number>((r) => (release = r))),
      (d) => seen.push(d),
      (e) => errors.push(e),
      2000,
      timers,
    );
    await settle();
    assert.equal((errors[0] as Error).message, 'down');
    assert.equal(due.length, 1, 'tries again after a failure');
    await fire();
    stop();
    release(2);
    await settle();
    assert.deepEqual(seen, [], 'the late answer is not shown');
    assert.equal(due.length, 0, 'and nothing more is scheduled');
  });
});
