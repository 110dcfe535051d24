/**
 * Every error we raise carries a stable, machine-readable code (as Fastify's
 * errors do) and, where it reaches a client, an HTTP status.
 */
export class SwitchboardError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, statusCode = 400, details?: Record<string, unknown>) {
    super(message);
    this.name = 'SwitchboardError';
    this.code = code;
    this.statusCode = statusCode;
    this.details = details;
  }
}

/** Raised by a state machine asked to make a move its table does not allow. */
export class IllegalTransitionError extends SwitchboardError {
  readonly machine: string;
  readonly from: string;
  readonly to: string;

  constructor(machine: string, from: string, to: string) {
    super('ILLEGAL_TRANSITION', `${machine}: cannot go from ${from} to ${to}`, 409, { machine, from, to });
    this.name = 'IllegalTransitionError';
    this.machine = machine;
    this.from = from;
    this.to = to;
  }
}
