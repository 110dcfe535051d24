/** Why an outbound call did not connect, as the engine reports it. */
export const DIAL_FAILURE_CAUSES = ['no-answer', 'busy', 'invalid-number', 'rejected', 'network', 'cancelled', 'unavailable'] as const;
export type DialFailureCause = (typeof DIAL_FAILURE_CAUSES)[number];

/**
 * The toast for each cause. The first three are the manual's (section 7);
 * each cause has its own words so the agent knows what to do next.
 */
export const DIAL_FAILURE_MESSAGES: Readonly<Record<DialFailureCause, string>> = {
  'no-answer': 'Called party did not answer the call',
  busy: 'Called party is busy',
  'invalid-number': 'You dialled an invalid number or incorrect number format',
  rejected: 'The call was rejected by the called party or the network',
  network: 'The call could not be connected because of a network problem. Try again',
  cancelled: 'The call was cancelled',
  unavailable: 'The called party is unavailable',
};

/** The toast's code for each cause (clients switch on codes, never on messages). */
export const DIAL_FAILURE_CODES: Readonly<Record<DialFailureCause, string>> = {
  'no-answer': 'DIAL_NO_ANSWER',
  busy: 'DIAL_BUSY',
  'invalid-number': 'DIAL_INVALID_NUMBER',
  rejected: 'DIAL_REJECTED',
  network: 'DIAL_NETWORK',
  cancelled: 'DIAL_CANCELLED',
  unavailable: 'DIAL_UNAVAILABLE',
};

/** The toast's code; DIAL_FAILED for a cause we do not know. */
export function dialFailureCode(cause: unknown): string {
  return isDialFailureCause(cause) ? DIAL_FAILURE_CODES[cause] : 'DIAL_FAILED';
}

export function isDialFailureCause(v: unknown): v is DialFailureCause {
  return typeof v === 'string' && (DIAL_FAILURE_CAUSES as readonly string[]).includes(v);
}

/** The toast text; an unknown cause gets a generic message rather than leaking internals. */
export function dialFailureMessage(cause: unknown): string {
  return isDialFailureCause(cause) ? DIAL_FAILURE_MESSAGES[cause] : 'The call could not be connected';
}

/**
 * The cause for a final SIP response to our INVITE (RFC 3261 §21, RFC 3398's
 * ISUP mapping for the carriers' usual codes). For the server's telephony adapter.
 */
export function dialFailureFromSipStatus(status: number): DialFailureCause {
  switch (status) {
    case 486:
    case 600:
      return 'busy';
    case 408:
    case 480:
      return 'no-answer';
    case 404:
    case 410:
    case 484:
    case 485:
    case 604:
      return 'invalid-number';
    case 403:
    case 603:
      return 'rejected';
    case 487:
      return 'cancelled';
    default:
      return status >= 500 ? 'network' : status >= 400 ? 'rejected' : 'network';
  }
}
