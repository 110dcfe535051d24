import { CoreError } from '../errors/core-error';

/** No open call of this agent with that id. */
export class CallNotFoundError extends CoreError {
  constructor(interactionId: string) {
    super('NOT_FOUND', `No interaction ${interactionId} of yours`, { interactionId });
    this.name = 'CallNotFoundError';
  }
}

/** A voice path request that cannot be done now. */
export class VoiceLineError extends CoreError {
  constructor(code: 'ACTION_NOT_ALLOWED' | 'VALIDATION_FAILED', message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'VoiceLineError';
  }
}
