import { AUTH_LOST_CODES } from '@switchboard/protocol/wire';
import { ApiError } from '@switchboard/sdk';

/** Plain words for an API failure; the server's own message is the fallback. */
export function describeError(e: unknown): string {
  if (!(e instanceof ApiError)) return 'Something went wrong. Please try again.';
  switch (e.code) {
    case 'INVALID_CREDENTIALS':
      return 'Wrong username or password.';
    case 'LOGIN_THROTTLED':
      return e.retryAfterSeconds ? `Too many failed attempts: wait ${e.retryAfterSeconds} s before trying again.` : 'Too many failed attempts: please wait and try again.';
    case 'NETWORK_ERROR':
      return 'Cannot reach the server. Check your connection.';
    case 'FORBIDDEN':
      // The server says who the page is for ("The workspace is for supervisors and admins...").
      return e.message;
    default:
      return AUTH_LOST_CODES.has(e.code) ? 'Your session has ended. Please log in again.' : e.message;
  }
}
