import type { Clock, TimerHandle } from '@switchboard/shared';

/**
 * Ring-no-answer for offers (manual 4): each offer rings for at most
 * `ringMs`; when it runs out `onTimeout(entryId)` fires once (the server then
 * calls router.offerFailed(entryId, 'missed') and session.offerEnded('missed'),
 * which auto-pauses the agent). Answering, declining or the caller hanging up
 * cancels it.
 */
export class RingTimer {
  private readonly timers = new Map<string, TimerHandle>();

  constructor(
    private readonly clock: Clock,
    private readonly onTimeout: (entryId: string) => void,
  ) {}

  start(entryId: string, ringMs: number): void {
    this.cancel(entryId);
    const handle = this.clock.setTimeout(
      () => {
        this.timers.delete(entryId);
        this.onTimeout(entryId);
      },
      Math.max(0, ringMs),
    );
    this.timers.set(entryId, handle);
  }

  /** True if a ring was running. */
  cancel(entryId: string): boolean {
    const h = this.timers.get(entryId);
    if (!h) return false;
    this.clock.clearTimeout(h);
    this.timers.delete(entryId);
    return true;
  }

  get running(): number {
    return this.timers.size;
  }
}
