import { CoreError } from '../errors/core-error';

export interface WorkflowProblem {
  workflowId: string;
  /** The object at fault, if one. */
  objectId: string | null;
  code: 'DUPLICATE_ID' | 'UNKNOWN_START' | 'UNKNOWN_NEXT' | 'UNREACHABLE' | 'CYCLE_WITHOUT_INPUT' | 'BAD_OBJECT' | 'UNKNOWN_QUEUE' | 'UNKNOWN_LABEL';
  message: string;
}

/** A workflow graph that cannot run; `problems` lists every fault found, not just the first. */
export class WorkflowInvalidError extends CoreError {
  readonly problems: WorkflowProblem[];

  constructor(problems: WorkflowProblem[]) {
    super('WORKSPACE_INVALID', problems.map((p) => p.message).join('; '), { problems });
    this.name = 'WorkflowInvalidError';
    this.problems = problems;
  }
}

export class WorkflowRunError extends CoreError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('ACTION_NOT_ALLOWED', message, details);
    this.name = 'WorkflowRunError';
  }
}
