import type { WorkspaceFile } from './file-schema';
import type { RawProblem } from './raw-problem';

/**
 * Queue waiting limits (issue 14.1): a maximum wait needs an overflow action
 * and an action needs a maximum wait; the queue or workflow an overflow names
 * must exist (and a queue may not overflow into itself).
 */
export function crossCheckQueueOverflow(ws: WorkspaceFile): RawProblem[] {
  const out: RawProblem[] = [];
  const queues = new Set(ws.queues.map((q) => q.id));
  const workflows = new Set(ws.workflows.map((w) => w.id));
  ws.queues.forEach((q, i) => {
    const at: PropertyKey[] = ['queues', i];
    const o = q.overflow ?? null;
    const max = q.maxWaitSeconds ?? null;
    if (max !== null && o === null) out.push({ path: [...at, 'overflow'], message: 'maxWaitSeconds needs an overflow action (what happens to the caller then)' });
    if (o !== null && max === null) out.push({ path: [...at, 'maxWaitSeconds'], message: 'an overflow action needs maxWaitSeconds (when it happens)' });
    if (o?.type === 'queue') {
      if (!queues.has(o.queue)) out.push({ path: [...at, 'overflow', 'queue'], message: `unknown queue "${o.queue}"` });
      else if (o.queue === q.id) out.push({ path: [...at, 'overflow', 'queue'], message: 'a queue cannot overflow into itself' });
    }
    if (o?.type === 'workflow' && !workflows.has(o.workflow)) out.push({ path: [...at, 'overflow', 'workflow'], message: `unknown workflow "${o.workflow}"` });
  });
  return out;
}
