import type { Clock } from '@switchboard/shared';

const WINDOW_MS = 60_000;

/**
 * Demo calls started per client address in the last minute (a sliding window):
 * the demo page is public, so one address must not fill the engine with legs.
 */
export class DemoRateLimit {
  private readonly starts = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly perMinute: number,
  ) {}

  /** Records a start for `address` and returns 0, or the seconds to wait when over the limit. */
  take(address: string): number {
    const now = this.clock.now();
    const recent = (this.starts.get(address) ?? []).filter((t) => now - t < WINDOW_MS);
    if (recent.length >= this.perMinute) {
      this.starts.set(address, recent);
      return Math.max(1, Math.ceil((recent[0]! + WINDOW_MS - now) / 1000));
    }
    recent.push(now);
    this.starts.set(address, recent);
    // Forget idle addresses now and then, so the map stays small.
    if (this.starts.size > 1000) for (const [a, ts] of this.starts) if (ts.every((t) => now - t >= WINDOW_MS)) this.starts.delete(a);
    return 0;
  }
}
