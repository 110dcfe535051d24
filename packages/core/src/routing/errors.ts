import { CoreError } from '../errors/core-error';

export class RoutingError extends CoreError {
  constructor(code: 'NOT_FOUND' | 'VALIDATION_FAILED' | 'ACTION_NOT_ALLOWED', message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'RoutingError';
  }
}
