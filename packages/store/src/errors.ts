import { SwitchboardError } from '@switchboard/shared';

/** Every code the store raises (all of them protocol's; the server's error table checks so). */
export type StoreErrorCode = 'NOT_READY' | 'VALIDATION_FAILED' | 'CONFLICT' | 'WORKSPACE_INVALID';

/** Raised when the database cannot be opened, migrated or reached. */
export class StoreError extends SwitchboardError {
  declare readonly code: StoreErrorCode;

  constructor(message: string, details?: Record<string, unknown>) {
    super('NOT_READY', message, details);
    this.name = 'StoreError';
  }
}

/** A row the store refuses: not valid (VALIDATION_FAILED), or already there (CONFLICT). */
export class StoreDataError extends SwitchboardError {
  declare readonly code: StoreErrorCode;

  constructor(code: 'VALIDATION_FAILED' | 'CONFLICT', message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'StoreDataError';
  }
}
