import { SwitchboardError } from '@switchboard/shared';

export interface WorkspaceProblem {
  /** Where in the file, e.g. `agents[2].campaigns[0]`; '' for the whole file. */
  path: string;
  /** 1-based line, when the YAML library can tell. */
  line: number | null;
  column: number | null;
  message: string;
}

function describe(p: WorkspaceProblem): string {
  const pos = p.line === null ? '' : p.column === null ? `line ${p.line}` : `line ${p.line}, column ${p.column}`;
  if (!p.path) return `${pos || 'file'}: ${p.message}`;
  return `${p.path}${pos ? ` (${pos})` : ''}: ${p.message}`;
}

/**
 * A workspace file that cannot be loaded. The message names the file and
 * every problem found (not just the first), each with its path and line, so
 * an operator can fix them in one pass.
 */
export class WorkspaceError extends SwitchboardError {
  declare readonly code: 'WORKSPACE_INVALID';
  readonly file: string;
  readonly problems: readonly WorkspaceProblem[];

  constructor(file: string, problems: WorkspaceProblem[]) {
    const head = problems.length === 1 ? `Workspace file ${file} has a problem:` : `Workspace file ${file} has ${problems.length} problems:`;
    super('WORKSPACE_INVALID', [head, ...problems.map((p) => `  - ${describe(p)}`)].join('\n'), { file, problems });
    this.name = 'WorkspaceError';
    this.file = file;
    this.problems = problems;
  }
}

/** `['agents', 2, 'campaigns', 0]` → `agents[2].campaigns[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += out ? `.${String(k)}` : String(k);
  }
  return out;
}
