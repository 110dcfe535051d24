import type { Clock } from '@switchboard/shared';
import { SlidingWindow } from '../util/sliding-window';

/**
 * Demo calls started per client address in the last minute (a sliding window):
 * the demo page is public, so one address must not fill the engine with legs.
 */
export class DemoRateLimit {
  private readonly starts = new SlidingWindow(60_000, 1000);

  constructor(
    private readonly clock: Clock,
    private readonly perMinute: number,
  ) {}

  /** Records a start for `address` and returns 0, or the seconds to wait when over the limit. */
  take(address: string): number {
    const now = this.clock.now();
    const wait = this.starts.waitSeconds(address, this.perMinute, now);
    if (wait === 0) this.starts.add(address, now);
    return wait;
  }
}
