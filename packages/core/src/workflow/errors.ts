import { SwitchboardError } from '@switchboard/shared';

export interface WorkflowProblem {
  workflowId: string;
  /** The object at fault, if one. */
  objectId: string | null;
  code: 'DUPLICATE_ID' | 'UNKNOWN_START' | 'UNKNOWN_NEXT' | 'UNREACHABLE' | 'CYCLE_WITHOUT_INPUT' | 'BAD_OBJECT' | 'UNKNOWN_QUEUE' | 'UNKNOWN_LABEL';
  message: string;
}

/** A workflow graph that cannot run; `problems` lists every fault found, not just the first. */
export class WorkflowInvalidError extends SwitchboardError {
  readonly problems: WorkflowProblem[];

  constructor(problems: WorkflowProblem[]) {
    super('WORKSPACE_INVALID', problems.map((p) => p.message).join('; '), 422, { problems });
    this.name = 'WorkflowInvalidError';
    this.problems = problems;
  }
}

export class WorkflowRunError extends SwitchboardError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('ACTION_NOT_ALLOWED', message, 409, details);
    this.name = 'WorkflowRunError';
  }
}
