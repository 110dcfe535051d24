import { ADMIN_ONLY_SECTIONS, CONFIG_OBJECT_SECTIONS, CONFIG_SECTIONS, type ConfigObjectSection, type ConfigSection, type ConfigSectionAccess } from '@switchboard/protocol';
import { carriesSecret, itemKey, type WorkspaceFileItem } from '@switchboard/store';
import type { Principal } from '../auth/token-service';
import { apiError } from '../http/api-error';

/**
 * Who may change which part of the workspace file (issue 20.6):
 *
 *   admin       everything: every section, create, edit, delete, export and import; the
 *               single-object sections (dialPlan, recordings, crm) are admins' alone.
 *   supervisor  reads everything but trunks (secrets removed; a carrier's address and account
 *               are not a team's business, and not told even whether a trunk exists); edits,
 *               never creates or deletes, only
 *               - their own team (name, Request assistance),
 *               - the agents of their team: not their secrets, not out of the team, and only
 *                 onto campaigns their team already works,
 *               - the campaigns the agents of their team work (wrap codes, recording, ...).
 *               A supervisor without a team edits nothing. Pause reasons, queues, workflows,
 *               staff, DNIS, the dial plan, recordings and CRMs are workspace-wide: admins only.
 *   agent       nothing (the routes refuse the role).
 *
 * Scope is read from the file being edited (its staff entry's team, its agents' team and
 * campaigns), so an edit is judged against what it changes.
 */
export interface ConfigScope {
  teamId: string | null;
  agentIds: ReadonlySet<string>;
  campaignIds: ReadonlySet<string>;
}

type Sections = Record<ConfigSection, WorkspaceFileItem[]>;

const str = (v: unknown): string | null => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(str).filter((s): s is string => s !== null) : []);

export function configScope(sections: Sections, p: Pick<Principal, 'userId'>): ConfigScope {
  const me = sections.staff.find((s) => itemKey('staff', s) === p.userId);
  const teamId = str(me?.team);
  const agents = teamId ? sections.agents.filter((a) => str(a.team) === teamId) : [];
  return {
    teamId,
    agentIds: new Set(agents.map((a) => itemKey('agents', a)).filter((k): k is string => k !== null)),
    campaignIds: new Set(agents.flatMap((a) => list(a.campaigns))),
  };
}

const NONE: ConfigSectionAccess = { create: false, delete: false, edit: [] };
const ALL: ConfigSectionAccess = { create: true, delete: true, edit: 'all' };

/** Whether the caller may see a section at all (trunks: admins only). */
export function maySee(p: Pick<Principal, 'role'>, section: ConfigSection): boolean {
  return p.role === 'admin' || !ADMIN_ONLY_SECTIONS.includes(section);
}

/** Per single-object section, whether the caller may set or remove it (admins only). */
export function objectAccess(p: Pick<Principal, 'role'>): Record<ConfigObjectSection, boolean> {
  return Object.fromEntries(CONFIG_OBJECT_SECTIONS.map((s) => [s, p.role === 'admin'])) as Record<ConfigObjectSection, boolean>;
}

/** Per section, what the caller may do (the configuration page shows only that). */
export function configAccess(sections: Sections, p: Pick<Principal, 'userId' | 'role'>): Record<ConfigSection, ConfigSectionAccess> {
  const out = Object.fromEntries(CONFIG_SECTIONS.map((s) => [s, p.role === 'admin' ? ALL : NONE])) as Record<ConfigSection, ConfigSectionAccess>;
  if (p.role !== 'supervisor') return out;
  const scope = configScope(sections, p);
  if (!scope.teamId) return out;
  out.teams = { ...NONE, edit: [scope.teamId] };
  out.agents = { ...NONE, edit: [...scope.agentIds] };
  out.campaigns = { ...NONE, edit: [...scope.campaignIds] };
  return out;
}

/** Throws FORBIDDEN unless the caller may put `item` as `key` in `section` (see the table above). */
export function checkPut(sections: Sections, p: Pick<Principal, 'userId' | 'role'>, section: ConfigSection, key: string, item: WorkspaceFileItem): void {
  if (p.role === 'admin') return;
  // The same answer whether or not the trunk exists: a supervisor is not told.
  if (!maySee(p, section)) throw apiError('FORBIDDEN', `Only an admin may see or change ${section}`);
  const access = configAccess(sections, p)[section];
  const exists = sections[section].some((i) => itemKey(section, i) === key);
  if (!exists) {
    if (!access.create) throw apiError('FORBIDDEN', `Only an admin may add to ${section}`);
    return;
  }
  if (access.edit !== 'all' && !access.edit.includes(key)) {
    throw apiError('FORBIDDEN', `A supervisor may edit only their own team, its agents and their campaigns; not ${section} "${key}"`);
  }
  if (section === 'agents') {
    const scope = configScope(sections, p);
    if (carriesSecret(section, item)) throw apiError('FORBIDDEN', "Only an admin may set an agent's password or PIN");
    if (str(item.team) !== scope.teamId) throw apiError('FORBIDDEN', `A supervisor may not move an agent out of their team (${scope.teamId})`);
    const outside = list(item.campaigns).filter((c) => !scope.campaignIds.has(c));
    if (outside.length) throw apiError('FORBIDDEN', `A supervisor may put agents only on campaigns their team works; not ${outside.join(', ')}`);
  }
}
