import { AgentSession, type AgentSessionEvent, type VoiceConnector } from '@switchboard/core';
import {
  AGENT_EVENT,
  EVENT_CLOSE_CODES,
  isSessionCommand,
  type AgentStatusRow,
  type AgentView,
  type CallCommand,
  type CommandRequest,
  type CommandResponse,
} from '@switchboard/protocol';
import type { Store, StoredAgent } from '@switchboard/store';
import { newId, type Clock, type Logger, type TimerHandle } from '@switchboard/shared';
import { apiError } from '../http/api-error';
import type { AgentStateCount } from '../metrics';
import { TabOwnership, type OwnedConnection } from '../ws/ownership';
import { IdempotencyCache } from './idempotency-cache';
import { CommandLedger } from './command-ledger';
import { AuditWriter } from './audit-writer';
import { AgentSessionDirectory } from './session-directory';

/** A WebSocket that said hello for an agent. */
export interface EventConnection extends OwnedConnection {
  /** Sends already-serialised JSON. */
  sendRaw(json: string): void;
  close(code: number, reason: string): void;
}

interface Runtime {
  agentId: string;
  session: AgentSession;
  ownership: TabOwnership<EventConnection>;
  results: IdempotencyCache;
  /** The latest expiry of any token used with this session; the session ends with it. */
  tokenExpiresAt: number;
  expiryTimer: TimerHandle | undefined;
  /** The server is stopping: the session ends in the audit, but its sockets are told by the stop's own close (1001), so clients reconnect to the next run. */
  stopping?: boolean;
}

export interface SessionHubDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  voice: VoiceConnector;
  /** Carries out call commands (answer, hang up, wrap, dial...); absent until the telephony engine is wired in. */
  calls?: CallCommandPort;
  /** Sees every session event after the hub handled it (the router follows readiness this way). */
  onSessionEvent?: (agentId: string, event: AgentSessionEvent) => void;
  /** Adds what the session does not know (the open call, manual dial) to every view sent out. */
  decorateView?: (agentId: string, view: AgentView) => AgentView;
  /** How long a requestId is remembered (default 24 hours). */
  requestIdTtlMs?: number;
  /** Where the live sessions are registered for others to read (telephony); a private one when absent. */
  directory?: AgentSessionDirectory;
}

/** The contact-centre call logic behind the hub: applies one call command to an agent's session. */
export interface CallCommandPort {
  apply(agentId: string, session: AgentSession, command: CallCommand): { seq: number; state: AgentView | null };
  /** The agent's session ended (sign-out, revoked, taken over): settle their open call so its record is not lost. */
  sessionEnded?(agentId: string): void;
  /** Resolves once what the command changed in a call record is saved (false: the save failed). */
  committed?(agentId: string, command: CallCommand): Promise<boolean>;
}

/**
 * The live agent sessions (one per agent, in memory), their event sockets and
 * owners, and the glue to the store: every event becomes an audit row, saved
 * defaults are persisted, and events fan out to the agent's sockets in seq order.
 */
export class SessionHub {
  private readonly runtimes = new Map<string, Runtime>();
  private readonly creating = new Map<string, Promise<Runtime>>();
  private readonly writer: AuditWriter;
  /** Agents who had a session in this process (a later one of theirs is no surprise). */
  private readonly startedHere = new Set<string>();
  /** Sessions that began because the one before was lost in a server restart (resumedAfter). */
  private readonly resumedAfter = new Map<string, NonNullable<AgentView['resumedAfter']>>();
  private readonly bootAt: string;
  private readonly directory: AgentSessionDirectory;
  private readonly ledger: CommandLedger;

  constructor(private readonly deps: SessionHubDeps) {
    this.directory = deps.directory ?? new AgentSessionDirectory();
    this.writer = new AuditWriter(deps.store, deps.logger);
    this.ledger = new CommandLedger({
      store: deps.store,
      clock: deps.clock,
      writer: this.writer,
      requestIdTtlMs: deps.requestIdTtlMs ?? 24 * 3_600_000,
      callCommitted: (agentId, command) => this.deps.calls?.committed?.(agentId, command),
    });
    this.bootAt = new Date(deps.clock.now()).toISOString();
  }

  get size(): number {
    return this.runtimes.size;
  }

  /**
   * The agent's session, started (with saved defaults restored) if there is none.
   * Logging in again reuses it. `tokenExpiresAt` (of the token in use) keeps the
   * session alive until then: a session nobody can reach any more (its agent
   * closed the browser and every token expired) is signed out, so supervisors
   * do not see ghosts. `login`: a new login starts it; otherwise a token from before
   * (a reconnecting adapter) does, and when this process never had a session of the agent,
   * that token outlived a server restart: the view says so (resumedAfter).
   */
  async ensure(agentId: string, tokenExpiresAt?: number, login = false): Promise<Runtime> {
    let rt = this.runtimes.get(agentId);
    if (!rt) {
      let p = this.creating.get(agentId);
      if (!p) {
        p = this.create(agentId, login).finally(() => this.creating.delete(agentId));
        this.creating.set(agentId, p);
      }
      rt = await p;
    }
    if (tokenExpiresAt !== undefined) this.extend(rt, tokenExpiresAt);
    return rt;
  }

  private extend(rt: Runtime, expiresAt: number): void {
    if (expiresAt <= rt.tokenExpiresAt) return;
    rt.tokenExpiresAt = expiresAt;
    const { clock } = this.deps;
    clock.clearTimeout(rt.expiryTimer);
    rt.expiryTimer = clock.setTimeout(
      () => {
        if (this.runtimes.get(rt.agentId) === rt && clock.now() >= rt.tokenExpiresAt) rt.session.forceEnd('session expired');
        // A second after the token: its sockets close first with TOKEN_EXPIRED, which tells the agent why.
      },
      expiresAt - clock.now() + 1000,
    );
  }

  /** The live session of an agent, if any (telephony feeds it call inputs). */
  session(agentId: string): AgentSession | undefined {
    return this.runtimes.get(agentId)?.session;
  }

  view(agentId: string): AgentView | null {
    const v = this.runtimes.get(agentId)?.session.view();
    return v ? this.decorate(agentId, v) : null;
  }

  private decorate(agentId: string, v: AgentView): AgentView;
  private decorate(agentId: string, v: AgentView | null): AgentView | null;
  private decorate(agentId: string, v: AgentView | null): AgentView | null {
    if (!v) return v;
    const resumed = this.resumedAfter.get(agentId);
    const out = resumed ? { ...v, resumedAfter: resumed } : v;
    return this.deps.decorateView ? this.deps.decorateView(agentId, out) : out;
  }

  /**
   * Something outside the session changed the agent's view (their call): the
   * sockets get a fresh snapshot at the current seq (no event is invented, so
   * seq stays the session's own).
   */
  publishView(agentId: string): void {
    const rt = this.runtimes.get(agentId);
    if (!rt) return;
    this.viewChanged(agentId);
    const snap = rt.session.snapshot();
    const json = JSON.stringify({ type: 'snapshot', seq: snap.seq, state: this.decorate(agentId, snap.state) });
    this.deliver(rt, (c) => c.sendRaw(json));
  }

  private async create(agentId: string, login: boolean): Promise<Runtime> {
    const { store } = this.deps;
    const agent = await store.agents.getAgent(agentId);
    if (!agent || !agent.active) throw apiError('NOT_FOUND', `No active agent ${agentId}`);
    // Issue 14: after a restart the agent comes back paused with no phone; the view says why.
    if (!login && !this.startedHere.has(agentId)) this.resumedAfter.set(agentId, { reason: 'server-restart', at: this.bootAt });
    else this.resumedAfter.delete(agentId);
    this.startedHere.add(agentId);
    const [pauseReasons, campaigns, defaults] = await Promise.all([
      store.agents.listPauseReasons({ includeSystem: true }),
      store.agents.listAgentCampaigns(agentId),
      store.voice.getVoiceDefaults(agentId),
    ]);
    // Events fire from inside the constructor (session.started), so the runtime is filled in first.
    const rt = { agentId, ownership: new TabOwnership<EventConnection>(), results: new IdempotencyCache(), tokenExpiresAt: 0, expiryTimer: undefined } as Runtime;
    rt.session = new AgentSession({
      sessionId: newId('ses'),
      agent: { id: agent.id, username: agent.username, displayName: agent.displayName, agentNumber: agent.agentNumber, teamId: agent.teamId },
      pauseReasons,
      campaigns: campaigns.filter((c) => c.active).map((c) => ({ id: c.id, name: c.name, direction: c.direction, dialMode: c.dialMode })),
      // Nothing saved yet: the workspace's default number pre-fills "Call me to connect" (manual section 1).
      defaults: defaults ?? (agent.defaultNumber ? { method: 'call-me', number: agent.defaultNumber, persistent: true } : null),
      voice: this.deps.voice,
      clock: this.deps.clock,
      logger: this.deps.logger,
      onEvent: (e) => this.onEvent(rt, e),
    });
    this.runtimes.set(agentId, rt);
    this.directory.register(agentId, rt.session);
    return rt;
  }

  private onEvent(rt: Runtime, e: AgentSessionEvent): void {
    const { audit, ...event } = e;
    void this.writer.append({
      at: Date.parse(e.at),
      agentId: rt.agentId,
      sessionId: e.state?.sessionId ?? rt.session?.sessionId ?? null,
      kind: audit.kind,
      from: audit.from,
      to: audit.to,
      detail: audit.detail,
    });
    if (e.name === AGENT_EVENT.defaultsChanged) {
      const d = e.state?.defaults ?? null;
      this.writer.enqueueWrite('voice defaults', () => (d ? this.deps.store.voice.saveVoiceDefaults(rt.agentId, d) : this.deps.store.voice.clearVoiceDefaults(rt.agentId)));
    }
    const json = JSON.stringify({ type: 'event', event: { ...event, state: this.decorate(rt.agentId, event.state) } });
    const ended = e.name === AGENT_EVENT.sessionEnded;
    // The event goes out once its audit row is committed: nobody is told of a change a crash could lose.
    if (!(ended && rt.stopping)) {
      this.deliver(rt, (c) => {
        c.sendRaw(json);
        if (ended) c.close(EVENT_CLOSE_CODES.sessionEnded, 'session ended');
      });
    }
    try {
      this.deps.onSessionEvent?.(rt.agentId, e);
    } catch (err) {
      this.deps.logger.error({ err, agentId: rt.agentId }, 'session event hook threw');
    }
    if (e.name === AGENT_EVENT.sessionEnded) {
      try {
        this.deps.calls?.sessionEnded?.(rt.agentId);
      } catch (err) {
        this.deps.logger.error({ err, agentId: rt.agentId }, 'settling the calls of an ended session threw');
      }
      this.runtimes.delete(rt.agentId);
      this.directory.unregister(rt.agentId, rt.session);
      this.resumedAfter.delete(rt.agentId);
      this.deps.clock.clearTimeout(rt.expiryTimer);
    }
    this.viewChanged(rt.agentId);
  }

  private readonly viewWatchers = new Set<(agentId: string) => void>();

  /** Told (synchronously) whenever an agent's view may have changed or their session ended: the supervisors' floor. */
  watchViews(fn: (agentId: string) => void): () => void {
    this.viewWatchers.add(fn);
    return () => this.viewWatchers.delete(fn);
  }

  private viewChanged(agentId: string): void {
    for (const w of this.viewWatchers) {
      try {
        w(agentId);
      } catch (err) {
        this.deps.logger.error({ err, agentId }, 'view watcher threw');
      }
    }
  }

  /** Sends a message that is not a session event (an assistance receipt) to the agent's open sockets; false if none. */
  notifyAgent(agentId: string, json: string): boolean {
    const rt = this.runtimes.get(agentId);
    if (!rt || rt.ownership.connections.size === 0) return false;
    for (const c of rt.ownership.connections) c.sendRaw(json);
    return true;
  }

  /**
   * Sends to the agent's sockets of now, after the writes queued so far have
   * landed (in queue order, so a socket sees events and snapshots in seq order).
   */
  private deliver(rt: Runtime, send: (c: EventConnection) => void): void {
    const conns = [...rt.ownership.connections];
    this.writer.after(() => {
      for (const c of conns) if (rt.ownership.connections.has(c)) send(c);
    });
  }

  /** Resolves once every audit and defaults write queued so far has landed. */
  async flush(): Promise<void> {
    await this.writer.drain();
  }

  /** Applies a command once per requestId; a retry gets the stored answer with applied:false. */
  async command(agentId: string, clientId: string | undefined, req: CommandRequest, tokenExpiresAt?: number): Promise<CommandResponse> {
    const rt = await this.ensure(agentId, tokenExpiresAt);
    if (!rt.ownership.mayCommand(clientId)) {
      throw apiError(
        'NOT_SESSION_OWNER',
        clientId ? 'This session is open in another tab or browser: take over there first' : 'This session is open in a tab: send X-Client-Id of the owning tab',
      );
    }
    return this.ledger.once(agentId, rt.results, req, () => {
      const out = isSessionCommand(req.command) ? rt.session.apply(req.command) : this.applyCall(rt, req.command);
      return { requestId: req.requestId, applied: true, seq: out.seq, state: this.decorate(agentId, out.state) };
    });
  }

  private applyCall(rt: Runtime, command: CallCommand): { seq: number; state: AgentView | null } {
    if (!this.deps.calls) throw apiError('VOICE_UNAVAILABLE', 'Calls need the telephony engine, which is not running in this build yet');
    return this.deps.calls.apply(rt.agentId, rt.session, command);
  }

  /** Signs the agent out (logout): the session ends and its sockets close. */
  end(agentId: string, reason: string): void {
    this.runtimes.get(agentId)?.session.forceEnd(reason);
  }

  /**
   * A graceful stop: every live session ends with `reason` (its ended row, its open call
   * settled and recorded). Sockets get no session.ended: the stop closes them with 1001,
   * which clients show and answer by reconnecting to the next run.
   */
  endAll(reason: string): number {
    let n = 0;
    for (const rt of [...this.runtimes.values()]) {
      rt.stopping = true;
      if (rt.session.forceEnd(reason)) n++;
    }
    return n;
  }

  /** After a workspace reload: live sessions get the new pause reasons and their agent's campaigns. */
  async refreshWorkspace(): Promise<number> {
    const { store } = this.deps;
    const pauseReasons = await store.agents.listPauseReasons({ includeSystem: true });
    let n = 0;
    for (const rt of [...this.runtimes.values()]) {
      const campaigns = await store.agents.listAgentCampaigns(rt.agentId);
      const active = campaigns.filter((c) => c.active).map((c) => ({ id: c.id, name: c.name, direction: c.direction, dialMode: c.dialMode }));
      if (rt.session.updateWorkspace({ pauseReasons, campaigns: active })) n++;
    }
    return n;
  }

  /** After a workspace reload: agents no longer in the file lose their live session. */
  endRemoved(activeAgentIds: ReadonlySet<string>): number {
    let n = 0;
    for (const rt of [...this.runtimes.values()]) {
      if (activeAgentIds.has(rt.agentId)) continue;
      rt.session.forceEnd('removed from the workspace');
      n++;
    }
    return n;
  }

  /** A socket said hello: ownership first, then the snapshot; later events follow in seq order. */
  attach(rt: Runtime, conn: EventConnection): void {
    rt.ownership.attach(conn);
    const snap = rt.session.snapshot();
    conn.sendRaw(JSON.stringify({ type: 'snapshot', seq: snap.seq, state: this.decorate(rt.agentId, snap.state) }));
  }

  detach(agentId: string, conn: EventConnection): void {
    this.runtimes.get(agentId)?.ownership.detach(conn);
  }

  takeOver(agentId: string, conn: EventConnection): void {
    this.runtimes.get(agentId)?.ownership.takeOver(conn);
  }

  /** Every open socket, for shutdown. */
  *connections(): Iterable<EventConnection> {
    for (const rt of this.runtimes.values()) yield* rt.ownership.connections;
  }

  /** Every logged-in agent's view as their adapter sees it (with the open call): the supervisors' floor. */
  *views(): Iterable<AgentView> {
    for (const rt of this.runtimes.values()) yield this.decorate(rt.agentId, rt.session.view());
  }

  counts(): AgentStateCount[] {
    const m = new Map<string, AgentStateCount>();
    for (const rt of this.runtimes.values()) {
      const v = rt.session.view();
      const key = `${v.presence.kind}|${v.activity}`;
      const c = m.get(key);
      if (c) c.count++;
      else m.set(key, { presence: v.presence.kind, activity: v.activity, count: 1 });
    }
    return [...m.values()];
  }

  statusRow(a: StoredAgent): AgentStatusRow {
    const v = this.runtimes.get(a.id)?.session.view();
    return {
      agentId: a.id,
      username: a.username,
      displayName: a.displayName,
      teamId: a.teamId,
      loggedIn: Boolean(v),
      presence: v?.presence ?? null,
      activity: v?.activity ?? null,
      dot: v?.dot ?? null,
      since: v?.since ?? null,
    };
  }
}

export type { Runtime as AgentRuntime };
