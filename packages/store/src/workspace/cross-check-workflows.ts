import { dnisKey, workflowProblems, type WorkflowProblem } from '@switchboard/core';
import type { WorkspaceFile } from './file-schema';
import type { RawProblem } from './raw-problem';
import { toWorkflow } from './workflow-config';

/** The sandbox carrier's trunk, added by the server; a file may not declare it. */
export const RESERVED_TRUNK = 'sandbox';

/** Codes reported here with a precise path; core's own messages for them would repeat ours. */
const OURS = new Set<WorkflowProblem['code']>(['DUPLICATE_ID', 'UNKNOWN_START', 'UNKNOWN_NEXT', 'UNKNOWN_QUEUE']);

/**
 * Workflows, DNIS and trunks: references (next, branch targets, queues,
 * workflows), uniqueness, and what core's validator finds in the graph
 * (unreachable objects, loops that never wait for the caller, branches on a
 * label nothing collects, digit ranges). Every problem, each at its path.
 */
export function crossCheckWorkflows(ws: WorkspaceFile): RawProblem[] {
  const out: RawProblem[] = [];
  const queues = new Set(ws.queues.map((q) => q.id));
  const workflowIds = new Map<string, number>();

  ws.workflows.forEach((wf, i) => {
    const base: PropertyKey[] = ['workflows', i];
    const first = workflowIds.get(wf.id);
    if (first !== undefined) out.push({ path: [...base, 'id'], message: `duplicate workflow id "${wf.id}" (also at index ${first})` });
    else workflowIds.set(wf.id, i);

    const index = new Map<string, number>();
    wf.objects.forEach((o, j) => {
      const seen = index.get(o.id);
      if (seen !== undefined) out.push({ path: [...base, 'objects', j, 'id'], message: `duplicate object id "${o.id}" (also at index ${seen})` });
      else index.set(o.id, j);
    });
    const ref = (path: PropertyKey[], target: string | null) => {
      if (target !== null && !index.has(target)) out.push({ path, message: `"${target}" is not an object of workflow "${wf.id}"` });
    };
    ref([...base, 'start'], wf.start);
    wf.objects.forEach((o, j) => {
      const at = [...base, 'objects', j];
      switch (o.type) {
        case 'play':
        case 'callback':
          ref([...at, 'next'], o.next);
          break;
        case 'collect':
          ref([...at, 'next'], o.next);
          ref([...at, 'noInputNext'], o.noInputNext);
          if (o.minDigits > o.maxDigits) out.push({ path: [...at, 'minDigits'], message: `is more than maxDigits (${o.minDigits} > ${o.maxDigits})` });
          break;
        case 'branch':
          o.cases.forEach((c, k) => ref([...at, 'cases', k, 'next'], c.next));
          ref([...at, 'default'], o.default);
          o.cases.forEach((c, k) => {
            const dup = o.cases.findIndex((x) => x.digits === c.digits);
            if (dup < k) out.push({ path: [...at, 'cases', k, 'digits'], message: `case "${c.digits}" appears twice (also case ${dup})` });
          });
          break;
        case 'queue':
        case 'hangup':
          break;
      }
      if ((o.type === 'queue' || o.type === 'callback') && !queues.has(o.queue)) out.push({ path: [...at, 'queue'], message: `unknown queue "${o.queue}"` });
    });

    // The graph itself, as core's runner will see it (only when the references hold: otherwise it would repeat them).
    if (out.some((p) => p.path[0] === 'workflows' && p.path[1] === i)) return;
    const said = new Set<string>();
    for (const p of workflowProblems(toWorkflow(wf))) {
      if (OURS.has(p.code)) continue;
      const j = p.objectId === null ? undefined : index.get(p.objectId);
      const message = p.message.replace(/^workflow "[^"]*"(, object "[^"]*")?: /, '');
      // A loop reached by two edges (a branch case and its default) is one problem.
      if (said.has(`${j}:${message}`)) continue;
      said.add(`${j}:${message}`);
      out.push({ path: j === undefined ? base : [...base, 'objects', j], message });
    }
  });

  const numbers = new Map<string, number>();
  ws.dnis.forEach((d, i) => {
    const key = dnisKey(d.number);
    const first = numbers.get(key);
    if (first !== undefined) out.push({ path: ['dnis', i, 'number'], message: `duplicate DNIS "${d.number}" (also at index ${first})` });
    else numbers.set(key, i);
    if (!workflowIds.has(d.workflow)) out.push({ path: ['dnis', i, 'workflow'], message: `unknown workflow "${d.workflow}"` });
    if (key === dnisKey(ws.callInNumber))
      out.push({ path: ['dnis', i, 'number'], message: `"${d.number}" is the callInNumber (agents dial it to connect their phone): use another number` });
  });

  const trunks = new Map<string, number>();
  ws.trunks.forEach((t, i) => {
    const base: PropertyKey[] = ['trunks', i];
    const first = trunks.get(t.name);
    if (first !== undefined) out.push({ path: [...base, 'name'], message: `duplicate trunk name "${t.name}" (also at index ${first})` });
    else trunks.set(t.name, i);
    if (t.name === RESERVED_TRUNK) out.push({ path: [...base, 'name'], message: `"${RESERVED_TRUNK}" is reserved for the sandbox carrier` });
    const port = /:(\d+)$/.exec(t.address);
    if (port && !(Number(port[1]) >= 1 && Number(port[1]) <= 65535)) out.push({ path: [...base, 'address'], message: `port ${port[1]} is not 1-65535` });
    const c = t.credentials;
    if (c && (c.password === undefined) === (c.passwordEnv === undefined)) {
      out.push({ path: [...base, 'credentials'], message: 'needs password or passwordEnv (one of them)' });
    }
    for (const side of ['outboundRewrite', 'inboundRewrite'] as const) {
      t[side].forEach((r, k) => {
        try {
          new RegExp(`^(?:${r.match})$`);
        } catch (err) {
          out.push({ path: [...base, side, k, 'match'], message: `is not a valid regular expression: ${(err as Error).message}` });
        }
      });
    }
  });
  return out;
}

/** Trunk passwords named by environment variable that are not set (checked at load, like missing files). */
export function missingTrunkSecrets(ws: WorkspaceFile, env: NodeJS.ProcessEnv): RawProblem[] {
  const out: RawProblem[] = [];
  ws.trunks.forEach((t, i) => {
    const name = t.credentials?.passwordEnv;
    if (name && !env[name]) out.push({ path: ['trunks', i, 'credentials', 'passwordEnv'], message: `environment variable ${name} is not set` });
    const inbound = t.inboundCredentials?.passwordEnv;
    if (inbound && !env[inbound]) out.push({ path: ['trunks', i, 'inboundCredentials', 'passwordEnv'], message: `environment variable ${inbound} is not set` });
  });
  return out;
}
