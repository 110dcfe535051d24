import { DialerError, DialerErrorCode } from '../errors';
import { HOUR_MS } from './abandon-ledger';

export const UK_REDIAL_QUARANTINE_MS = 72 * HOUR_MS;

/**
 * UK: a number whose call was abandoned may not be dialled again by machine for
 * 72 hours, unless the call goes to a dedicated agent.
 */
export class AbandonedRedialGuard {
  private readonly abandonedAt = new Map<string, number>();

  constructor(readonly quarantineMs = UK_REDIAL_QUARANTINE_MS) {}

  markAbandoned(number: string, at: number): void {
    this.abandonedAt.set(number, at);
  }

  /** When `number` may next be dialled automatically (-Infinity if now). */
  releaseAt(number: string): number {
    const at = this.abandonedAt.get(number);
    return at === undefined ? -Infinity : at + this.quarantineMs;
  }

  mayAutoDial(number: string, now: number, dedicatedAgent = false): boolean {
    return dedicatedAgent || now >= this.releaseAt(number);
  }

  assertMayAutoDial(number: string, now: number, dedicatedAgent = false): void {
    if (!this.mayAutoDial(number, now, dedicatedAgent)) {
      throw new DialerError(DialerErrorCode.RedialTooSoon, 'abandoned number is in its 72-hour quarantine', { number, releaseAt: this.releaseAt(number) });
    }
  }

  /** Forgets numbers whose quarantine is over. */
  prune(now: number): void {
    for (const [n, at] of this.abandonedAt) if (at + this.quarantineMs <= now) this.abandonedAt.delete(n);
  }
}
