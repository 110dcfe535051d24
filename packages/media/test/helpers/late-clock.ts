import type { Clock, TimerHandle } from '@switchboard/shared';

/**
 * A manual clock whose timers can fire late, as on a busy event loop: `stall()`
 * moves time on without firing anything; `advance()` then fires every timer
 * that is due, at the current (late) time. FakeClock always fires a timer at
 * its due time, which cannot show catch-up behaviour.
 */
export class LateClock implements Clock {
  private t = 0;
  private nextId = 1;
  private timers: Array<{ id: number; at: number; fn: () => void }> = [];

  constructor(private readonly epochMs = Date.UTC(2026, 0, 1, 9, 0, 0)) {}

  now(): number {
    return this.epochMs + this.t;
  }

  monotonic(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.push({ id, at: this.t + Math.max(0, ms), fn });
    return { id };
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle) this.timers = this.timers.filter((x) => x.id !== handle.id);
  }

  /** Time passes with the loop blocked: nothing fires. */
  stall(ms: number): void {
    this.t += ms;
  }

  /** Moves time forward in 1 ms steps, firing due timers on time (late ones at once). */
  advance(ms: number): void {
    const end = this.t + ms;
    this.fireDue();
    while (this.t < end) {
      this.t = Math.min(end, this.t + 1);
      this.fireDue();
    }
  }

  private fireDue(): void {
    for (;;) {
      const due = this.timers.filter((x) => x.at <= this.t).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) return;
      this.timers = this.timers.filter((x) => x !== due);
      due.fn();
    }
  }
}
