/**
 * Why a leg ended, typed (the peers' lesson: "invalid number", "busy" and "no answer" are
 * different outcomes for a dialler and for an agent, never one "failed").
 */
export type EndCause = 'normal' | 'no_answer' | 'busy' | 'invalid_number' | 'rejected' | 'cancelled' | 'network';

export const END_CAUSES: readonly EndCause[] = ['normal', 'no_answer', 'busy', 'invalid_number', 'rejected', 'cancelled', 'network'];

export function isEndCause(s: string): s is EndCause {
  return (END_CAUSES as readonly string[]).includes(s);
}

/**
 * A final non-2xx SIP response to an INVITE we sent, as a cause.
 * RFC 3261 21.4-21.6; the grouping follows Q.850 / RFC 3398 where it has one.
 */
export function causeFromSipStatus(status: number): EndCause {
  if (status >= 200 && status < 300) return 'normal';
  switch (status) {
    case 404: // Not Found
    case 410: // Gone
    case 484: // Address Incomplete
    case 485: // Ambiguous
    case 416: // Unsupported URI Scheme
    case 604: // Does Not Exist Anywhere
      return 'invalid_number';
    case 486: // Busy Here
    case 600: // Busy Everywhere
      return 'busy';
    case 408: // Request Timeout (also our Timer B)
    case 480: // Temporarily Unavailable
      return 'no_answer';
    case 487: // Request Terminated (our CANCEL, or theirs)
      return 'cancelled';
    case 502: // Bad Gateway
    case 503: // Service Unavailable
    case 504: // Server Time-out
      return 'network';
  }
  if (status >= 500 && status < 600) return 'network';
  // 401/403/407 (auth refused), 488/606 (media refused), 603 Decline and any other 4xx/6xx.
  return 'rejected';
}

/** The SIP status we answer an inbound INVITE with when asked to reject it with `cause`. */
export function sipStatusForCause(cause: EndCause): number {
  switch (cause) {
    case 'busy':
      return 486;
    case 'no_answer':
      return 480;
    case 'invalid_number':
      return 404;
    case 'cancelled':
      return 487;
    case 'network':
      return 503;
    case 'rejected':
    case 'normal':
      return 603;
  }
}
