import type { WorkspaceConfig } from '@switchboard/core';
import type { AgentView, FloorAgent, FloorQueue, FloorSnapshot } from '@switchboard/protocol';
import type { Clock } from '@switchboard/shared';
import type { Principal } from '../auth/token-service';
import { apiError } from '../http/api-error';

/** What the floor asks of the router (core's Router) when the telephony engine runs. */
export interface FloorRouter {
  stats(queueId: string): { waiting: number; longestWaitMs: number };
  readyAgents(campaignId: string): string[];
}

export interface FloorViewDeps {
  /** The workspace as last loaded (in memory: a poll every 1.5 s per open page costs no query). */
  workspace(): WorkspaceConfig;
  /** The logged-in agents' views (SessionHub.views). */
  views(): Iterable<AgentView>;
  clock: Clock;
  /** Absent with ENGINE=off: queue waits are then unknown and availability comes from the views. */
  router?: FloorRouter | undefined;
}

/**
 * The supervisors' floor: one snapshot of the logged-in agents and the queues,
 * cut to what the caller may see. An admin sees every team; a supervisor the
 * team the workspace file gives them (staff `team`), and the queues of the
 * campaigns that team's agents work. A supervisor with no team sees nobody.
 */
export class FloorView {
  constructor(private readonly d: FloorViewDeps) {}

  async snapshot(principal: Principal): Promise<FloorSnapshot> {
    if (principal.role !== 'supervisor' && principal.role !== 'admin') throw apiError('FORBIDDEN', 'The floor is for supervisors and admins');
    const ws = this.d.workspace();
    let teamIds: string[] | null = null;
    if (principal.role === 'supervisor') {
      const teamId = ws.staff.find((s) => s.id === principal.userId)?.teamId ?? null;
      teamIds = teamId ? [teamId] : [];
    }
    const inScope = (teamId: string | null): boolean => teamIds === null || (teamId !== null && teamIds.includes(teamId));
    const teamName = new Map(ws.teams.map((t) => [t.id, t.name]));
    const campaignName = new Map(ws.campaigns.map((c) => [c.id, c.name]));
    const campaignsOf = new Map(ws.agents.map((a) => [a.id, a.campaignIds]));

    const live: AgentView[] = [];
    for (const v of this.d.views()) if (inScope(v.agent.teamId)) live.push(v);
    const agents = live.map((v) => floorAgent(v, teamName)).sort((a, b) => a.displayName.localeCompare(b.displayName));

    // A supervisor's queues: those of the campaigns their team's agents work.
    const teamCampaigns = new Set(ws.agents.filter((a) => inScope(a.teamId)).flatMap((a) => a.campaignIds));
    const queues = teamIds === null ? ws.queues : ws.queues.filter((q) => teamCampaigns.has(q.campaignId));
    return {
      at: new Date(this.d.clock.now()).toISOString(),
      scope: { role: principal.role, teamIds },
      teams: ws.teams.filter((t) => inScope(t.id)).map((t) => ({ id: t.id, name: t.name })),
      engine: this.d.router !== undefined,
      agents,
      queues: queues.map((q) => this.queue(q, campaignName.get(q.campaignId) ?? null, live, campaignsOf)),
    };
  }

  private queue(q: { id: string; name: string; campaignId: string }, campaignName: string | null, live: AgentView[], campaignsOf: Map<string, string[]>): FloorQueue {
    const base = { queueId: q.id, name: q.name, campaignId: q.campaignId, campaignName };
    const { router } = this.d;
    if (router) {
      let waiting: number | null = null;
      let longestWaitMs: number | null = null;
      try {
        const s = router.stats(q.id);
        waiting = s.waiting;
        longestWaitMs = s.waiting > 0 ? Math.max(0, Math.round(s.longestWaitMs)) : 0;
      } catch {
        // A queue the router has not taken yet (a reload in progress): unknown, not an error page.
      }
      return { ...base, waiting, longestWaitMs, agentsAvailable: router.readyAgents(q.campaignId).length };
    }
    // No engine: nobody queues; "available" is what the agents' own views say.
    const ready = live.filter((v) => v.presence.kind === 'available' && v.activity === 'idle' && campaignsOf.get(v.agent.id)?.includes(q.campaignId));
    return { ...base, waiting: null, longestWaitMs: null, agentsAvailable: ready.length };
  }
}

function floorAgent(v: AgentView, teamName: Map<string, string>): FloorAgent {
  const c = v.interaction ?? null;
  return {
    agentId: v.agent.id,
    username: v.agent.username,
    displayName: v.agent.displayName,
    teamId: v.agent.teamId,
    teamName: v.agent.teamId ? (teamName.get(v.agent.teamId) ?? null) : null,
    presence: v.presence.kind,
    pauseReason: v.presence.kind === 'paused' ? v.presence.reason.name : null,
    activity: v.activity,
    dot: v.dot,
    statusText: v.statusText,
    since: v.since,
    voice: { status: v.voice.status, method: v.voice.method },
    call: c
      ? {
          id: c.id,
          direction: c.direction,
          state: c.state,
          presentation: c.presentation,
          customerNumber: c.customerNumber,
          campaignId: c.campaignId,
          campaignName: c.campaignName,
          startedAt: c.startedAt,
          answeredAt: c.answeredAt,
        }
      : null,
  };
}
