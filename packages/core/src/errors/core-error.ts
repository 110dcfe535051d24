import { SwitchboardError } from '@switchboard/shared';
import type { DialerErrorCode } from '../dialer/error-codes';

/**
 * Every code core raises. All but the dialler's are protocol's codes (core may not import
 * protocol, so the server's error table checks that at compile time); the dialler's are
 * mapped there onto protocol's.
 */
export type CoreErrorCode =
  | 'ACTION_NOT_ALLOWED'
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNKNOWN_PAUSE_REASON'
  | 'INVALID_PHONE_NUMBER'
  | 'DIAL_PLAN_REFUSED'
  | 'WORKSPACE_INVALID'
  | DialerErrorCode;

/** The base of core's errors: a SwitchboardError whose code is one of core's. */
export class CoreError extends SwitchboardError {
  declare readonly code: CoreErrorCode;

  constructor(code: CoreErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'CoreError';
  }
}
