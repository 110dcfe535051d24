import { SwitchboardError } from '@switchboard/shared';

export class RoutingError extends SwitchboardError {
  constructor(code: 'NOT_FOUND' | 'VALIDATION_FAILED' | 'ACTION_NOT_ALLOWED', message: string, details?: Record<string, unknown>) {
    super(code, message, code === 'NOT_FOUND' ? 404 : code === 'ACTION_NOT_ALLOWED' ? 409 : 400, details);
    this.name = 'RoutingError';
  }
}
