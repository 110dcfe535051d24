import type { ErrorCode } from '@switchboard/protocol';

/**
 * The codes an ApiError carries: the API's own (protocol's list), or the two the client
 * raises itself: NETWORK_ERROR (no answer; status 0) and BAD_RESPONSE (an answer that is not the API's).
 */
export type SdkErrorCode = ErrorCode | 'NETWORK_ERROR' | 'BAD_RESPONSE';

/**
 * An error the API answered with: `code` is the stable machine-readable code
 * (switch on it), `message` is for people. `status` is 0 for a network failure.
 */
export class ApiError extends Error {
  readonly code: SdkErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  /** Seconds to wait before trying again (LOGIN_THROTTLED), from Retry-After. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ApiError['code'], message: string, status: number, details?: Record<string, unknown>, retryAfterSeconds?: number) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** True when the username/password pair was wrong. */
  get isInvalidCredentials(): boolean {
    return this.code === 'INVALID_CREDENTIALS';
  }

  /** True when too many failed logins locked this username or address out for a while. */
  get isLockedOut(): boolean {
    return this.code === 'LOGIN_THROTTLED';
  }
}

export function isApiError(err: unknown, code?: ApiError['code']): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}
