import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document } from 'yaml';
import { hashSecret } from '@switchboard/shared';
import { defaultDialPlan, type WorkspaceConfig } from '@switchboard/core';
import { workspaceFileSchema, type WorkspaceFile } from './file-schema';
import { crossCheck, type RawProblem } from './cross-check';
import { missingTrunkSecrets } from './cross-check-workflows';
import { toDnis, toOverflow, toTrunk, toWorkflow } from './workflow-config';
import { crossCheckTransfers, musicOnHoldFile, toTransferNumbers } from './transfer-config';
import { WorkspaceError, formatPath, type WorkspaceProblem } from './workspace-error';

export interface LoadWorkspaceOptions {
  /** Hashes plaintext passwords and PINs; defaults to scrypt (hashSecret). Tests may pass a cheaper one. */
  hash?: (secret: string) => Promise<string>;
  /**
   * Folder that announcement paths are relative to; when given, each file
   * must exist there. loadWorkspaceFile passes the workspace file's folder.
   */
  baseDir?: string;
  /** Where trunk passwords named by `passwordEnv` are read (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Announcement and prompt files that are missing under baseDir. */
async function missingFiles(ws: WorkspaceFile, baseDir: string): Promise<RawProblem[]> {
  const wanted: Array<{ path: PropertyKey[]; file: string }> = [
    ...ws.campaigns.flatMap((c, i) => c.announcements.map((a, j) => ({ path: ['campaigns', i, 'announcements', j, 'file'], file: a.file }))),
    ...ws.workflows.flatMap((w, i) =>
      w.objects.flatMap((o, j) => {
        if (o.type === 'play') return [{ path: ['workflows', i, 'objects', j, 'file'], file: o.file }];
        if (o.type === 'collect' && o.prompt !== null) return [{ path: ['workflows', i, 'objects', j, 'prompt'], file: o.prompt }];
        return [];
      }),
    ),
    ...ws.queues.flatMap((q, i) => {
      const o = q.overflow;
      if (o?.type === 'message') return [{ path: ['queues', i, 'overflow', 'file'], file: o.file }];
      if (o?.type === 'callback')
        return [{ path: ['queues', i, 'overflow', 'prompt'], file: o.prompt }, ...(o.confirm ? [{ path: ['queues', i, 'overflow', 'confirm'], file: o.confirm }] : [])];
      return [];
    }),
    ...(ws.musicOnHold !== undefined ? [{ path: ['musicOnHold'], file: ws.musicOnHold }] : []),
  ];
  const checks = wanted.map(async (w): Promise<RawProblem | null> => {
    const full = resolve(baseDir, w.file);
    const st = await stat(full).catch(() => null);
    return st?.isFile() ? null : { path: w.path, message: `file not found: ${full}` };
  });
  return (await Promise.all(checks)).filter((p): p is RawProblem => p !== null);
}

/** Keys whose values are digit strings even when YAML reads a number (`pin: 0123` must stay "0123"). */
const DIGIT_KEYS = new Set(['pin', 'agentNumber', 'digits']);

function keepDigitSource(doc: Document): void {
  visit(doc, {
    Pair(_, pair) {
      if (isPair(pair) && isScalar(pair.key) && DIGIT_KEYS.has(String(pair.key.value)) && isScalar(pair.value)) {
        const v = pair.value;
        if (typeof v.value === 'number' && typeof v.source === 'string' && /^[0-9]+$/.test(v.source)) v.value = v.source;
      }
    },
  });
}

function hasRange(node: unknown): node is { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && 'range' in node && Array.isArray((node as { range: unknown }).range);
}

/**
 * Line and column for `path`: the key itself when the path ends at a map key
 * (operators look for `password:`), else the deepest node that exists (a
 * missing key points at its parent).
 */
function locate(doc: Document, lc: LineCounter, path: PropertyKey[]): { line: number | null; column: number | null } {
  const at = (offset: number) => {
    const pos = lc.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  for (let n = path.length; n >= 1; n--) {
    const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1) as (string | number)[], true);
    const last = path[n - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
      if (pair && hasRange(pair.key)) return at(pair.key.range[0]);
    } else if (isSeq(parent) && typeof last === 'number') {
      const item = parent.items[last];
      if (hasRange(item)) return at(item.range[0]);
    }
  }
  return hasRange(doc.contents) ? at(doc.contents.range[0]) : { line: null, column: null };
}

function toConfig(ws: WorkspaceFile, pending: Array<{ plain: string; apply: (hash: string) => void }>, env: NodeJS.ProcessEnv, baseDir: string | undefined): WorkspaceConfig {
  const config: WorkspaceConfig = {
    name: ws.name,
    region: ws.region,
    callInNumber: ws.callInNumber,
    teams: ws.teams.map((t) => ({ id: t.id, name: t.name, requestAssistance: t.requestAssistance })),
    pauseReasons: ws.pauseReasons.map((r) => ({ id: r.id, name: r.name, takesTransfers: r.takesTransfers })),
    agents: ws.agents.map((a) => ({
      id: a.id ?? a.username,
      username: a.username,
      displayName: a.displayName,
      passwordHash: a.passwordHash ?? '',
      agentNumber: a.agentNumber,
      pinHash: a.pinHash ?? '',
      defaultNumber: a.defaultNumber ?? null,
      teamId: a.team ?? null,
      campaignIds: a.campaigns,
      transfersWhilePaused: a.transfersWhilePaused,
      ...(a.phoneSrtp !== 'auto' ? { phoneSrtp: a.phoneSrtp } : {}),
      region: a.region ?? null,
    })),
    staff: ws.staff.map((s) => ({
      id: s.id ?? s.username,
      username: s.username,
      displayName: s.displayName,
      passwordHash: s.passwordHash ?? '',
      role: s.role,
      teamId: s.team ?? null,
    })),
    campaigns: ws.campaigns.map((c) => ({
      id: c.id,
      name: c.name,
      direction: c.direction,
      dialMode: c.direction === 'outbound' ? (c.dialMode ?? null) : null,
      wrapCodes: c.wrapCodes,
      defaultWrapCodeId: c.defaultWrapCode ?? null,
      autoWrapSeconds: c.autoWrapSeconds ?? null,
      extendSeconds: c.extendSeconds ?? null,
      recording: c.recording,
      bookmarks: c.bookmarks,
      announcements: c.announcements,
      transferNumbers: toTransferNumbers(c.transferNumbers, ws.region),
    })),
    queues: ws.queues.map((q) => ({
      id: q.id,
      name: q.name,
      campaignId: q.campaign,
      maxWaitSeconds: q.maxWaitSeconds ?? null,
      overflow: toOverflow(q.overflow ?? null),
      reofferAfterSeconds: q.reofferAfterSeconds,
      serviceLevelSeconds: q.serviceLevelSeconds,
    })),
    workflows: ws.workflows.map(toWorkflow),
    dnis: ws.dnis.map(toDnis),
    trunks: ws.trunks.map((t) => toTrunk(t, env)),
    dialPlan: ws.dialPlan
      ? { allowCountries: ws.dialPlan.allowCountries ?? [ws.region], blockTypes: ws.dialPlan.blockTypes, blockNumbers: ws.dialPlan.blockNumbers }
      : defaultDialPlan(ws.region),
    recordings: {
      retentionDays: ws.recordings?.retentionDays ?? null,
      play: ws.recordings?.play ?? ['supervisor', 'admin'],
      download: ws.recordings?.download ?? ['supervisor', 'admin'],
    },
    musicOnHoldFile: musicOnHoldFile(ws, baseDir),
    crm: { allowedOrigins: ws.crm?.allowedOrigins ?? [] },
  };
  ws.agents.forEach((a, i) => {
    const agent = config.agents[i]!;
    if (a.password !== undefined) pending.push({ plain: a.password, apply: (h) => (agent.passwordHash = h) });
    if (a.pin !== undefined) pending.push({ plain: a.pin, apply: (h) => (agent.pinHash = h) });
  });
  ws.staff.forEach((s, i) => {
    const staff = config.staff[i]!;
    if (s.password !== undefined) pending.push({ plain: s.password, apply: (h) => (staff.passwordHash = h) });
  });
  return config;
}

/**
 * Parses, validates and cross-checks a workspace file's text, then hashes its
 * plaintext secrets. `file` only names the source in error messages.
 * Throws WorkspaceError (WORKSPACE_INVALID) listing every problem.
 */
export async function parseWorkspace(text: string, file: string, opts: LoadWorkspaceOptions = {}): Promise<WorkspaceConfig> {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new WorkspaceError(
      file,
      doc.errors.map((e) => {
        const pos = lc.linePos(e.pos[0]);
        return { path: '', line: pos.line, column: pos.col, message: `YAML syntax error: ${e.message.split('\n')[0]}` };
      }),
    );
  }
  if (doc.contents === null || !isMap(doc.contents)) {
    throw new WorkspaceError(file, [{ path: '', line: null, column: null, message: 'the file must be a YAML mapping (name, region, callInNumber, agents, ...)' }]);
  }
  keepDigitSource(doc);

  const problem = (p: RawProblem): WorkspaceProblem => ({ path: formatPath(p.path), ...locate(doc, lc, p.path), message: p.message });
  const parsed = workspaceFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const raw: RawProblem[] = [];
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const k of issue.keys) raw.push({ path: [...issue.path, k], message: `unknown key "${k}"` });
      } else if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
        raw.push({ path: [...issue.path], message: 'is required' });
      } else {
        raw.push({ path: [...issue.path], message: issue.message.replace(/^Invalid (input|option): /, '') });
      }
    }
    throw new WorkspaceError(file, raw.map(problem));
  }
  const ws = parsed.data;
  const env = opts.env ?? process.env;
  const cross = [...crossCheck(ws), ...crossCheckTransfers(ws), ...missingTrunkSecrets(ws, env)];
  if (opts.baseDir !== undefined) cross.push(...(await missingFiles(ws, opts.baseDir)));
  if (cross.length > 0) throw new WorkspaceError(file, cross.map(problem));

  // Each secret gets its own salt, even when two users share a password.
  const pending: Array<{ plain: string; apply: (hash: string) => void }> = [];
  const config = toConfig(ws, pending, env, opts.baseDir);
  const hash = opts.hash ?? hashSecret;
  await Promise.all(pending.map(async (p) => p.apply(await hash(p.plain))));
  return config;
}

/** Reads and validates a workspace file (see parseWorkspace). */
export async function loadWorkspaceFile(path: string, opts: LoadWorkspaceOptions = {}): Promise<WorkspaceConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new WorkspaceError(path, [{ path: '', line: null, column: null, message: `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }]);
  }
  return parseWorkspace(text, path, { baseDir: dirname(resolve(path)), ...opts });
}
