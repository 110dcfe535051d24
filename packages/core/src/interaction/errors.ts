import { SwitchboardError } from '@switchboard/shared';

/** An operation the interaction's current state does not allow (codes as in protocol's ERROR_CODES). */
export class InteractionActionError extends SwitchboardError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('ACTION_NOT_ALLOWED', message, 409, details);
    this.name = 'InteractionActionError';
  }
}

export class InteractionValidationError extends SwitchboardError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('VALIDATION_FAILED', message, 400, details);
    this.name = 'InteractionValidationError';
  }
}
