import type { StateMachine } from '@switchboard/shared';
import type { Interaction } from '../interaction/interaction';
import { QueueJourney, overflowStep } from '../routing/overflow';
import type { Router } from '../routing/router';
import type { RoutingOverflow } from '../routing/types';
import type { CallbackStore } from '../workflow/callback-store';
import type { WorkflowConfig, WorkspaceConfig } from '../workspace/types';
import type { CallHost } from './call-host';
import { inboundCallMachine, type InboundCallState } from './call-session-state';
import { ConnectedCall } from './connected-call';
import { AgentRing } from './agent-ring';
import type { PortLeg } from './telephony-port';
import { WorkflowCall } from './workflow-call';

export interface InboundCallDeps {
  router: Router;
  callbacks: CallbackStore;
  workspace(): WorkspaceConfig;
  /** How long an offer rings an agent before it counts as missed. */
  agentRingMs: number;
}

/** The priority of a caller put back after a failed blind transfer: ahead of everyone waiting. */
const FRONT_OF_QUEUE = 1_000_000;

/**
 * One inbound call (see INBOUND_CALL_TRANSITIONS): answered, through its workflow, queued, offered
 * to agents on whatever voice path each has, bridged, ended. Every decision about what happens
 * next to the call is made here; the port carries it out.
 *
 * Offers ring the agent through AgentRing (as a handed-on call does): an open line (persistent
 * call-me, call-in, persistent Web Connect) is bridged at once with a beep; a non-persistent Web
 * Connect line rings in the adapter (Answer / Decline); call-me without an open line rings the
 * agent's phone per call. An offer nobody takes in time goes back to the queue and the agent is
 * auto-paused.
 */
export class InboundCall {
  readonly sm: StateMachine<InboundCallState>;
  readonly journey = new QueueJourney();
  connected: ConnectedCall | undefined;
  private flow: WorkflowCall | undefined;
  /** The offer ringing the agent on their voice path (AgentRing). */
  private ring: AgentRing | undefined;

  constructor(
    private readonly host: CallHost,
    private readonly d: InboundCallDeps,
    readonly interaction: Interaction,
    readonly customer: PortLeg,
  ) {
    this.sm = inboundCallMachine(interaction.id);
    customer.on('ended', () => this.callerGone());
  }

  get state(): InboundCallState {
    return this.sm.state;
  }

  /** The workflow the caller is in now, if any (its state and current object). */
  get runner(): WorkflowCall['runner'] | undefined {
    return this.flow?.runner;
  }

  /** Answers the caller and starts the DNIS's workflow. */
  start(workflow: WorkflowConfig): void {
    this.customer.answer().then(
      () => {
        if (this.sm.state !== 'answering') return;
        this.sm.transition('workflow');
        this.runWorkflow(workflow);
      },
      (err: unknown) => this.host.logger.warn({ err, interactionId: this.interaction.id }, 'answering an inbound call failed'),
    );
  }

  /** A caller an agent handed on: already answered, straight into this workflow (keys typed ahead). */
  continueIn(workflow: WorkflowConfig, typeAhead = ''): void {
    this.sm.transition('workflow');
    this.runWorkflow(workflow, typeAhead);
  }

  /** A caller whose blind transfer failed: at the front of the queue they came from (false if it is gone). */
  requeueFront(queueId: string): boolean {
    if (!this.d.router.accepts(queueId)) return false;
    this.sm.transition('workflow');
    this.joinQueue(queueId, FRONT_OF_QUEUE);
    return true;
  }

  private runWorkflow(workflow: WorkflowConfig, typeAhead = ''): void {
    const ws = this.d.workspace();
    this.flow = new WorkflowCall(
      {
        port: this.host.port,
        clock: this.host.clock,
        logger: this.host.logger,
        callbacks: this.d.callbacks,
        region: ws.region,
        campaignOfQueue: (q) => ws.queues.find((x) => x.id === q)?.campaignId ?? null,
        joinQueue: (queueId, priority) => this.joinQueue(queueId, priority),
        hangUp: (reason) => this.hangUp(reason),
      },
      this.interaction,
      this.customer,
      workflow,
      typeAhead,
    );
    this.flow.start();
  }

  /**
   * A queue the router does not know (a reload removed it while the caller was in the IVR) must
   * not throw out of the workflow: the call ends, with the reason in its record.
   */
  private joinQueue(queueId: string, priority: number): void {
    const i = this.interaction;
    if (!this.d.router.accepts(queueId)) {
      this.host.logger.error({ interactionId: i.id, queueId }, 'workflow names a queue the router does not have; ending the call');
      return this.hangUp('queue unavailable');
    }
    // Back from an overflow flow the call is still queued: it moves, keeping its place.
    if (i.state !== 'queued') i.joinQueue(queueId);
    else if (i.queueId !== queueId) i.overflowTo(queueId);
    this.sm.transition('queued');
    this.d.router.enqueue(this.journey.entry(i.id, queueId, priority));
  }

  private hangUp(reason: string): void {
    this.interaction.closeWithoutAgent(reason);
    this.sm.transition('ended');
    this.customer.hangup('normal');
  }

  /** The caller waited the queue's maximum: its overflow action, as overflowStep decides. */
  overflowed(o: RoutingOverflow): void {
    const i = this.interaction;
    if (i.state !== 'queued' || this.sm.state !== 'queued') return;
    this.journey.overflowedFrom(o);
    const ws = this.d.workspace();
    const step = overflowStep(ws, o.queueId);
    this.host.logger.info({ interactionId: i.id, queueId: o.queueId, waitedMs: o.waitedMs, step: step.kind }, 'queue maximum wait reached');
    if (step.kind === 'workflow') {
      try {
        this.sm.transition('workflow');
        this.runWorkflow(step.workflow);
        return;
      } catch (err) {
        this.host.logger.warn({ err, queueId: o.queueId }, 'overflow workflow failed to start: the caller keeps waiting');
        if ((this.sm.state as InboundCallState) === 'workflow') this.sm.transition('queued');
      }
    }
    // A target queue a reload removed: the caller stays where they were.
    const queueId = step.kind === 'queue' && this.d.router.accepts(step.queueId) ? step.queueId : o.queueId;
    if (queueId !== o.queueId) i.overflowTo(queueId);
    this.d.router.enqueue(this.journey.entry(i.id, queueId));
  }

  // ---- offers ----

  /** The router offers the call to an agent: bridged on an open line, else rung on their voice path (AgentRing). */
  offered(agentId: string): void {
    const i = this.interaction;
    const session = this.host.session(agentId);
    if (!session || this.sm.state !== 'queued') return void this.d.router.offerFailed(i.id, 'failed');
    this.sm.transition('offering');
    i.offer(agentId);
    session.callOffered();
    const ring = new AgentRing(
      this.host,
      // The connected call beeps (150 ms) as the caller joins: no second beep from the ring.
      { agentId, ringMs: this.d.agentRingMs, from: i.customerNumber ?? '', continues: this.customer, purpose: 'offer', beep: false },
      {
        answered: (leg, perCall) => {
          if (this.ring === ring) this.accept(agentId, leg, perCall);
        },
        missed: () => {
          if (this.ring === ring) this.offerMissed();
        },
      },
    );
    this.ring = ring;
    ring.start();
  }

  /** The agent took the call (adapter Answer, an open line, their phone answered): bridge them. */
  accept(agentId: string, agentLeg: PortLeg, perCall: boolean): void {
    const i = this.interaction;
    const session = this.host.session(agentId);
    // The adapter's Answer on a ringing browser line: the ring answers (and calls back here).
    if (this.ring?.ringsInBrowser) return this.ring.acceptInBrowser();
    this.ring = undefined;
    if (!session || i.state !== 'offered' || this.sm.state !== 'offering') return;
    this.d.router.offerAccepted(i.id);
    this.customer.stopPlay();
    this.sm.transition('bridged');
    this.connected = new ConnectedCall(this.host, i, this.customer, agentLeg, perCall, () => this.sm.transition('ended'));
    this.connected.connect(true);
    i.answer(agentId);
    session.callAnswered();
    this.connected.startRecording();
  }

  /** Nobody answered in time (or the agent's leg failed): back to the queue, the agent auto-paused. */
  offerMissed(): void {
    this.offerReturned('missed', 'no_answer');
  }

  /** The agent pressed Decline. */
  decline(): void {
    this.offerReturned('declined', 'rejected');
  }

  private offerReturned(cause: 'missed' | 'declined', legCause: 'no_answer' | 'rejected'): void {
    const i = this.interaction;
    if (i.state !== 'offered' || this.sm.state !== 'offering') return;
    const agentId = i.agentId!;
    this.stopRing(legCause);
    this.sm.transition('queued');
    i.offerReturned(cause);
    this.host.session(agentId)?.offerEnded(cause);
    this.d.router.offerFailed(i.id, cause);
  }

  /** The router took the offer back (the caller left, or another path won). */
  offerWithdrawn(agentId: string): void {
    this.stopRing('cancelled');
    this.host.session(agentId)?.offerEnded('withdrawn');
  }

  /** The offer's ring stops: its timer, the browser's ringing, a phone rung for it (hung up with `cause`). */
  private stopRing(cause: 'no_answer' | 'rejected' | 'cancelled'): void {
    const ring = this.ring;
    this.ring = undefined;
    ring?.cancel(cause);
  }

  /** The caller hung up: in the flow or waiting it is abandoned; talking, the call ends. */
  private callerGone(): void {
    const i = this.interaction;
    const s = this.sm.state;
    if (s === 'ended' || s === 'bridged') return; // bridged: the connected call ends itself
    this.flow?.callerGone();
    this.stopRing('cancelled');
    this.sm.transition('ended');
    // Out of the queue; an offer out is withdrawn (offerWithdrawn tells the agent's session).
    if (i.state === 'queued' || i.state === 'offered') this.d.router.remove(i.id);
    if (i.state === 'ivr' || i.state === 'queued' || i.state === 'offered') i.abandon('caller-hangup');
  }
}
