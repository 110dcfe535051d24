import type { WorkflowConfig, WorkflowObjectConfig } from '../workspace/types';
import { WorkflowInvalidError, type WorkflowProblem } from './errors';

/** The ids an object can move to, with whether the move waits for the caller (collect). */
export function nextIds(o: WorkflowObjectConfig): string[] {
  switch (o.type) {
    case 'play':
    case 'callback':
      return o.next === null ? [] : [o.next];
    case 'collect':
      return [o.next, ...(o.noInputNext === null ? [] : [o.noInputNext])];
    case 'branch':
      return [...o.cases.map((c) => c.next), o.defaultNext];
    case 'queue':
    case 'hangup':
      return [];
    default:
      return [];
  }
}

const DTMF = /^[0-9*#]+$/;

function checkFields(o: WorkflowObjectConfig, problem: (code: WorkflowProblem['code'], msg: string) => void): void {
  const str = (v: unknown) => typeof v === 'string' && v.trim().length > 0;
  switch (o.type) {
    case 'play':
      if (!str(o.file)) problem('BAD_OBJECT', 'a play object needs a WAV file');
      break;
    case 'collect': {
      if (!str(o.label)) problem('BAD_OBJECT', 'a collect object needs a label for the IVR data');
      const ints = [o.minDigits, o.maxDigits, o.attempts].every((n) => Number.isInteger(n));
      if (!ints || o.minDigits < 0 || o.maxDigits < 1 || o.minDigits > o.maxDigits || o.maxDigits > 64) {
        problem('BAD_OBJECT', `digits must satisfy 0 ≤ minDigits ≤ maxDigits ≤ 64 and maxDigits ≥ 1 (got ${o.minDigits}..${o.maxDigits})`);
      }
      if (!Number.isInteger(o.attempts) || o.attempts < 1 || o.attempts > 10) problem('BAD_OBJECT', 'attempts must be 1 to 10');
      if (!(typeof o.timeoutSeconds === 'number' && o.timeoutSeconds > 0 && o.timeoutSeconds <= 120)) problem('BAD_OBJECT', 'timeoutSeconds must be over 0 and at most 120');
      if (o.terminator !== null && !/^[*#]$/.test(String(o.terminator))) problem('BAD_OBJECT', 'the terminator must be "#" or "*"');
      break;
    }
    case 'branch':
      if (!str(o.label)) problem('BAD_OBJECT', 'a branch object needs the label it branches on');
      if (!Array.isArray(o.cases)) problem('BAD_OBJECT', 'a branch needs a list of cases');
      else {
        const seen = new Set<string>();
        for (const c of o.cases) {
          if (!DTMF.test(String(c.digits))) problem('BAD_OBJECT', `case "${String(c.digits)}" must be keypad digits`);
          if (seen.has(c.digits)) problem('BAD_OBJECT', `case "${c.digits}" appears twice`);
          seen.add(c.digits);
        }
      }
      break;
    case 'queue':
    case 'callback':
      if (!str(o.queueId)) problem('BAD_OBJECT', `a ${o.type} object needs a queueId`);
      if (o.type === 'callback' && o.numberFrom !== 'caller' && !str((o.numberFrom as { label?: unknown })?.label)) {
        problem('BAD_OBJECT', 'numberFrom must be "caller" or { label }');
      }
      break;
    case 'hangup':
      break;
    default:
      problem('BAD_OBJECT', `unknown object type "${String((o as { type?: unknown }).type)}"`);
  }
}

/**
 * Every fault in a workflow graph (empty when it can run): duplicate ids,
 * an unknown start or next id, objects the start cannot reach, a cycle that
 * never waits for the caller (it would spin forever), bad fields, unknown
 * queues (when `queueIds` is given) and branches on labels nothing collects.
 */
export function workflowProblems(wf: WorkflowConfig, queueIds?: ReadonlySet<string>): WorkflowProblem[] {
  const out: WorkflowProblem[] = [];
  const add = (objectId: string | null, code: WorkflowProblem['code'], message: string) =>
    out.push({ workflowId: wf.id, objectId, code, message: `workflow "${wf.id}"${objectId ? `, object "${objectId}"` : ''}: ${message}` });
  if (!Array.isArray(wf.objects) || wf.objects.length === 0) {
    add(null, 'BAD_OBJECT', 'has no objects');
    return out;
  }
  const byId = new Map<string, WorkflowObjectConfig>();
  for (const o of wf.objects) {
    if (byId.has(o.id)) add(o.id, 'DUPLICATE_ID', 'the id is used twice');
    byId.set(o.id, o);
  }
  const labels = new Set(wf.objects.flatMap((o) => (o.type === 'collect' ? [o.label] : [])));
  for (const o of wf.objects) {
    checkFields(o, (code, msg) => add(o.id, code, msg));
    for (const n of nextIds(o)) if (!byId.has(n)) add(o.id, 'UNKNOWN_NEXT', `next "${n}" is not an object of this workflow`);
    if ((o.type === 'queue' || o.type === 'callback') && queueIds && !queueIds.has(o.queueId)) add(o.id, 'UNKNOWN_QUEUE', `queue "${o.queueId}" does not exist`);
    if (o.type === 'branch' && !labels.has(o.label)) add(o.id, 'UNKNOWN_LABEL', `no collect object gathers "${o.label}"`);
    if (o.type === 'callback' && typeof o.numberFrom === 'object' && !labels.has(o.numberFrom.label)) {
      add(o.id, 'UNKNOWN_LABEL', `no collect object gathers "${o.numberFrom.label}"`);
    }
  }
  if (!byId.has(wf.start)) {
    add(null, 'UNKNOWN_START', `start "${wf.start}" is not an object of this workflow`);
    return out;
  }
  // Reachability from the start.
  const reached = new Set<string>([wf.start]);
  const todo = [wf.start];
  while (todo.length) for (const n of nextIds(byId.get(todo.pop()!)!)) if (byId.has(n) && !reached.has(n)) reached.add(n), todo.push(n);
  for (const o of wf.objects) if (!reached.has(o.id)) add(o.id, 'UNREACHABLE', 'cannot be reached from the start');
  // Cycles among objects that never wait for the caller's input (everything but collect).
  const colour = new Map<string, 0 | 1 | 2>();
  const visit = (id: string, path: string[]): void => {
    colour.set(id, 1);
    for (const n of nextIds(byId.get(id)!)) {
      const no = byId.get(n);
      if (!no || no.type === 'collect') continue;
      if (colour.get(n) === 1) add(n, 'CYCLE_WITHOUT_INPUT', `loops without asking the caller for input: ${[...path.slice(path.indexOf(n)), n].join(' → ')}`);
      else if (!colour.get(n)) visit(n, [...path, n]);
    }
    colour.set(id, 2);
  };
  for (const o of wf.objects) if (o.type !== 'collect' && !colour.get(o.id)) visit(o.id, [o.id]);
  return out;
}

/** Throws WorkflowInvalidError (WORKSPACE_INVALID) listing every problem. */
export function validateWorkflow(wf: WorkflowConfig, queueIds?: ReadonlySet<string>): void {
  const problems = workflowProblems(wf, queueIds);
  if (problems.length) throw new WorkflowInvalidError(problems);
}

/** Validates the workspace's workflows and DNIS map together (unknown workflows, duplicate numbers). */
export function validateWorkflows(workflows: readonly WorkflowConfig[], dnis: ReadonlyArray<{ number: string; workflowId: string }>, queueIds?: ReadonlySet<string>): void {
  const problems: WorkflowProblem[] = [];
  const ids = new Set<string>();
  for (const wf of workflows) {
    if (ids.has(wf.id)) problems.push({ workflowId: wf.id, objectId: null, code: 'DUPLICATE_ID', message: `workflow "${wf.id}" is declared twice` });
    ids.add(wf.id);
    problems.push(...workflowProblems(wf, queueIds));
  }
  const numbers = new Set<string>();
  for (const d of dnis) {
    if (!ids.has(d.workflowId))
      problems.push({ workflowId: d.workflowId, objectId: null, code: 'UNKNOWN_NEXT', message: `DNIS ${d.number} points to unknown workflow "${d.workflowId}"` });
    if (numbers.has(d.number)) problems.push({ workflowId: d.workflowId, objectId: null, code: 'DUPLICATE_ID', message: `DNIS ${d.number} is mapped twice` });
    numbers.add(d.number);
  }
  if (problems.length) throw new WorkflowInvalidError(problems);
}
