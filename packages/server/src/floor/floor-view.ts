import type { MonitorView, WorkspaceConfig } from '@switchboard/core';
import type { AgentView, FloorAgent, FloorCampaign, FloorMonitor, FloorQueue, FloorSnapshot } from '@switchboard/protocol';
import type { Clock } from '@switchboard/shared';
import type { Principal } from '../auth/token-service';
import { apiError } from '../http/api-error';
import type { QueueStats } from './queue-stats';

/** What the floor asks of the router (core's Router) when the telephony engine runs. */
export interface FloorRouter {
  stats(queueId: string): { waiting: number; longestWaitMs: number };
  readyAgents(campaignId: string): string[];
}

export interface FloorViewDeps {
  /** The workspace as last loaded (in memory: no query per update). */
  workspace(): WorkspaceConfig;
  /** The logged-in agents' views (SessionHub.views). */
  views(): Iterable<AgentView>;
  clock: Clock;
  /** Absent with ENGINE=off: queue waits are then unknown and availability comes from the views. */
  router?: FloorRouter | undefined;
  /** Today's answered / abandoned counts per queue (absent with ENGINE=off). */
  stats?: QueueStats | undefined;
  /** A call's latest monitoring (core's DeskMonitors.latest; absent with ENGINE=off). */
  monitorOf?: ((interactionId: string) => MonitorView | null) | undefined;
}

/** Whose floor: every team (teamIds null, an admin) or the listed teams (a supervisor). */
export interface FloorScope {
  role: 'supervisor' | 'admin';
  teamIds: string[] | null;
}

const DEFAULT_TARGET_SECONDS = 20;

interface WorkspaceIndex {
  agentCampaigns: Map<string, string[]>;
  teamName: Map<string, string>;
  campaignName: Map<string, string>;
  campaignsByScope: Map<string, Set<string>>;
}

/**
 * The supervisors' floor, cut to what the caller may see. An admin sees every team; a supervisor
 * the team the workspace file gives them (staff `team`), and the queues and campaigns of the
 * campaigns that team's agents work. A supervisor with no team sees nobody.
 */
export class FloorView {
  constructor(private readonly d: FloorViewDeps) {}

  /** The workspace as loaded (a reload replaces the object): the hub re-opens sockets whose scope may have moved. */
  get workspace(): WorkspaceConfig {
    return this.d.workspace();
  }

  get engine(): boolean {
    return this.d.router !== undefined;
  }

  scope(principal: Pick<Principal, 'role' | 'userId'>): FloorScope {
    if (principal.role !== 'supervisor' && principal.role !== 'admin') throw apiError('FORBIDDEN', 'The floor is for supervisors and admins');
    if (principal.role === 'admin') return { role: 'admin', teamIds: null };
    const teamId = this.d.workspace().staff.find((s) => s.id === principal.userId)?.teamId ?? null;
    return { role: 'supervisor', teamIds: teamId ? [teamId] : [] };
  }

  inScope(scope: FloorScope, teamId: string | null): boolean {
    return scope.teamIds === null || (teamId !== null && scope.teamIds.includes(teamId));
  }

  /** The campaigns a scope sees: every one for an admin, those its teams' agents work for a supervisor. */
  campaignIds(scope: FloorScope): Set<string> {
    const ix = this.index();
    const key = scope.teamIds === null ? '*' : scope.teamIds.join(',');
    let set = ix.campaignsByScope.get(key);
    if (!set) {
      const ws = this.d.workspace();
      set = scope.teamIds === null ? new Set(ws.campaigns.map((c) => c.id)) : new Set(ws.agents.filter((a) => this.inScope(scope, a.teamId)).flatMap((a) => a.campaignIds));
      ix.campaignsByScope.set(key, set);
    }
    return set;
  }

  private cached: { ws: WorkspaceConfig; index: WorkspaceIndex } | undefined;

  /** Lookups over the workspace, rebuilt when a reload replaces it (the floor runs them on every update). */
  private index(): WorkspaceIndex {
    const ws = this.d.workspace();
    if (this.cached?.ws !== ws) {
      this.cached = {
        ws,
        index: {
          agentCampaigns: new Map(ws.agents.map((a) => [a.id, a.campaignIds])),
          teamName: new Map(ws.teams.map((t) => [t.id, t.name])),
          campaignName: new Map(ws.campaigns.map((c) => [c.id, c.name])),
          campaignsByScope: new Map(),
        },
      };
    }
    return this.cached.index;
  }

  async snapshot(principal: Principal): Promise<FloorSnapshot> {
    return this.snapshotFor(this.scope(principal));
  }

  snapshotFor(scope: FloorScope): FloorSnapshot {
    const ws = this.d.workspace();
    const live = this.liveAgents();
    const agents = live.filter((a) => this.inScope(scope, a.teamId)).sort((a, b) => a.displayName.localeCompare(b.displayName));
    const queues = this.queues(scope, live);
    return {
      at: new Date(this.d.clock.now()).toISOString(),
      scope,
      teams: ws.teams.filter((t) => this.inScope(scope, t.id)).map((t) => ({ id: t.id, name: t.name })),
      engine: this.engine,
      agents,
      queues,
      campaigns: this.campaigns(scope, live, queues),
    };
  }

  /** Every logged-in agent as the floor shows them (the hub keeps these up to date between snapshots). */
  liveAgents(): FloorAgent[] {
    const out: FloorAgent[] = [];
    for (const v of this.d.views()) out.push(this.agent(v));
    return out;
  }

  queues(scope: FloorScope, live: FloorAgent[]): FloorQueue[] {
    const ws = this.d.workspace();
    const visible = this.campaignIds(scope);
    const { campaignName } = this.index();
    return ws.queues.filter((q) => scope.teamIds === null || visible.has(q.campaignId)).map((q) => this.queue(q, campaignName.get(q.campaignId) ?? null, live));
  }

  /** Per campaign what the server knows; `queues` (this scope's, already computed) saves a second pass. */
  campaigns(scope: FloorScope, live: FloorAgent[], queues: FloorQueue[] = this.queues(scope, live)): FloorCampaign[] {
    const ws = this.d.workspace();
    const visible = this.campaignIds(scope);
    const { agentCampaigns } = this.index();
    const count = new Map<string, { loggedIn: number; ready: number; onCall: number }>();
    for (const id of visible) count.set(id, { loggedIn: 0, ready: 0, onCall: 0 });
    // One pass over the logged-in agents for every campaign.
    for (const a of live) {
      for (const id of agentCampaigns.get(a.agentId) ?? a.campaignIds) {
        const c = count.get(id);
        if (!c) continue;
        c.loggedIn++;
        if (isReady(a)) c.ready++;
      }
      const call = a.call;
      if (call?.campaignId && call.presentation !== 'ended') {
        const c = count.get(call.campaignId);
        if (c) c.onCall++;
      }
    }
    return ws.campaigns
      .filter((c) => visible.has(c.id))
      .map((c) => {
        const n = count.get(c.id)!;
        const qs = queues.filter((q) => q.campaignId === c.id);
        const answered = qs.reduce((k, q) => k + (q.today?.answered ?? 0), 0);
        const abandoned = qs.reduce((k, q) => k + (q.today?.abandoned ?? 0), 0);
        return {
          campaignId: c.id,
          name: c.name,
          direction: c.direction,
          dialMode: c.dialMode,
          agentsLoggedIn: n.loggedIn,
          agentsAvailable: this.d.router ? this.d.router.readyAgents(c.id).length : n.ready,
          callsInProgress: n.onCall,
          waiting: this.d.router ? qs.reduce((k, q) => k + (q.waiting ?? 0), 0) : null,
          abandonRate: answered + abandoned > 0 ? abandoned / (answered + abandoned) : null,
          // The outbound dialler's figures: not running in the server yet.
          dialLevel: null,
          linesInUse: null,
          leadsLeft: null,
        };
      });
  }

  private queue(q: WorkspaceConfig['queues'][number], campaignName: string | null, live: FloorAgent[]): FloorQueue {
    const targetSeconds = q.serviceLevelSeconds ?? DEFAULT_TARGET_SECONDS;
    const base = { queueId: q.id, name: q.name, campaignId: q.campaignId, campaignName, targetSeconds };
    const { router, stats } = this.d;
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
      const t = stats?.today(q.id);
      return {
        ...base,
        waiting,
        longestWaitMs,
        agentsAvailable: router.readyAgents(q.campaignId).length,
        today: t ? { ...t, since: new Date(t.since).toISOString() } : null,
      };
    }
    // No engine: nobody queues; "available" is what the agents' own views say.
    const ready = live.filter((a) => isReady(a) && a.campaignIds.includes(q.campaignId));
    return { ...base, waiting: null, longestWaitMs: null, agentsAvailable: ready.length, today: null };
  }

  agent(v: AgentView): FloorAgent {
    const c = v.interaction ?? null;
    const ix = this.index();
    const teamName = v.agent.teamId ? (ix.teamName.get(v.agent.teamId) ?? null) : null;
    return {
      agentId: v.agent.id,
      username: v.agent.username,
      displayName: v.agent.displayName,
      teamId: v.agent.teamId,
      teamName,
      campaignIds: ix.agentCampaigns.get(v.agent.id) ?? v.campaigns.map((c) => c.id),
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
            monitor: floorMonitor(this.d.monitorOf?.(c.id) ?? null),
          }
        : null,
    };
  }
}

/** Core's view of a monitoring as every supervisor sees it (not the number rung). */
function floorMonitor(m: MonitorView | null): FloorMonitor | null {
  if (!m) return null;
  return { supervisorId: m.supervisorId, supervisorName: m.supervisorName, mode: m.mode, state: m.state, since: new Date(m.since).toISOString(), endCause: m.endCause, rev: m.rev };
}

function isReady(a: FloorAgent): boolean {
  return a.presence === 'available' && a.activity === 'idle';
}
