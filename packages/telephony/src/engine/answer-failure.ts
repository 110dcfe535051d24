import type { EndCause } from '../causes';
import { TelephonyError } from '../errors';

/** Retry-After on the 503 for an inbound call we had no RTP port for: ports free as calls end. */
export const ANSWER_RETRY_AFTER_SEC = 5;

/**
 * The final response for an inbound call we could not answer, by what stopped us. No free RTP
 * port is an overload: 503 with Retry-After (RFC 3261 21.5.4); an offer we cannot answer is 488
 * (21.4.26); anything else is 500 (21.5.1).
 */
export function answerFailure(err: unknown): { status: number; cause: EndCause; retryAfterSec?: number } {
  if ((err as { code?: unknown } | undefined)?.code === 'MEDIA_NO_PORT') return { status: 503, cause: 'network', retryAfterSec: ANSWER_RETRY_AFTER_SEC };
  if (err instanceof TelephonyError && err.code === 'TEL_SIGNALLING') return { status: 488, cause: 'rejected' };
  return { status: 500, cause: 'network' };
}
