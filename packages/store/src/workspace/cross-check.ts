import { isSecretHash } from '@switchboard/shared';
import { SYSTEM_PAUSE_REASONS } from '@switchboard/core';
import type { WorkspaceFile } from './file-schema';
import { crossCheckWorkflows } from './cross-check-workflows';
import type { RawProblem } from './raw-problem';
import { crossCheckQueueOverflow } from './cross-check-queues';

export type { RawProblem } from './raw-problem';

const SYSTEM_IDS = new Set<string>([SYSTEM_PAUSE_REASONS.autoPause.id, SYSTEM_PAUSE_REASONS.notReady.id]);

/** Reports the second and later occurrences of a key within a list. */
function uniqueBy<T>(out: RawProblem[], list: readonly T[], key: (t: T) => string, where: (i: number) => PropertyKey[], what: string): void {
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else out.push({ path: where(i), message: `duplicate ${what} "${k}" (also at index ${first})` });
  });
}

/** Exactly one of the plaintext and the hashed form, and a hash that looks like ours. */
function secretPair(out: RawProblem[], base: PropertyKey[], plain: string | undefined, hash: string | undefined, plainKey: string, hashKey: string): void {
  if (plain === undefined && hash === undefined) out.push({ path: base, message: `needs ${plainKey} or ${hashKey}` });
  if (plain !== undefined && hash !== undefined) out.push({ path: [...base, hashKey], message: `give ${plainKey} or ${hashKey}, not both` });
  if (hash !== undefined && !isSecretHash(hash)) {
    out.push({ path: [...base, hashKey], message: `is not a scrypt hash (make one with: npx tsx packages/store/src/cli/hash-secret.ts)` });
  }
}

/**
 * Checks what a schema cannot: references between sections, uniqueness, and
 * rules that span fields. Returns every problem found.
 */
export function crossCheck(ws: WorkspaceFile): RawProblem[] {
  const out: RawProblem[] = [];
  const teams = new Set(ws.teams.map((t) => t.id));
  const campaigns = new Set(ws.campaigns.map((c) => c.id));

  uniqueBy(
    out,
    ws.teams,
    (t) => t.id,
    (i) => ['teams', i, 'id'],
    'team id',
  );
  uniqueBy(
    out,
    ws.pauseReasons,
    (r) => r.id,
    (i) => ['pauseReasons', i, 'id'],
    'pause reason id',
  );
  uniqueBy(
    out,
    ws.campaigns,
    (c) => c.id,
    (i) => ['campaigns', i, 'id'],
    'campaign id',
  );
  uniqueBy(
    out,
    ws.queues,
    (q) => q.id,
    (i) => ['queues', i, 'id'],
    'queue id',
  );

  ws.pauseReasons.forEach((r, i) => {
    if (SYSTEM_IDS.has(r.id)) out.push({ path: ['pauseReasons', i, 'id'], message: `"${r.id}" is a system pause reason and cannot be declared` });
  });

  // Agents and staff share one login namespace and one id space (tokens point at either).
  const people = [
    ...ws.agents.map((a, i) => ({ id: a.id ?? a.username, username: a.username, path: ['agents', i] as PropertyKey[], hasId: a.id !== undefined })),
    ...ws.staff.map((s, i) => ({ id: s.id ?? s.username, username: s.username, path: ['staff', i] as PropertyKey[], hasId: s.id !== undefined })),
  ];
  const ids = new Map<string, string>();
  const names = new Map<string, string>();
  for (const p of people) {
    const where = `${String(p.path[0])}[${String(p.path[1])}]`;
    const firstId = ids.get(p.id);
    if (firstId !== undefined) out.push({ path: [...p.path, p.hasId ? 'id' : 'username'], message: `duplicate user id "${p.id}" (also ${firstId})` });
    else ids.set(p.id, where);
    const lower = p.username.toLowerCase();
    const firstName = names.get(lower);
    if (firstName !== undefined) out.push({ path: [...p.path, 'username'], message: `duplicate username "${p.username}" (also ${firstName})` });
    else names.set(lower, where);
  }
  uniqueBy(
    out,
    ws.agents,
    (a) => a.agentNumber,
    (i) => ['agents', i, 'agentNumber'],
    'agentNumber',
  );

  ws.agents.forEach((a, i) => {
    const base: PropertyKey[] = ['agents', i];
    if (a.team != null && !teams.has(a.team)) out.push({ path: [...base, 'team'], message: `unknown team "${a.team}"` });
    a.campaigns.forEach((c, j) => {
      if (!campaigns.has(c)) out.push({ path: [...base, 'campaigns', j], message: `unknown campaign "${c}"` });
    });
    uniqueBy(
      out,
      a.campaigns,
      (c) => c,
      (j) => [...base, 'campaigns', j],
      'campaign',
    );
    secretPair(out, base, a.password, a.passwordHash, 'password', 'passwordHash');
    secretPair(out, base, a.pin, a.pinHash, 'pin', 'pinHash');
  });

  ws.staff.forEach((s, i) => {
    const base: PropertyKey[] = ['staff', i];
    if (s.team != null && !teams.has(s.team)) out.push({ path: [...base, 'team'], message: `unknown team "${s.team}"` });
    secretPair(out, base, s.password, s.passwordHash, 'password', 'passwordHash');
  });

  ws.campaigns.forEach((c, i) => {
    const base: PropertyKey[] = ['campaigns', i];
    if (c.direction === 'outbound' && c.dialMode == null) out.push({ path: base, message: 'an outbound campaign needs dialMode (preview or predictive)' });
    if (c.direction === 'inbound' && c.dialMode != null) out.push({ path: [...base, 'dialMode'], message: 'an inbound campaign has no dialMode' });
    uniqueBy(
      out,
      c.wrapCodes,
      (w) => w.id,
      (j) => [...base, 'wrapCodes', j, 'id'],
      'wrap code id',
    );
    uniqueBy(
      out,
      c.announcements,
      (a) => a.id,
      (j) => [...base, 'announcements', j, 'id'],
      'announcement id',
    );
    if (c.defaultWrapCode != null && !c.wrapCodes.some((w) => w.id === c.defaultWrapCode)) {
      out.push({ path: [...base, 'defaultWrapCode'], message: `"${c.defaultWrapCode}" is not one of this campaign's wrapCodes` });
    }
    if (c.extendSeconds != null && c.autoWrapSeconds == null) {
      out.push({ path: [...base, 'extendSeconds'], message: 'extendSeconds needs autoWrapSeconds (Extend lengthens the auto-wrap countdown)' });
    }
  });

  ws.queues.forEach((q, i) => {
    if (!campaigns.has(q.campaign)) out.push({ path: ['queues', i, 'campaign'], message: `unknown campaign "${q.campaign}"` });
  });
  out.push(...crossCheckQueueOverflow(ws));

  out.push(...crossCheckWorkflows(ws));
  return out;
}
