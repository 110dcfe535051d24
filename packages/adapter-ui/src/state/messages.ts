import { ApiError } from '../api/api-error';

/** Plain words for an API failure; the server's message is the fallback. */
export function describeError(e: unknown): string {
  if (!(e instanceof ApiError)) return 'Something went wrong. Please try again.';
  switch (e.code) {
    case 'INVALID_CREDENTIALS':
      return 'Wrong username or password.';
    case 'LOGIN_THROTTLED':
      return e.retryAfterSeconds !== null
        ? `Too many failed attempts. Try again in ${formatWait(e.retryAfterSeconds)}.`
        : 'Too many failed attempts. Please wait a while and try again.';
    case 'NETWORK':
      return e.message;
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
