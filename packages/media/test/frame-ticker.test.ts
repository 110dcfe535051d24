import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameTicker, type TickListener } from '../src/util/frame-ticker';
import { LateClock } from './helpers/late-clock';

/** A listener that logs (wall time, nominal tick time) of each tick it gets. */
function probe(clock: LateClock, ticker: FrameTicker): TickListener & { calls: Array<[number, number]> } {
  const calls: Array<[number, number]> = [];
  return { calls, onTick: () => calls.push([clock.monotonic(), ticker.tickAt]) };
}

const lanesOf = (ticker: FrameTicker, ls: TickListener[]) => ls.map((l) => ticker.laneOf(l));
const countPerLane = (lanes: number[], n: number) => Array.from({ length: n }, (_, j) => lanes.filter((x) => x === j).length);

test('spread listeners go to the least-loaded lane; ordinary ones to lane 0', () => {
  const clock = new LateClock();
  const ticker = new FrameTicker(clock, 20, 5, 10);
  const plain = [probe(clock, ticker), probe(clock, ticker)];
  for (const p of plain) ticker.add(p);
  assert.deepEqual(lanesOf(ticker, plain), [0, 0]);
  const spread = Array.from({ length: 28 }, () => probe(clock, ticker));
  for (const s of spread) ticker.add(s, { spread: true });
  // Lane 0 already holds two: the 28 fill lanes 1..9 first, then lane 0 takes its share.
  assert.deepEqual(countPerLane(lanesOf(ticker, [...plain, ...spread]), 10), [3, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
  // Emptying lane 4 makes it the next one chosen.
  for (const s of spread.filter((x) => ticker.laneOf(x) === 4)) ticker.remove(s);
  const late = probe(clock, ticker);
  ticker.add(late, { spread: true });
  assert.equal(ticker.laneOf(late), 4);
  assert.equal(ticker.laneOf(probe(clock, ticker)), -1, 'a listener never added has no lane');
  ticker.add(late, { spread: true });
  assert.equal(ticker.size, 2 + 28 - 3 + 1, 'adding twice is a no-op');
});

test('lane j fires j·period/lanes after lane 0, every period, at nominal tick times', () => {
  const clock = new LateClock();
  const ticker = new FrameTicker(clock, 20, 5, 10);
  const ps = Array.from({ length: 10 }, () => probe(clock, ticker));
  for (const p of ps) ticker.add(p, { spread: true });
  assert.deepEqual(lanesOf(ticker, ps), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  clock.advance(100);
  for (let j = 0; j < 10; j++) {
    const expected = [20, 40, 60, 80, 100].map((t) => t + 2 * j).filter((t) => t <= 100);
    assert.deepEqual(
      ps[j]!.calls.map(([at]) => at),
      expected,
      `lane ${j} wakes at its phase`,
    );
    assert.deepEqual(
      ps[j]!.calls.map(([, nominal]) => nominal),
      expected,
      `lane ${j} tickAt`,
    );
  }
  for (const p of ps) ticker.remove(p);
  assert.equal(ticker.size, 0);
  const n = ps[0]!.calls.length;
  clock.advance(100);
  assert.equal(ps[0]!.calls.length, n, 'stopped with its last listener');
});

test('a late wake-up catches up at most maxCatchUp ticks, with nominal tickAt, then keeps the phase', () => {
  const clock = new LateClock();
  const ticker = new FrameTicker(clock, 20, 5, 10);
  const lane0 = probe(clock, ticker);
  const lane3 = probe(clock, ticker);
  ticker.add(lane0);
  for (let j = 1; j <= 3; j++) ticker.add(j === 3 ? lane3 : probe(clock, ticker), { spread: true });
  assert.equal(ticker.laneOf(lane3), 3);
  clock.advance(40); // lane 0 at 20, 40; lane 3 at 26
  clock.stall(210); // the loop is blocked until t = 250
  clock.advance(0);
  // Lane 0 owed 60..240 (10 ticks): five are delivered now, at t = 250, the rest skipped.
  assert.deepEqual(lane0.calls, [
    [20, 20],
    [40, 40],
    [250, 60],
    [250, 80],
    [250, 100],
    [250, 120],
    [250, 140],
  ]);
  assert.deepEqual(lane3.calls, [
    [26, 26],
    [250, 46],
    [250, 66],
    [250, 86],
    [250, 106],
    [250, 126],
  ]);
  clock.advance(40);
  // Back on the grid: lane 0 next at 260, lane 3 at 266 (phase kept, not re-based on the late wake-up).
  assert.deepEqual(lane0.calls.slice(7), [
    [260, 260],
    [280, 280],
  ]);
  assert.deepEqual(lane3.calls.slice(6), [
    [266, 266],
    [286, 286],
  ]);
});

test('a slightly late timer delivers the tick at its nominal time, no catch-up burst', () => {
  const clock = new LateClock();
  const ticker = new FrameTicker(clock, 20, 5, 1);
  const p = probe(clock, ticker);
  ticker.add(p);
  clock.advance(19);
  clock.stall(7); // due at 20, fires at 26
  clock.advance(0);
  clock.advance(20);
  assert.deepEqual(p.calls, [
    [26, 20],
    [40, 40],
  ]);
  const stats = ticker.stats();
  assert.equal(stats.runs, 2);
  assert.equal(ticker.stats().runs, 0, 'stats reset');
});

test('a listener added to an empty lane due before the pending wake-up is not delayed', () => {
  const clock = new LateClock();
  const ticker = new FrameTicker(clock, 20, 5, 10);
  const a = probe(clock, ticker);
  ticker.add(a); // lane 0: wakes at 20
  clock.advance(21);
  const b = probe(clock, ticker);
  ticker.add(b, { spread: true }); // lane 1: due at 22, before lane 0's 40
  clock.advance(20);
  assert.deepEqual(b.calls, [[22, 22]]);
  assert.deepEqual(a.calls, [
    [20, 20],
    [40, 40],
  ]);
});
