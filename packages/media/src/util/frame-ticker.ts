import type { Clock, TimerHandle } from '@switchboard/shared';

export interface TickListener {
  onTick(): void;
}

/**
 * One 20 ms heartbeat shared by every player, tone, mixer and recorder of an
 * engine (one timer, not one per call). Ticks are due at start + n·period on
 * the clock's monotonic time, so a late timer catches up instead of drifting;
 * more than `maxCatchUp` missed ticks are dropped rather than burst out.
 * Runs only while someone listens.
 */
export class FrameTicker {
  private readonly listeners: TickListener[] = [];
  private timer: TimerHandle | undefined;
  private due = 0;
  private running = false;
  private readonly fire = (): void => this.run();

  constructor(
    private readonly clock: Clock,
    readonly periodMs = 20,
    private readonly maxCatchUp = 5,
  ) {}

  add(l: TickListener): void {
    if (this.listeners.includes(l)) return;
    this.listeners.push(l);
    if (!this.running) {
      this.running = true;
      this.due = this.clock.monotonic() + this.periodMs;
      this.timer = this.clock.setTimeout(this.fire, this.periodMs);
    }
  }

  remove(l: TickListener): void {
    const i = this.listeners.indexOf(l);
    if (i >= 0) this.listeners.splice(i, 1);
    if (this.listeners.length === 0) this.stop();
  }

  get size(): number {
    return this.listeners.length;
  }

  stop(): void {
    this.running = false;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(): void {
    if (!this.running) return;
    const now = this.clock.monotonic();
    let n = 0;
    // A fake clock fires exactly on time; a real one may be a little early or late.
    while (now + 0.5 >= this.due && n < this.maxCatchUp) {
      n++;
      this.due += this.periodMs;
      // Iterate over a snapshot length: listeners may remove themselves.
      for (let i = 0; i < this.listeners.length; i++) {
        const l = this.listeners[i]!;
        l.onTick();
        if (this.listeners[i] !== l) i--;
      }
      if (!this.running) return;
    }
    if (now >= this.due) this.due = now + this.periodMs; // too far behind: skip ahead
    this.timer = this.clock.setTimeout(this.fire, Math.max(1, this.due - now));
  }
}
