import type { AgentView, FloorAgent, FloorCampaign, FloorQueue, FloorSample } from '@switchboard/protocol';
import type { Clock, Logger, TimerHandle } from '@switchboard/shared';
import type { FloorScope, FloorView } from './floor-view';
import { FloorHistory } from './floor-history';

/** A floor WebSocket that said hello (a supervisor or an admin). */
export interface FloorConnection {
  userId: string;
  clientId: string;
  scope: FloorScope;
  /** Sends already-serialised JSON. */
  sendRaw(json: string): void;
  close(code: number, reason: string): void;
}

interface ConnState {
  /** The last seq sent to this socket (its snapshot's, then one per changes message). */
  seq: number;
}

export interface FloorHubDeps {
  view: FloorView;
  /** One agent's current view, null once logged out (SessionHub.view). */
  agentView(agentId: string): AgentView | null;
  clock: Clock;
  logger: Logger;
  /** Changes are gathered this long before going out (default 50 ms): 1,000 agents' changes cost one message per socket. */
  flushMs?: number;
  /** One chart point per queue this often (default 10 s), kept for an hour. */
  sampleMs?: number;
}

const scopeKey = (s: FloorScope): string => (s.teamIds === null ? '*' : s.teamIds.join(','));

/**
 * The floor's fan-out: agents' view changes and queue events are gathered for `flushMs`, then
 * each open floor socket gets what changed within its scope (one serialisation per scope): agents
 * replaced whole or gone, and the queues and campaigns whose figures moved. Samples for the charts
 * go out every `sampleMs`.
 */
export class FloorHub {
  private readonly conns = new Map<FloorConnection, ConnState>();
  private readonly dirty = new Set<string>();
  private queuesDirty = false;
  private firstChangeAt = 0;
  private flushTimer: TimerHandle | undefined;
  private sampleTimer: TimerHandle | undefined;
  /** Every logged-in agent as last computed (queue and campaign figures count them without rebuilding 1,000 views). */
  private known: Map<string, FloorAgent> | null = null;
  /** Team of each agent as last sent, so a logout reaches the scopes that showed them. */
  private readonly teamOf = new Map<string, string | null>();
  /** Per scope: queue and campaign JSON as last sent (only moved ones go out), and scopes owed everything. */
  private readonly lastQueues = new Map<string, Map<string, string>>();
  private readonly lastCampaigns = new Map<string, Map<string, string>>();
  private readonly owedFull = new Set<string>();
  readonly history: FloorHistory;
  private readonly flushMs: number;
  private readonly sampleMs: number;
  /** Messages and items delivered (for the benchmark and metrics). */
  readonly delivered = { messages: 0, items: 0 };

  constructor(private readonly d: FloorHubDeps) {
    this.flushMs = d.flushMs ?? 50;
    this.sampleMs = d.sampleMs ?? 10_000;
    this.history = new FloorHistory(3_600_000);
    this.sampleTimer = d.clock.setTimeout(() => this.sample(), this.sampleMs);
  }

  get size(): number {
    return this.conns.size;
  }

  /** Users with a floor socket open now (for Request assistance: "logged in"). */
  isOnline(userId: string): boolean {
    for (const c of this.conns.keys()) if (c.userId === userId) return true;
    return false;
  }

  connectionsOf(userId: string): FloorConnection[] {
    return [...this.conns.keys()].filter((c) => c.userId === userId);
  }

  /** Every open floor socket, for shutdown. */
  connections(): FloorConnection[] {
    return [...this.conns.keys()];
  }

  /** A socket said hello: it gets the snapshot (built by the caller) at seq 0. */
  attach(conn: FloorConnection, snapshotJson: (seq: number) => string): void {
    this.seenWorkspace ??= this.d.view.workspace;
    this.conns.set(conn, { seq: 0 });
    this.owedFull.add(scopeKey(conn.scope));
    conn.sendRaw(snapshotJson(0));
  }

  detach(conn: FloorConnection): void {
    this.conns.delete(conn);
  }

  /** Sends to one user's floor sockets (an assistance request). */
  sendToUser(userId: string, json: string): number {
    let n = 0;
    for (const c of this.conns.keys()) {
      if (c.userId !== userId) continue;
      c.sendRaw(json);
      n++;
    }
    return n;
  }

  agentChanged(agentId: string): void {
    this.dirty.add(agentId);
    this.schedule();
  }

  queuesChanged(): void {
    this.queuesDirty = true;
    this.schedule();
  }

  close(): void {
    this.d.clock.clearTimeout(this.flushTimer);
    this.d.clock.clearTimeout(this.sampleTimer);
    this.flushTimer = this.sampleTimer = undefined;
  }

  private schedule(): void {
    if (this.flushTimer !== undefined) return;
    this.firstChangeAt = this.d.clock.now();
    this.flushTimer = this.d.clock.setTimeout(() => {
      this.flushTimer = undefined;
      try {
        this.flush();
      } catch (err) {
        this.d.logger.error({ err }, 'floor flush failed');
      }
    }, this.flushMs);
  }

  private seenWorkspace: unknown;

  /**
   * A reload may move a supervisor to another team, or agents between teams: every floor socket is
   * closed with 1012 (service restart) and reconnects for a snapshot with its new scope.
   */
  private rescopeAfterReload(): boolean {
    const ws = this.d.view.workspace;
    if (this.seenWorkspace === undefined || this.seenWorkspace === ws) {
      this.seenWorkspace = ws;
      return false;
    }
    this.seenWorkspace = ws;
    this.known = null;
    this.teamOf.clear();
    this.lastQueues.clear();
    this.lastCampaigns.clear();
    for (const c of [...this.conns.keys()]) c.close(1012, 'workspace reloaded: reconnect for the new floor');
    return true;
  }

  /** Sends what changed since the last flush (public for tests). */
  flush(): void {
    if (this.rescopeAfterReload()) {
      this.dirty.clear();
      this.queuesDirty = false;
      return;
    }
    const changed = [...this.dirty];
    this.dirty.clear();
    const queuesDirty = this.queuesDirty || changed.length > 0;
    this.queuesDirty = false;
    if (this.conns.size === 0) {
      // Nobody watching: forget, and rebuild from the sessions when someone opens the floor.
      this.owedFull.clear();
      this.known = null;
      for (const id of changed) if (!this.d.agentView(id)) this.teamOf.delete(id);
      return;
    }
    const known = this.liveAgents();
    const { view } = this.d;
    const upserts: FloorAgent[] = [];
    const gone: Array<{ id: string; teamId: string | null }> = [];
    for (const id of changed) {
      const v = this.d.agentView(id);
      if (v) {
        const a = view.agent(v);
        upserts.push(a);
        known.set(id, a);
        this.teamOf.set(id, v.agent.teamId);
        continue;
      }
      known.delete(id);
      if (this.teamOf.has(id)) {
        gone.push({ id, teamId: this.teamOf.get(id) ?? null });
        this.teamOf.delete(id);
      } else {
        // Never sent (a login and logout within one flush, or first seen by a snapshot): tell everyone it is gone.
        gone.push({ id, teamId: null });
      }
    }
    const live = [...known.values()];
    const byScope = new Map<string, { scope: FloorScope; conns: FloorConnection[] }>();
    for (const c of this.conns.keys()) {
      const k = scopeKey(c.scope);
      const g = byScope.get(k);
      if (g) g.conns.push(c);
      else byScope.set(k, { scope: c.scope, conns: [c] });
    }
    const at = new Date(this.d.clock.now()).toISOString();
    for (const [k, { scope, conns }] of byScope) {
      const agents = upserts.filter((a) => view.inScope(scope, a.teamId));
      const goneHere = gone.filter((g) => g.teamId === null || view.inScope(scope, g.teamId)).map((g) => g.id);
      const full = this.owedFull.has(k);
      let queues: FloorQueue[] = [];
      let campaigns: FloorCampaign[] = [];
      if (queuesDirty || full) {
        const allQueues = view.queues(scope, live);
        queues = moved(this.lastQueues, k, allQueues, (q) => q.queueId, full);
        campaigns = moved(this.lastCampaigns, k, view.campaigns(scope, live, allQueues), (c) => c.campaignId, full);
      }
      if (agents.length + goneHere.length + queues.length + campaigns.length === 0) continue;
      // Serialised once per scope; each socket's own seq is spliced in front.
      const body = JSON.stringify({ at, changedAt: this.firstChangeAt, agents, gone: goneHere, queues, campaigns }).slice(1);
      const items = agents.length + goneHere.length + queues.length + campaigns.length;
      for (const c of conns) {
        const st = this.conns.get(c);
        if (!st) continue;
        st.seq++;
        c.sendRaw(`{"type":"changes","seq":${st.seq},${body}`);
        this.delivered.messages++;
        this.delivered.items += items;
      }
    }
    this.owedFull.clear();
  }

  /** The logged-in agents as the floor last computed them, built from the sessions when unknown. */
  private liveAgents(): Map<string, FloorAgent> {
    this.known ??= new Map(this.d.view.liveAgents().map((a) => [a.agentId, a]));
    return this.known;
  }

  /** The chart's points for a scope (the last hour), keyed by queue. */
  historyFor(scope: FloorScope): Record<string, FloorSample[]> {
    const ids = new Set(this.d.view.queues(scope, []).map((q) => q.queueId));
    return this.history.forQueues(ids);
  }

  /** Takes one point per queue and sends each socket those of its queues (public for tests). */
  sample(): void {
    this.sampleTimer = this.d.clock.setTimeout(() => this.sample(), this.sampleMs);
    if (this.rescopeAfterReload()) return;
    try {
      const now = this.d.clock.now();
      const all = this.d.view.queues({ role: 'admin', teamIds: null }, [...(this.known ?? new Map(this.d.view.liveAgents().map((a) => [a.agentId, a]))).values()]);
      const points: Record<string, FloorSample> = {};
      for (const q of all) points[q.queueId] = [now, q.waiting, q.agentsAvailable];
      this.history.add(now, points);
      const cache = new Map<string, string>();
      for (const c of this.conns.keys()) {
        const k = scopeKey(c.scope);
        let json = cache.get(k);
        if (json === undefined) {
          const mine: Record<string, FloorSample> = {};
          for (const q of this.d.view.queues(c.scope, [])) if (points[q.queueId]) mine[q.queueId] = points[q.queueId]!;
          json = JSON.stringify({ type: 'samples', at: now, points: mine });
          cache.set(k, json);
        }
        c.sendRaw(json);
      }
    } catch (err) {
      this.d.logger.error({ err }, 'floor sample failed');
    }
  }
}

/** The items whose JSON differs from what this scope was last sent (all of them when `full`). */
function moved<T>(last: Map<string, Map<string, string>>, key: string, items: T[], id: (t: T) => string, full: boolean): T[] {
  let seen = last.get(key);
  if (!seen) last.set(key, (seen = new Map()));
  const out: T[] = [];
  for (const it of items) {
    const json = JSON.stringify(it);
    if (full || seen.get(id(it)) !== json) out.push(it);
    seen.set(id(it), json);
  }
  return out;
}
