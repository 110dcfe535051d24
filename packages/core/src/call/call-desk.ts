import { TypedEmitter, type Clock, type Logger } from '@switchboard/shared';
import type { AgentSession } from '../agent/agent-session';
import type { AgentSessionEvent } from '../agent/events';
import { Interaction } from '../interaction/interaction';
import type { CallRecordStore } from '../records/call-record-store';
import { CallRecordKeeper } from '../records/call-record-keeper';
import { routingQueues } from '../routing/overflow';
import { routingUpdateFrom } from '../routing/readiness';
import { Router } from '../routing/router';
import type { CallbackStore } from '../workflow/callback-store';
import { DnisDirectory } from '../workflow/dnis';
import type { WorkspaceConfig } from '../workspace/types';
import { newId } from '@switchboard/shared';
import { applyCallAction, type CallAction, type CallSession } from './call-actions';
import type { CallHost } from './call-host';
import { CallNotFoundError } from './errors';
import { InboundCall } from './inbound-call';
import { interactionCampaign } from './interaction-campaign';
import { ManualCall } from './manual-call';
import { DeskHandOn } from './desk-hand-on';
import type { MonitorView } from './call-monitor';
import { DeskMonitors } from './desk-monitors';
import { forwardTransferStep } from './transfer-notices';
import type { AgentLines, PortLeg, TelephonyPort } from './telephony-port';

export interface CallDeskDeps {
  port: TelephonyPort;
  lines: AgentLines;
  clock: Clock;
  logger: Logger;
  records: CallRecordStore;
  /** Where a workflow's callback objects store their requests. */
  callbacks: CallbackStore;
  workspace(): WorkspaceConfig;
  session(agentId: string): AgentSession | undefined;
  /** How long an offer (and a per-call manual dial's agent phone) rings. */
  agentRingMs: number;
}

export interface CallDeskEvents {
  [event: string]: unknown;
  /** This agent's call changed (the interaction, mute, the wrap countdown): their view is stale. */
  changed: { agentId: string };
  /** A supervisor's monitoring of this agent's call changed (started, answered, switched, ended): for the floor, not the agent. */
  monitor: MonitorView;
}

/** How long a finished call stays readable (views, the record keeper's last save). */
const KEEP_FINISHED_MS = 60_000;

/**
 * The contact centre's calls: it holds every call session, routes the router's offers to them,
 * takes inbound calls by DNIS, places manual calls, applies agents' actions, and keeps each
 * call's record. The sessions decide; the port (the server's, over the engine) carries out.
 */
export class CallDesk extends TypedEmitter<CallDeskEvents> {
  readonly router: Router;
  readonly keeper: CallRecordKeeper;
  /** Supervisors listening, whispering, barging. */
  readonly monitors = new DeskMonitors(
    (id) => this.calls.get(id),
    () => [...this.calls.values()],
    (v) => this.emit('monitor', v),
  );
  private readonly calls = new Map<string, CallSession>();
  private readonly host: CallHost;
  /** How long a per-call manual dial rings the agent's own phone (like an offer unless set). */
  manualAgentRingMs: number;
  /** Rebuilt when the workspace changes. */
  private dnis: { ws: WorkspaceConfig; dir: DnisDirectory } | undefined;

  constructor(private readonly d: CallDeskDeps) {
    super();
    this.manualAgentRingMs = d.agentRingMs;
    this.onListenerError((err, event) => d.logger.error({ err, event }, 'call desk listener threw'));
    this.router = new Router({ clock: d.clock, queues: routingQueues(d.workspace()), logger: d.logger });
    this.keeper = new CallRecordKeeper(d.records, d.clock, d.logger);
    const base: CallHost = {
      port: d.port,
      lines: d.lines,
      clock: d.clock,
      logger: d.logger,
      session: (agentId) => d.session(agentId),
      changed: (agentId) => this.emit('changed', { agentId }),
      workspace: d.workspace,
    };
    const handOn = new DeskHandOn({
      host: base,
      router: this.router,
      callbacks: d.callbacks,
      workspace: d.workspace,
      session: d.session,
      agentRingMs: () => d.agentRingMs,
      keep: (call) => this.hold(call),
    });
    this.host = Object.assign(base, { handOn });
    this.router.on('offer', (o) => {
      const call = this.inbound(o.entryId);
      if (call) call.offered(o.agentId);
      else this.router.offerFailed(o.entryId, 'failed');
    });
    this.router.on('offer-withdrawn', ({ entryId, agentId }) => this.inbound(entryId)?.offerWithdrawn(agentId));
    this.router.on('overflow', (o) => this.inbound(o.entryId)?.overflowed(o));
  }

  /** A workspace reload: the router's queues follow the file (DNIS are rebuilt on the next call). */
  applyWorkspace(ws: WorkspaceConfig): void {
    this.router.applyQueues(routingQueues(ws));
  }

  /** A session changed: the router follows the agent's readiness; an ended session drops its voice path. */
  sessionEvent(agentId: string, e: AgentSessionEvent): void {
    if (e.name === 'session.ended' || !e.state) {
      this.router.removeAgent(agentId);
      this.d.lines.drop(agentId, 'session ended');
      return;
    }
    this.router.updateAgent(routingUpdateFrom(e.state));
  }

  /** Every call held now (live, and finished ones kept a little). */
  list(): CallSession[] {
    return [...this.calls.values()];
  }

  /** The inbound ones among them. */
  inboundCalls(): InboundCall[] {
    return this.list().filter((c): c is InboundCall => c instanceof InboundCall);
  }

  get size(): number {
    return this.calls.size;
  }

  get(interactionId: string): CallSession | undefined {
    return this.calls.get(interactionId);
  }

  /** The open interaction of an agent (offered, dialling, live or in wrap). */
  /**
   * A call from an agent's registered desk phone while that agent is on a call: the phone's own
   * consult (its attended transfer), carried out as the adapter's consult is.
   */
  private phoneConsult(leg: PortLeg, user: string, dialled: string): boolean {
    const agent = this.d.workspace().agents.find((a) => a.username === user || a.agentNumber === user);
    const connected = agent ? this.callOf(agent.id)?.connected : undefined;
    if (!connected?.live) return false;
    connected.transfers.phoneConsult(leg, dialled);
    return true;
  }

  callOf(agentId: string): CallSession | undefined {
    for (const c of this.calls.values()) if (c.interaction.agentId === agentId && !['closed', 'abandoned'].includes(c.interaction.state)) return c;
    return undefined;
  }

  /** The state of the call a customer leg belongs to (the demo caller's progress). */
  stateOfCustomerLeg(legId: string): string | undefined {
    // The latest: a caller handed on to a workflow or back to a queue has a new call of their own.
    let state: string | undefined;
    for (const c of this.calls.values()) if (c instanceof InboundCall && c.customer.id === legId) state = c.interaction.state;
    return state;
  }

  /** An inbound call to a number: true if a DNIS takes it (answered and into its workflow). */
  takeInbound(call: { leg: PortLeg; from: string; to: string; user?: string | undefined }): boolean {
    if (call.user !== undefined && this.phoneConsult(call.leg, call.user, call.to)) return true;
    const ws = this.d.workspace();
    if (this.dnis?.ws !== ws) this.dnis = { ws, dir: new DnisDirectory(ws.workflows ?? [], ws.dnis ?? []) };
    const wf = this.dnis.dir.workflowFor(call.to);
    if (!wf) return false;
    const queueIds = wf.objects.flatMap((o) => (o.type === 'queue' || o.type === 'callback' ? [o.queueId] : []));
    const queue = ws.queues.find((q) => q.id === queueIds[0]);
    const campaign = ws.campaigns.find((c) => c.id === queue?.campaignId);
    const interaction = Interaction.inbound({
      id: newId('int'),
      clock: this.d.clock,
      campaign: campaign ? interactionCampaign(campaign) : null,
      customerNumber: call.from || null,
      platformNumber: call.to,
    });
    const session = new InboundCall(
      this.host,
      { router: this.router, callbacks: this.d.callbacks, workspace: this.d.workspace, agentRingMs: this.d.agentRingMs },
      interaction,
      call.leg,
    );
    this.hold(session);
    session.start(wf);
    return true;
  }

  /** A manual call (manual 7): planned and checked first (throws before anything rings), then dialled. */
  dial(session: AgentSession, number: string, campaignId: string | null): void {
    const call = new ManualCall(this.host, { workspace: this.d.workspace, agentRingMs: this.manualAgentRingMs }, session, { number, campaignId });
    this.hold(call);
    // The session's "dialling" event went out before the call was held here: the view follows now.
    this.emit('changed', { agentId: session.agent.id });
    call.start();
  }

  /** An agent's action on one of their calls (throws CallNotFoundError, InteractionActionError). */
  act(agentId: string, interactionId: string, action: CallAction): void {
    const call = this.calls.get(interactionId);
    if (!call || call.interaction.agentId !== agentId) throw new CallNotFoundError(interactionId);
    applyCallAction(call, agentId, action, this.d.lines.connectedLine(agentId));
  }

  /**
   * The agent's session ended (sign-out in wrap, token revoked, taken over). The call's record
   * must not be left open: a dial is cancelled, a live call ends, and a wrap is closed by the
   * system with the campaign's default outcome (also when the call reached wrap with no timer,
   * the session being already gone).
   */
  sessionEnded(agentId: string): void {
    const call = this.callOf(agentId);
    if (!call) return;
    const i = call.interaction;
    if (i.state === 'dialling' && call instanceof ManualCall) return call.cancel();
    if (i.state === 'connected') {
      try {
        call.connected?.end('session-ended');
      } catch (err) {
        // The ended session refuses to enter wrap; the interaction is in wrap all the same.
        this.d.logger.debug({ err, interactionId: i.id }, 'the ended session did not take the wrap');
      }
    }
    if (i.state !== 'wrap') return;
    if (call.connected?.wrap) call.connected.wrap.closeBySystem();
    else i.wrapped(i.campaign?.defaultWrapCodeId ?? null, 'system');
  }

  /** Resolves once what changed in this interaction's record is saved (false: the save failed). */
  saved(interactionId: string): Promise<boolean> {
    return this.keeper.saved(interactionId);
  }

  /** Wraps still open are closed by the system; every record is saved. */
  async close(): Promise<void> {
    for (const c of this.calls.values()) c.connected?.wrap?.closeBySystem();
    await this.keeper.flush();
  }

  private inbound(interactionId: string): InboundCall | undefined {
    const c = this.calls.get(interactionId);
    return c instanceof InboundCall ? c : undefined;
  }

  private hold(call: CallSession): void {
    const i = call.interaction;
    this.calls.set(i.id, call);
    this.keeper.track(i);
    let forgetting = false;
    i.on('event', (e) => {
      if (e.name === 'transfer.changed') forwardTransferStep(this.d.session, i, e.detail);
      // A monitoring step changes nothing the agent sees ('monitor' carries it to the floor).
      if (i.agentId && e.name !== 'monitor.changed') this.emit('changed', { agentId: i.agentId });
      if (forgetting || !['closed', 'abandoned'].includes(i.state)) return;
      forgetting = true;
      // Kept a little for views and the record keeper; the keeper saved the final version.
      this.d.clock.setTimeout(() => this.calls.delete(i.id), KEEP_FINISHED_MS);
    });
  }
}
