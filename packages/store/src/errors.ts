import { SwitchboardError } from '@switchboard/shared';

/** Raised when the database cannot be opened, migrated or reached. */
export class StoreError extends SwitchboardError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('NOT_READY', message, 503, details);
    this.name = 'StoreError';
  }
}
