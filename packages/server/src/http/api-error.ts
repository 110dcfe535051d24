import type { ErrorCode } from '@switchboard/protocol';
import { SwitchboardError } from '@switchboard/shared';

/** An error with one of the protocol's codes; the error handler's table gives its status. */
export function apiError(code: ErrorCode, message: string, details?: Record<string, unknown>): SwitchboardError {
  return new SwitchboardError(code, message, details);
}
