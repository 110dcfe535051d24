import { newId } from '@switchboard/shared';
import type { AgentSession } from '../agent/agent-session';
import { normalisePhoneNumber } from '../dialing/phone-number';
import { InteractionActionError, InteractionValidationError } from '../interaction/errors';
import { Interaction } from '../interaction/interaction';
import type { Router } from '../routing/router';
import type { CallbackStore } from '../workflow/callback-store';
import type { WorkspaceConfig } from '../workspace/types';
import type { CallSession } from './call-actions';
import type { CallHost } from './call-host';
import type { HandOnPort } from './hand-on-port';
import { HandedOnCall } from './handed-on-call';
import { InboundCall } from './inbound-call';
import type { ResolvedTarget, TransferTarget, CallTransferKind } from './transfer-types';
import { presenceTakesTransfers, transferAgentState } from './transfer-destinations';

export interface DeskHandOnDeps {
  /** The desk's host, without hand-on (this is it). */
  host: CallHost;
  router: Router;
  callbacks: CallbackStore;
  workspace(): WorkspaceConfig;
  session(agentId: string): AgentSession | undefined;
  agentRingMs(): number;
  /** The desk keeps a new call session (views, records, actions). */
  keep(call: CallSession): void;
}

/** Activities in which an agent is logged in with a voice path but busy: a consult can wait for them. */
const BUSY = new Set(['offered', 'on-call', 'wrap', 'dialling', 'previewing']);

/**
 * The desk's side of transfers (HandOnPort): who may receive a call now, what a number or a
 * workflow resolves to, and the new call sessions a handed-on caller gets (another agent's
 * offer, a workflow run, a place at the front of a queue).
 */
export class DeskHandOn implements HandOnPort {
  constructor(private readonly d: DeskHandOnDeps) {}

  resolve(agentId: string, origin: Interaction, to: TransferTarget, kind: CallTransferKind): ResolvedTarget & { busy?: boolean } {
    const ws = this.d.workspace();
    if (to.type === 'agent') {
      const name = this.agentName(to.agentId);
      if (to.agentId === agentId) throw new InteractionActionError('You cannot transfer a call to yourself');
      const s = this.d.session(to.agentId);
      if (!s) throw new InteractionActionError(`${name} is not logged in`, { agentId: to.agentId });
      const v = s.view();
      if (v.voice.status !== 'connected') throw new InteractionActionError(`${name} has no voice connection`, { agentId: to.agentId });
      if (!this.presenceTakes(s)) throw new InteractionActionError(`${name} is paused and does not take transfers`, { agentId: to.agentId });
      if (v.activity !== 'idle') {
        if (kind === 'consult' && BUSY.has(v.activity)) return { type: 'agent', agentId: to.agentId, label: this.queueLabel(to.agentId, name), busy: true };
        throw new InteractionActionError(`${name} is on another call`, { agentId: to.agentId });
      }
      return { type: 'agent', agentId: to.agentId, label: name };
    }
    if (to.type === 'number') {
      const agent = ws.agents.find((a) => a.id === agentId);
      const n = normalisePhoneNumber(to.number, agent?.region ?? ws.region);
      const campaign = ws.campaigns.find((c) => c.id === origin.campaign?.id);
      // The loader keeps transfer numbers in E.164 already.
      const named = campaign?.transferNumbers.find((t) => t.number === n.e164);
      return { type: 'number', number: n.e164, label: named ? `${named.label} (${n.e164})` : n.e164 };
    }
    const wf = (ws.workflows ?? []).find((w) => w.id === to.workflowId);
    if (!wf) throw new InteractionValidationError(`No workflow "${to.workflowId}"`, { workflowId: to.workflowId });
    if (!isTransferTarget(wf)) throw new InteractionActionError(`${wf.name ?? wf.id} does not take transferred calls`, { workflowId: wf.id });
    return { type: 'workflow', workflowId: wf.id, label: wf.name ?? wf.id };
  }

  agentFree(agentId: string): boolean {
    const s = this.d.session(agentId);
    if (!s) return false;
    const v = s.view();
    return v.voice.status === 'connected' && v.activity === 'idle' && this.presenceTakes(s);
  }

  freeTeammate(agentId: string, except: readonly string[]): string | undefined {
    const agents = this.d.workspace().agents;
    const team = agents.find((a) => a.id === agentId)?.teamId;
    if (!team) return undefined;
    return agents.find((a) => a.teamId === team && a.id !== agentId && !except.includes(a.id) && this.agentFree(a.id))?.id;
  }

  agentByNumber(number: string): string | undefined {
    return this.d.workspace().agents.find((a) => a.agentNumber === number)?.id;
  }

  agentName(agentId: string): string {
    return this.d.workspace().agents.find((a) => a.id === agentId)?.displayName ?? agentId;
  }

  callerId(origin: Interaction): string {
    return origin.platformNumber ?? this.d.workspace().callInNumber ?? '';
  }

  ringAgent(o: Parameters<HandOnPort['ringAgent']>[0]): HandedOnCall {
    const customer = o.room.customer()?.leg;
    if (!customer) throw new InteractionActionError('The caller has hung up');
    const origin = o.origin;
    const interaction = Interaction.handedOn({
      id: newId('int'),
      clock: this.d.host.clock,
      direction: origin.direction,
      campaign: origin.campaign,
      customerNumber: origin.customerNumber,
      platformNumber: origin.platformNumber,
      agentId: o.agentId,
      transferredFrom: o.from,
      ivrData: origin.view().ivrData,
      customerHeld: o.customerHeld,
    });
    const call: HandedOnCall = new HandedOnCall(
      this.d.host,
      { room: o.room, agentRingMs: this.d.agentRingMs(), answered: () => o.answered(call), missed: (why) => o.missed(why) },
      interaction,
      customer,
    );
    this.d.keep(call);
    call.start();
    return call;
  }

  toWorkflow(o: Parameters<HandOnPort['toWorkflow']>[0]): void {
    const wf = (this.d.workspace().workflows ?? []).find((w) => w.id === o.workflowId);
    const call = this.inbound(o.customer, o.origin, o.from);
    if (!wf) {
      this.d.host.logger.error({ workflowId: o.workflowId }, 'transfer workflow is gone; ending the call');
      return o.customer.hangup('normal');
    }
    call.continueIn(wf, o.typeAhead);
  }

  requeue(o: Parameters<HandOnPort['requeue']>[0]): boolean {
    const queueId = o.origin.queueId;
    if (!queueId || !this.d.router.accepts(queueId)) return false;
    return this.inbound(o.customer, o.origin, o.from).requeueFront(queueId);
  }

  /** A new inbound life for a handed-on caller (its own interaction, IVR data and sender kept). */
  private inbound(customer: Parameters<HandOnPort['toWorkflow']>[0]['customer'], origin: Interaction, from: Parameters<HandOnPort['toWorkflow']>[0]['from']): InboundCall {
    const interaction = Interaction.inbound({
      id: newId('int'),
      clock: this.d.host.clock,
      campaign: origin.campaign,
      customerNumber: origin.customerNumber,
      platformNumber: origin.platformNumber,
    });
    interaction.receivedFrom(from, origin.view().ivrData);
    const call = new InboundCall(
      this.d.host,
      { router: this.d.router, callbacks: this.d.callbacks, workspace: this.d.workspace, agentRingMs: this.d.agentRingMs() },
      interaction,
      customer,
    );
    this.d.keep(call);
    return call;
  }

  /** "Bob (Care team)": a consult waiting for a busy agent waits in their team's queue. */
  private queueLabel(agentId: string, name: string): string {
    const ws = this.d.workspace();
    const teamId = ws.agents.find((a) => a.id === agentId)?.teamId;
    const team = teamId ? ws.teams.find((t) => t.id === teamId) : undefined;
    return team ? `${name} (${team.name} team)` : name;
  }

  /** Available, or paused and configured to take transfers while paused (manual 3). */
  private presenceTakes(s: AgentSession): boolean {
    return presenceTakesTransfers(transferAgentState(s.view()), this.d.workspace());
  }
}

/** A workflow the workspace lets calls be transferred to. */
function isTransferTarget(wf: { transferTarget?: boolean }): boolean {
  return wf.transferTarget === true;
}
