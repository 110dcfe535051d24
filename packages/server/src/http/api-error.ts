import { ERROR_CODES, type ErrorCode } from '@switchboard/protocol';
import { SwitchboardError } from '@switchboard/shared';

/** An error with one of the protocol's codes and the status the protocol gives it. */
export function apiError(code: ErrorCode, message: string, details?: Record<string, unknown>): SwitchboardError {
  return new SwitchboardError(code, message, ERROR_CODES[code], details);
}

export function isProtocolCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}
