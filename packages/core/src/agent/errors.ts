import { SwitchboardError } from '@switchboard/shared';

/** Codes (and HTTP statuses) as in protocol's ERROR_CODES. */
export class ActionNotAllowedError extends SwitchboardError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('ACTION_NOT_ALLOWED', message, 409, details);
    this.name = 'ActionNotAllowedError';
  }
}

export class UnknownPauseReasonError extends SwitchboardError {
  constructor(reasonId: string) {
    super('UNKNOWN_PAUSE_REASON', `"${reasonId}" is not a pause reason you can choose`, 422, { reasonId });
    this.name = 'UnknownPauseReasonError';
  }
}

export class AgentValidationError extends SwitchboardError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('VALIDATION_FAILED', message, 400, details);
    this.name = 'AgentValidationError';
  }
}
