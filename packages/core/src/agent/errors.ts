import { CoreError } from '../errors/core-error';

export class ActionNotAllowedError extends CoreError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('ACTION_NOT_ALLOWED', message, details);
    this.name = 'ActionNotAllowedError';
  }
}

export class UnknownPauseReasonError extends CoreError {
  constructor(reasonId: string) {
    super('UNKNOWN_PAUSE_REASON', `"${reasonId}" is not a pause reason you can choose`, { reasonId });
    this.name = 'UnknownPauseReasonError';
  }
}

export class AgentValidationError extends CoreError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('VALIDATION_FAILED', message, details);
    this.name = 'AgentValidationError';
  }
}
