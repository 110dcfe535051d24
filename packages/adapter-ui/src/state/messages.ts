import { ApiError } from '@switchboard/sdk';

/** Seconds to wait from Retry-After, or from the error's details when a proxy dropped the header. */
export function retryAfter(e: ApiError): number | null {
  const d = e.details?.retryAfterSeconds;
  return e.retryAfterSeconds ?? (typeof d === 'number' ? d : null);
}

/** Plain words for an API failure; the server's message is the fallback. */
export function describeError(e: unknown): string {
  if (!(e instanceof ApiError)) return 'Something went wrong. Please try again.';
  switch (e.code) {
    case 'INVALID_CREDENTIALS':
      return 'Wrong username or password.';
    case 'LOGIN_THROTTLED': {
      const wait = retryAfter(e);
      return wait !== null ? `Too many failed attempts: wait ${formatWait(wait)} before trying again.` : 'Too many failed attempts: please wait a while and try again.';
    }
    case 'NETWORK_ERROR':
      return 'Cannot reach the server. Check your connection.';
    case 'VOICE_UNAVAILABLE':
      return `Phone connection unavailable: ${e.message}`;
    case 'INVALID_PHONE_NUMBER':
      return `That phone number is not valid: ${e.message}`;
    case 'NOT_SESSION_OWNER':
      return 'This session is open in another tab or browser.';
    case 'ACTION_NOT_ALLOWED':
    case 'ILLEGAL_TRANSITION':
      return `Not possible right now: ${e.message}`;
    case 'TOKEN_EXPIRED':
    case 'TOKEN_INVALID':
    case 'UNAUTHENTICATED':
      return 'Your session has ended. Please log in again.';
    default:
      return e.message;
  }
}

export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const m = Math.ceil(seconds / 60);
  return `${m} minute${m === 1 ? '' : 's'}`;
}
