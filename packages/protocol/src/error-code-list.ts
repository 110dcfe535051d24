/**
 * Every error code the API (HTTP bodies and the event WebSocket's error messages) can send.
 * Clients switch on the code, never on the message; the message is for people. The HTTP
 * status each code travels with is the server's business (its error handler's one table);
 * the OpenAPI document lists these codes with those statuses.
 */
export const ERROR_CODE_LIST = [
  'MALFORMED_JSON',
  'VALIDATION_FAILED',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'REQUEST_TIMEOUT',
  'UNAUTHENTICATED',
  'TOKEN_INVALID',
  'TOKEN_EXPIRED',
  'INVALID_CREDENTIALS',
  'LOGIN_THROTTLED',
  'RATE_LIMITED',
  'FORBIDDEN',
  'NOT_FOUND',
  'NOT_SESSION_OWNER',
  'ACTION_NOT_ALLOWED',
  'ILLEGAL_TRANSITION',
  'CONFLICT',
  'UNKNOWN_PAUSE_REASON',
  'INVALID_PHONE_NUMBER',
  'DIAL_PLAN_REFUSED',
  'DUPLICATE_REQUEST_MISMATCH',
  'WORKSPACE_INVALID',
  'VOICE_UNAVAILABLE',
  'NOT_READY',
  'INTERNAL',
  /** A CRM integration the server has no configuration for (e.g. SERVICENOW_INSTANCE unset). */
  'CRM_NOT_CONFIGURED',
  /** The CRM answered with an error (its status in details). */
  'CRM_UPSTREAM_FAILED',
  /** The CRM did not answer in time. */
  'CRM_UPSTREAM_TIMEOUT',
  /** A byte range outside the recording (HTTP range requests). */
  'RANGE_NOT_SATISFIABLE',
  /** The recording was deleted by the retention policy; its record remains. */
  'RECORDING_GONE',
  /** Request assistance: the chosen supervisor is not logged in (or not of the agent's team) now. */
  'RECIPIENT_UNAVAILABLE',
  /** A configuration edit sent with an If-Match version the workspace file no longer has (someone changed it since). */
  'CONFIG_VERSION_MISMATCH',
] as const;

export type ErrorCode = (typeof ERROR_CODE_LIST)[number];

const KNOWN: ReadonlySet<string> = new Set(ERROR_CODE_LIST);

/** True for a code in the list (e.g. one a package raised that may go to a client as it is). */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && KNOWN.has(code);
}
