import type { ErrorCode } from './error-code-list';

/**
 * Close codes of the event WebSocket. After unauthenticated, forbidden and sessionEnded a
 * client should not reconnect (log in again); after any other it reconnects with backoff.
 * tooManySockets: the agent already has MAX_EVENT_SOCKETS_PER_AGENT sockets open (other tabs
 * or windows); close one, or wait: a retry gets in once one closes.
 * tooFarBehind: the client read too slowly and the server cut it off; a reconnect gets a snapshot.
 */
export const EVENT_CLOSE_CODES = {
  goingAway: 1001,
  tooFarBehind: 1013,
  unauthenticated: 4401,
  forbidden: 4403,
  helloTimeout: 4408,
  replaced: 4409,
  sessionEnded: 4410,
  tooManySockets: 4429,
} as const;
export type EventCloseCode = (typeof EVENT_CLOSE_CODES)[keyof typeof EVENT_CLOSE_CODES];

/** Close codes after which reconnecting would not help: the client stops and asks for a login. */
export const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set<number>([EVENT_CLOSE_CODES.unauthenticated, EVENT_CLOSE_CODES.forbidden, EVENT_CLOSE_CODES.sessionEnded]);

/** (Sets of string, so a client may test any code it holds, its own NETWORK_ERROR included.) */
/** Error codes meaning the token is no good any more: log in again. */
export const AUTH_LOST_CODES: ReadonlySet<string> = new Set<ErrorCode>(['UNAUTHENTICATED', 'TOKEN_INVALID', 'TOKEN_EXPIRED']);

/** Error codes on the event stream after which reconnecting would not help (auth lost, or not an agent). */
export const FINAL_STREAM_ERROR_CODES: ReadonlySet<string> = new Set<string>([...AUTH_LOST_CODES, 'FORBIDDEN' satisfies ErrorCode]);
