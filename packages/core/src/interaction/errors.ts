import { CoreError } from '../errors/core-error';

/** An operation the interaction's current state does not allow. */
export class InteractionActionError extends CoreError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('ACTION_NOT_ALLOWED', message, details);
    this.name = 'InteractionActionError';
  }
}

export class InteractionValidationError extends CoreError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('VALIDATION_FAILED', message, details);
    this.name = 'InteractionValidationError';
  }
}
