import type { Clock, TimerHandle } from '@switchboard/shared';

export interface TickListener {
  onTick(): void;
}

export interface TickerStats {
  /** Timer wake-ups that ran listeners. */
  runs: number;
  /** Time spent in listeners, in ms (clock time). */
  busyMs: number;
  /** The longest single wake-up, in ms. */
  maxMs: number;
}

/**
 * One 20 ms heartbeat shared by every player, tone, mixer and recorder of an
 * engine (one timer, not one per call). Ticks are due at start + n·period on
 * the clock's monotonic time, so a late timer catches up instead of drifting;
 * more than `maxCatchUp` missed ticks are dropped rather than burst out
 * (listeners that must account for every period, like recorders, read
 * `tickAt` and fill the gap themselves).
 *
 * The period is split into `lanes` sub-ticks, lane j firing j·period/lanes
 * after lane 0. Ordinary listeners all run on lane 0 (players and mixers of a
 * call stay in step). Listeners added with `{ spread: true }` go to the lane
 * with fewest listeners, so bulk work such as hundreds of recordings runs in
 * small slices spread over the period instead of one burst that delays every
 * packet behind it. Runs only while someone listens.
 */
export class FrameTicker {
  private readonly lanes: TickListener[][];
  private readonly laneDue: number[];
  private readonly where = new Map<TickListener, number>();
  private timer: TimerHandle | undefined;
  private timerAt = 0;
  private running = false;
  private current = 0;
  private readonly fire = (): void => this.run();
  private readonly counters: TickerStats = { runs: 0, busyMs: 0, maxMs: 0 };

  constructor(
    private readonly clock: Clock,
    readonly periodMs = 20,
    private readonly maxCatchUp = 5,
    laneCount = 10,
  ) {
    this.lanes = Array.from({ length: Math.max(1, laneCount) }, () => []);
    this.laneDue = new Array<number>(this.lanes.length).fill(0);
  }

  add(l: TickListener, opts: { spread?: boolean } = {}): void {
    if (this.where.has(l)) return;
    let lane = 0;
    if (opts.spread) {
      for (let j = 1; j < this.lanes.length; j++) if (this.lanes[j]!.length < this.lanes[lane]!.length) lane = j;
    }
    this.lanes[lane]!.push(l);
    this.where.set(l, lane);
    if (!this.running) {
      this.running = true;
      const start = this.clock.monotonic();
      for (let j = 0; j < this.lanes.length; j++) this.laneDue[j] = start + this.periodMs + (j * this.periodMs) / this.lanes.length;
      this.schedule(start);
    } else if (this.laneDue[lane]! < this.timerAt) {
      // A lane that was empty may be due before the pending wake-up.
      this.clock.clearTimeout(this.timer);
      this.schedule(this.clock.monotonic());
    }
  }

  remove(l: TickListener): void {
    const lane = this.where.get(l);
    if (lane === undefined) return;
    this.where.delete(l);
    const ls = this.lanes[lane]!;
    ls.splice(ls.indexOf(l), 1);
    if (this.where.size === 0) this.stop();
  }

  get size(): number {
    return this.where.size;
  }

  /** The lane a listener runs on (0 = the main tick), or -1. */
  laneOf(l: TickListener): number {
    return this.where.get(l) ?? -1;
  }

  /**
   * The nominal time (clock.monotonic) of the tick being delivered: exact
   * multiples of the period, also when the timer was late.
   */
  get tickAt(): number {
    return this.current;
  }

  /** Counters since the last call (time spent in listeners). */
  stats(reset = true): TickerStats {
    const s = { ...this.counters };
    if (reset) Object.assign(this.counters, { runs: 0, busyMs: 0, maxMs: 0 });
    return s;
  }

  stop(): void {
    this.running = false;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(now: number): void {
    let next = Infinity;
    for (let j = 0; j < this.lanes.length; j++) if (this.lanes[j]!.length > 0 && this.laneDue[j]! < next) next = this.laneDue[j]!;
    if (next === Infinity) next = now + this.periodMs;
    this.timerAt = next;
    this.timer = this.clock.setTimeout(this.fire, Math.max(1, next - now));
  }

  private run(): void {
    if (!this.running) return;
    const now = this.clock.monotonic();
    // A fake clock fires exactly on time; a real one may be a little early or late.
    for (let j = 0; j < this.lanes.length; j++) {
      const ls = this.lanes[j]!;
      let n = 0;
      while (now + 0.5 >= this.laneDue[j]! && n < this.maxCatchUp) {
        n++;
        this.current = this.laneDue[j]!;
        this.laneDue[j]! += this.periodMs;
        // Listeners may remove themselves while we iterate.
        for (let i = 0; i < ls.length; i++) {
          const l = ls[i]!;
          l.onTick();
          if (ls[i] !== l) i--;
        }
        if (!this.running) return;
      }
      // Too far behind: skip ahead, keeping the lane's phase.
      if (now >= this.laneDue[j]!) this.laneDue[j]! += Math.ceil((now - this.laneDue[j]! + 0.001) / this.periodMs) * this.periodMs;
    }
    const spent = this.clock.monotonic() - now;
    this.counters.runs++;
    this.counters.busyMs += spent;
    if (spent > this.counters.maxMs) this.counters.maxMs = spent;
    this.schedule(now);
  }
}
