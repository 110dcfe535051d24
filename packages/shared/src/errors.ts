/**
 * Every error we raise carries a stable, machine-readable code (as Fastify's errors do).
 * Each package narrows `code` to its own union (SipErrorCode, CoreErrorCode, ...), exported
 * from its index. Which HTTP status a code travels with is not decided here: the server's
 * error handler has the one code-to-status table, and maps codes that are not protocol's.
 */
export class SwitchboardError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'SwitchboardError';
    this.code = code;
    this.details = details;
  }
}

/** The codes shared itself raises. */
export type SharedErrorCode = 'ILLEGAL_TRANSITION';

/** Raised by a state machine asked to make a move its table does not allow. */
export class IllegalTransitionError extends SwitchboardError {
  declare readonly code: SharedErrorCode;
  readonly machine: string;
  readonly from: string;
  readonly to: string;

  constructor(machine: string, from: string, to: string) {
    super('ILLEGAL_TRANSITION', `${machine}: cannot go from ${from} to ${to}`, { machine, from, to });
    this.name = 'IllegalTransitionError';
    this.machine = machine;
    this.from = from;
    this.to = to;
  }
}
