import { SwitchboardError } from '@switchboard/shared';

/** No open call of this agent with that id. */
export class CallNotFoundError extends SwitchboardError {
  constructor(interactionId: string) {
    super('NOT_FOUND', `No interaction ${interactionId} of yours`, 404, { interactionId });
    this.name = 'CallNotFoundError';
  }
}
