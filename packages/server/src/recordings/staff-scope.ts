import type { WorkspaceConfig } from '@switchboard/core';
import type { Principal } from '../auth/token-service';

/**
 * Whose calls a user may look at in recordings and reports: an admin everyone's (null); a
 * supervisor their team's agents (the workspace file's staff `team`) and the queues of the
 * campaigns those agents work, like the floor; an agent only their own calls.
 */
export interface StaffScope {
  /** null: every agent. */
  agentIds: ReadonlySet<string> | null;
  /** Queues whose calls count for this user (also unanswered ones); null: every queue. */
  queueIds: ReadonlySet<string> | null;
  teamIds: readonly string[] | null;
}

export function staffScope(ws: WorkspaceConfig, p: Pick<Principal, 'userId' | 'role'>): StaffScope {
  if (p.role === 'admin') return { agentIds: null, queueIds: null, teamIds: null };
  if (p.role === 'agent') return { agentIds: new Set([p.userId]), queueIds: new Set(), teamIds: [] };
  const teamId = ws.staff.find((s) => s.id === p.userId)?.teamId ?? null;
  const agents = teamId ? ws.agents.filter((a) => a.teamId === teamId) : [];
  const campaigns = new Set(agents.flatMap((a) => a.campaignIds));
  return {
    agentIds: new Set(agents.map((a) => a.id)),
    queueIds: new Set(ws.queues.filter((q) => campaigns.has(q.campaignId)).map((q) => q.id)),
    teamIds: teamId ? [teamId] : [],
  };
}

/** A call is in scope if its agent is, or (unanswered) it waited in a queue that is. */
export function callInScope(s: StaffScope, call: { agentId: string | null; queueId: string | null }): boolean {
  if (s.agentIds === null) return true;
  if (call.agentId !== null) return s.agentIds.has(call.agentId);
  return call.queueId !== null && s.queueIds !== null && s.queueIds.has(call.queueId);
}
