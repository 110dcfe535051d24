import { CoreError } from '../errors/core-error';
import { DialerErrorCode } from './error-codes';

export { DialerErrorCode } from './error-codes';

export class DialerError extends CoreError {
  constructor(code: DialerErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'DialerError';
  }
}

export function requireConfig(ok: boolean, message: string, details?: Record<string, unknown>): void {
  if (!ok) throw new DialerError(DialerErrorCode.BadConfig, message, details);
}
