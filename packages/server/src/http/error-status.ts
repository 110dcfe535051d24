import type { CoreErrorCode } from '@switchboard/core';
import type { MediaErrorCode } from '@switchboard/media';
import type { ErrorCode } from '@switchboard/protocol';
import type { SharedErrorCode } from '@switchboard/shared';
import type { SipErrorCode } from '@switchboard/sip';
import type { StoreErrorCode } from '@switchboard/store';
import type { TelephonyErrorCode } from '@switchboard/telephony';

/**
 * The one code-to-status table: the HTTP status each of protocol's error codes travels
 * with. Nowhere else in the code base says which status a code gets; `satisfies` makes
 * the table name every code in protocol's list and nothing else.
 */
export const STATUS_BY_CODE = {
  MALFORMED_JSON: 400,
  VALIDATION_FAILED: 400,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  REQUEST_TIMEOUT: 408,
  UNAUTHENTICATED: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  INVALID_CREDENTIALS: 401,
  LOGIN_THROTTLED: 429,
  RATE_LIMITED: 429,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NOT_SESSION_OWNER: 409,
  ACTION_NOT_ALLOWED: 409,
  ILLEGAL_TRANSITION: 409,
  CONFLICT: 409,
  UNKNOWN_PAUSE_REASON: 422,
  INVALID_PHONE_NUMBER: 422,
  DIAL_PLAN_REFUSED: 422,
  DUPLICATE_REQUEST_MISMATCH: 422,
  WORKSPACE_INVALID: 422,
  VOICE_UNAVAILABLE: 503,
  NOT_READY: 503,
  INTERNAL: 500,
  CRM_NOT_CONFIGURED: 503,
  CRM_UPSTREAM_FAILED: 502,
  CRM_UPSTREAM_TIMEOUT: 504,
  RANGE_NOT_SATISFIABLE: 416,
  RECORDING_GONE: 410,
  RECIPIENT_UNAVAILABLE: 422,
  CONFIG_VERSION_MISMATCH: 412,
} as const satisfies Record<ErrorCode, number>;

/** The server's own code: a bad setting at startup (never reaches a client: the process stops). */
export type ServerErrorCode = 'CONFIG_INVALID';

/** Every code a package below the server raises, or the server itself. */
export type PackageErrorCode = SharedErrorCode | SipErrorCode | MediaErrorCode | TelephonyErrorCode | CoreErrorCode | StoreErrorCode | ServerErrorCode;

/**
 * What a client sees for a package's code that is not protocol's: the closest protocol
 * code. Typed over exactly those codes, so a package adding one fails the type check here
 * until it is mapped. Codes that mean "our fault" map to INTERNAL (logged, message hidden).
 */
export const CLIENT_CODE_OF: Record<Exclude<PackageErrorCode, ErrorCode>, ErrorCode> = {
  CONFIG_INVALID: 'INTERNAL',
  // The SIP stack and media: failures of ours or of a peer, never the client's request.
  SIP_PARSE: 'INTERNAL',
  SIP_BAD_URI: 'INTERNAL',
  SIP_HEADER_INJECTION: 'INTERNAL',
  SIP_TIMEOUT: 'INTERNAL',
  SIP_TRANSPORT: 'INTERNAL',
  SIP_NO_TRANSPORT: 'INTERNAL',
  SIP_REJECTED: 'INTERNAL',
  SIP_CANCELLED: 'INTERNAL',
  SIP_DIALOG_TERMINATED: 'INTERNAL',
  SIP_REQUEST_PENDING: 'INTERNAL',
  SIP_INVALID_STATE: 'INTERNAL',
  SIP_SDP: 'INTERNAL',
  SIP_AUTH: 'INTERNAL',
  MEDIA_NO_PORT: 'INTERNAL',
  MEDIA_BAD_PACKET: 'INTERNAL',
  MEDIA_BAD_WAV: 'INTERNAL',
  MEDIA_UNSUPPORTED_CODEC: 'INTERNAL',
  MEDIA_LEG_CLOSED: 'INTERNAL',
  MEDIA_TOO_MANY_PARTIES: 'INTERNAL',
  MEDIA_ALREADY_BRIDGED: 'INTERNAL',
  MEDIA_BAD_SDP: 'INTERNAL',
  MEDIA_BAD_ARGUMENT: 'INTERNAL',
  MEDIA_RECORDER_CLOSED: 'INTERNAL',
  // The engine: a leg or recording that is gone is not found; one in the wrong state refuses the action.
  TEL_NO_SUCH_LEG: 'NOT_FOUND',
  TEL_NO_SUCH_BRIDGE: 'NOT_FOUND',
  TEL_NO_SUCH_TRUNK: 'NOT_FOUND',
  TEL_NO_SUCH_USER: 'NOT_FOUND',
  TEL_NOT_RECORDING: 'NOT_FOUND',
  TEL_USER_NOT_REGISTERED: 'VOICE_UNAVAILABLE',
  TEL_TRUNK_FULL: 'VOICE_UNAVAILABLE',
  TEL_STOPPED: 'VOICE_UNAVAILABLE',
  TEL_INVALID_STATE: 'ACTION_NOT_ALLOWED',
  TEL_ALREADY_COLLECTING: 'ACTION_NOT_ALLOWED',
  TEL_BAD_NUMBER: 'VALIDATION_FAILED',
  TEL_BAD_ARGUMENT: 'VALIDATION_FAILED',
  TEL_BAD_CONFIG: 'WORKSPACE_INVALID',
  TEL_MEDIA: 'VALIDATION_FAILED',
  TEL_SIGNALLING: 'INTERNAL',
  TEL_TOO_MANY_HOPS: 'INTERNAL',
  // The dialler: a bad campaign setting is the workspace's; a compliance refusal refuses the action.
  DIALER_BAD_CONFIG: 'WORKSPACE_INVALID',
  DIALER_DROP_TIMEOUT_OVER_2S: 'WORKSPACE_INVALID',
  DIALER_RING_UNDER_15S: 'WORKSPACE_INVALID',
  DIALER_ABANDON_CAP_EXCEEDED: 'ACTION_NOT_ALLOWED',
  DIALER_REDIAL_WITHIN_72H: 'ACTION_NOT_ALLOWED',
  DIALER_DO_NOT_CALL: 'ACTION_NOT_ALLOWED',
  DIALER_OUTSIDE_CALLING_HOURS: 'ACTION_NOT_ALLOWED',
};
