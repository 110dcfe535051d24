export interface BackoffOptions {
  /** First delay, ms. */
  minDelayMs: number;
  /** Ceiling, ms. */
  maxDelayMs: number;
}

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random,
 * so a thousand adapters dropped by one server restart do not reconnect in lockstep.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions, random: () => number = Math.random): number {
  const base = Math.min(opts.maxDelayMs, opts.minDelayMs * 2 ** Math.max(0, attempt));
  return Math.round(base / 2 + (random() * base) / 2);
}
