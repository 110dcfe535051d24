import type { Clock, TimerHandle } from '@switchboard/shared';
import { TelephonyError } from '../errors';

export interface CollectOptions {
  /** Stop after this many digits (default 32). */
  maxDigits?: number;
  /** Digits that end collection; the terminator is not included in the result (default '#'). */
  terminators?: string;
  /** Give up if no first digit arrives within this (default 10 s). */
  firstDigitTimeoutMs?: number;
  /** Give up this long after the last digit (default 5 s). */
  interDigitTimeoutMs?: number;
}

export type CollectEndReason = 'max_digits' | 'terminator' | 'timeout' | 'cancelled' | 'hangup';

export interface CollectResult {
  digits: string;
  reason: CollectEndReason;
}

/**
 * Gathers key presses for an IVR prompt or a card number, with first-digit and inter-digit
 * timeouts on the injected clock. One collector per request; `finish()` settles it once.
 */
export class DigitCollector {
  private digits = '';
  private timer: TimerHandle | undefined;
  private done = false;
  private readonly max: number;
  private readonly terminators: string;
  private readonly firstMs: number;
  private readonly interMs: number;
  readonly result: Promise<CollectResult>;
  private resolve!: (r: CollectResult) => void;

  constructor(
    private readonly clock: Clock,
    opts: CollectOptions = {},
  ) {
    this.max = opts.maxDigits ?? 32;
    this.terminators = opts.terminators ?? '#';
    this.firstMs = opts.firstDigitTimeoutMs ?? 10_000;
    this.interMs = opts.interDigitTimeoutMs ?? 5_000;
    if (!(this.max >= 1 && this.max <= 256) || !(this.firstMs > 0) || !(this.interMs > 0)) {
      throw new TelephonyError('TEL_BAD_ARGUMENT', 'collect: maxDigits in 1..256 and positive timeouts');
    }
    this.result = new Promise((r) => (this.resolve = r));
    this.arm(this.firstMs);
  }

  get active(): boolean {
    return !this.done;
  }

  /** Feeds one key press. */
  push(digit: string): void {
    if (this.done) return;
    if (this.terminators.includes(digit)) return this.finish('terminator');
    this.digits += digit;
    if (this.digits.length >= this.max) return this.finish('max_digits');
    this.arm(this.interMs);
  }

  finish(reason: CollectEndReason): void {
    if (this.done) return;
    this.done = true;
    this.clock.clearTimeout(this.timer);
    this.resolve({ digits: this.digits, reason });
  }

  private arm(ms: number): void {
    this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => this.finish('timeout'), ms);
  }
}
