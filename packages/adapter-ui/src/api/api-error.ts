import type { ErrorBody } from '@switchboard/protocol';

/** Codes the adapter adds for failures that never reached the API. */
export type LocalErrorCode = 'NETWORK' | 'BAD_RESPONSE';

/** A failed API call: the server's error code (or a local one), its HTTP status and its Retry-After. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ErrorBody['error']['code'] | LocalErrorCode,
    message: string,
    readonly status: number,
    /** Seconds from a Retry-After header (or details.retryAfterSeconds), if the server sent one. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/** Codes meaning the token is no good any more: the agent must log in again. */
export const AUTH_LOST_CODES: ReadonlySet<string> = new Set(['UNAUTHENTICATED', 'TOKEN_INVALID', 'TOKEN_EXPIRED']);

/** Parses Retry-After (delta seconds or an HTTP date) into whole seconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
