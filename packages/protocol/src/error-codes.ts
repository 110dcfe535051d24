import { z } from 'zod';

/**
 * Every error the API returns has one of these codes. Clients switch on the
 * code, never on the message; the message is for people.
 */
export const ERROR_CODES = {
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
  UNKNOWN_PAUSE_REASON: 422,
  INVALID_PHONE_NUMBER: 422,
  DIAL_PLAN_REFUSED: 422,
  RECIPIENT_UNAVAILABLE: 422,
  DUPLICATE_REQUEST_MISMATCH: 422,
  WORKSPACE_INVALID: 422,
  VOICE_UNAVAILABLE: 503,
  NOT_READY: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export const errorCodeSchema = z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]);

export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
