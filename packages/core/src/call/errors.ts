import { SwitchboardError } from '@switchboard/shared';

/** No open call of this agent with that id. */
export class CallNotFoundError extends SwitchboardError {
  constructor(interactionId: string) {
    super('NOT_FOUND', `No interaction ${interactionId} of yours`, 404, { interactionId });
    this.name = 'CallNotFoundError';
  }
}

/** A voice path request that cannot be done (codes as in protocol's ERROR_CODES). */
export class VoiceLineError extends SwitchboardError {
  constructor(code: 'ACTION_NOT_ALLOWED' | 'VALIDATION_FAILED', message: string, details?: Record<string, unknown>) {
    super(code, message, code === 'ACTION_NOT_ALLOWED' ? 409 : 400, details);
    this.name = 'VoiceLineError';
  }
}
