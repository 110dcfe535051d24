import { DialerError, DialerErrorCode } from '../errors';

/** A person who answers must reach an agent within 2 s, or the call is abandoned. */
export const TWO_SECOND_RULE_MS = 2000;
/** Ring at least 15 s (or 4 rings) before giving up on an unanswered call. */
export const MIN_RING_MS = 15_000;

/** Whether an answered call is abandoned: no agent within 2 s of the greeting. */
export function isAbandoned(answeredAt: number, connectedAt: number | undefined): boolean {
  return connectedAt === undefined || connectedAt - answeredAt > TWO_SECOND_RULE_MS;
}

/** A drop timer longer than 2 s breaks the rule (VICIdial's default is 5 s). */
export function assertDropTimeout(dropTimeoutMs: number): void {
  if (!(dropTimeoutMs > 0 && dropTimeoutMs <= TWO_SECOND_RULE_MS)) {
    throw new DialerError(DialerErrorCode.DropTimeoutTooLong, `drop timeout ${dropTimeoutMs} ms breaks the 2-second rule`, { dropTimeoutMs });
  }
}

/** A ring timeout shorter than 15 s breaks the minimum-ring rule. */
export function assertRingTimeout(ringTimeoutMs: number): void {
  if (!(ringTimeoutMs >= MIN_RING_MS)) {
    throw new DialerError(DialerErrorCode.RingTooShort, `ring timeout ${ringTimeoutMs} ms is under 15 s`, { ringTimeoutMs });
  }
}

/** Whether the dialler may hang up a call that has rung for `ringingMs`. */
export function mayAbandonRinging(ringingMs: number): boolean {
  return ringingMs >= MIN_RING_MS;
}
