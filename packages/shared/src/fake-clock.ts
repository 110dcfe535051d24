import type { Clock, TimerHandle } from './clock';

interface FakeTimer {
  id: number;
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A clock that moves only when told. Timers fire in due order (ties in the
 * order they were set) while advance() walks time forward.
 */
export class FakeClock implements Clock {
  private current: number;
  private readonly start: number;
  private timers: FakeTimer[] = [];
  private nextId = 1;
  private seq = 0;

  constructor(startMs = Date.UTC(2026, 0, 1, 9, 0, 0)) {
    this.current = startMs;
    this.start = startMs;
  }

  now(): number {
    return this.current;
  }

  monotonic(): number {
    return this.current - this.start;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: FakeTimer = { id: this.nextId++, at: this.current + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return { id: timer.id };
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (!handle) return;
    this.timers = this.timers.filter((t) => t.id !== handle.id);
  }

  /** Number of timers still pending. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.nextDue(target);
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = due.at;
      due.fn();
    }
    this.current = target;
  }

  /** Sets the wall time without firing timers (use advance for that). */
  set(ms: number): void {
    this.current = ms;
  }

  private nextDue(limit: number): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const t of this.timers) {
      if (t.at > limit) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
