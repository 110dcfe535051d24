import { InteractionActionError } from '../interaction/errors';
import type { TransferredFromInfo } from '../interaction/transfer-steps';
import type { Party } from './call-room';
import type { PortLeg, PortReferRequest } from './telephony-port';
import type { ConnectedCall } from './connected-call';
import { Consult } from './consult';
import { reachTarget, type Reach } from './target-reach';
import { targetRef, type CallTransferKind, type ResolvedTarget, type TransferTarget } from './transfer-types';

/** What a caller hears while a blind transfer rings its target. */
const RINGBACK = { tone: [440, 480], cadence: [2000, 4000], durationMs: 120_000 } as const;

/** The most parties a conference holds: the agent, the caller and three more (older edition). */
export const MAX_CONFERENCE_PARTIES = 5;

/** What the adapter may offer now about transfers (protocol's capability flags). */
export interface TransferCapabilities {
  canTransfer: boolean;
  canCompleteTransfer: boolean;
  canMerge: boolean;
  canCancelConsult: boolean;
  canAddParty: boolean;
  canManageParties: boolean;
  canLeave: boolean;
}

/** A consult in progress as the transferring agent sees it. */
export interface ConsultView {
  kind: 'consult' | 'assisted';
  to: { type: 'agent' | 'number' | 'workflow'; id: string; label: string };
  phase: 'ringing' | 'waiting' | 'talking';
  since: number;
}

/**
 * One agent's transfers, consults and conference operations on their connected call (manual 8):
 * blind transfer, consult / assisted (Consult), merge, add / hold / remove a party, leave and
 * terminate. Every operation is on the call's room; every step goes in the interaction's record.
 */
export class CallTransfers {
  consult: Consult | undefined;
  private adding: Reach | undefined;
  private blind: { cancel(): void } | undefined;

  constructor(private readonly call: ConnectedCall) {}

  capabilities(): TransferCapabilities {
    const call = this.call;
    const room = call.room;
    const live = call.live && !!room && !room.ended;
    const c = this.consult?.active ? this.consult : undefined;
    const customerIn = live && !!room.party(call.customer.id);
    const n = live ? room.parties.length : 0;
    const talking = live && c?.state === 'talking' && customerIn;
    return {
      canTransfer: live && !c && !this.adding && customerIn && !room.conference && n === 2 && !!call.host.handOn,
      canCompleteTransfer: talking,
      canMerge: talking && c?.kind === 'consult',
      canCancelConsult: live && !!c,
      canAddParty: live && room.conference && !c && !this.adding && n < MAX_CONFERENCE_PARTIES,
      canManageParties: live && room.conference,
      canLeave: live && !c && n >= 3 && room.conference,
    };
  }

  /**
   * Hold and Resume are the consult's while one runs (its own or one this agent was brought
   * into): resuming the caller then would make an unannounced three-way call.
   */
  holdLocked(): boolean {
    const room = this.call.room;
    return !!this.consult?.active || (!!room && !room.ended && room.parties.length > 2 && !room.conference);
  }

  consultView(): ConsultView | null {
    const c = this.consult;
    if (!c?.active) return null;
    return { kind: c.kind, to: targetRef(c.target), phase: c.state as ConsultView['phase'], since: c.since };
  }

  /** Transfer, Consult or Assisted transfer to a destination. */
  start(kind: CallTransferKind, to: TransferTarget): void {
    const call = this.call;
    const hand = call.host.handOn;
    if (!hand || !this.capabilities().canTransfer) throw new InteractionActionError('The call cannot be transferred now', { interactionId: call.interaction.id });
    const target = hand.resolve(call.agentId, call.interaction, to, kind);
    const from = this.fromInfo(kind);
    if (kind === 'blind') return this.blindTo(target, from);
    if (kind === 'assisted' && target.type !== 'workflow') throw new InteractionActionError('An assisted transfer goes to a workflow');
    if (kind === 'consult' && target.type === 'workflow') throw new InteractionActionError('Use an assisted transfer to consult a workflow');
    this.consult = new Consult(call, kind === 'assisted' ? 'assisted' : 'consult', target, from, target.busy === true, (c) => {
      if (this.consult === c) this.consult = undefined;
    });
    call.interaction.transferStep({ step: target.busy ? 'waiting' : 'started', kind, to: targetRef(target), by: call.agentId, detail: {} });
    this.consult.start();
  }

  /**
   * A desk phone's own consult (its attended transfer): the phone held this call and dialled
   * `dialled` on a second call, `line`, which becomes this agent's consult line. The caller is
   * held (music), the agent's first leg parked, the target reached on the line. The phone's REFER
   * with Replaces then completes it (`referred`); the phone hanging up the line cancels it.
   */
  phoneConsult(line: PortLeg, dialled: string): void {
    const call = this.call;
    const hand = call.host.handOn;
    let target: ResolvedTarget & { busy?: boolean };
    try {
      if (!hand || !this.capabilities().canTransfer) throw new InteractionActionError('The call cannot be transferred now', { interactionId: call.interaction.id });
      const agentId = hand.agentByNumber(dialled);
      target = hand.resolve(call.agentId, call.interaction, agentId ? { type: 'agent', agentId } : { type: 'number', number: dialled }, 'consult');
    } catch (err) {
      call.host.logger.info({ err, interactionId: call.interaction.id, dialled }, "a desk phone's consult call was refused");
      line.hangup('rejected');
      return;
    }
    const consult = new Consult(
      call,
      'consult',
      target,
      this.fromInfo('consult'),
      target.busy === true,
      (c) => {
        if (this.consult === c) this.consult = undefined;
      },
      line,
    );
    this.consult = consult;
    call.interaction.transferStep({ step: target.busy ? 'waiting' : 'started', kind: 'consult', to: targetRef(target), by: call.agentId, detail: { via: 'phone' } });
    call.changed();
    line.answer().then(
      () => {
        if (consult.active && call.live) consult.start();
        else line.hangup('normal');
      },
      (err: unknown) => {
        call.host.logger.warn({ err, interactionId: call.interaction.id }, "answering a desk phone's consult call failed");
        consult.cancel();
      },
    );
  }

  complete(): void {
    if (!this.capabilities().canCompleteTransfer) throw new InteractionActionError('There is no consult to transfer');
    this.consult!.complete();
  }

  merge(): void {
    if (!this.capabilities().canMerge) throw new InteractionActionError('There is no consult to merge');
    this.consult!.merge();
  }

  cancel(): void {
    if (!this.capabilities().canCancelConsult) throw new InteractionActionError('There is no consult to cancel');
    this.consult!.cancel();
  }

  /** "Conference in someone else": the party joins the conference when they answer. */
  addParty(to: TransferTarget): void {
    const call = this.call;
    if (!this.capabilities().canAddParty) throw new InteractionActionError(`No one more can join now (at most ${MAX_CONFERENCE_PARTIES} parties)`);
    const target = call.host.handOn!.resolve(call.agentId, call.interaction, to, 'consult');
    if (target.type === 'workflow') throw new InteractionActionError('A workflow cannot join a conference');
    if (target.busy) throw new InteractionActionError(`${target.label} is on another call`);
    const ref = targetRef(target);
    call.interaction.transferStep({ step: 'party-adding', kind: 'conference', to: ref, by: call.agentId, detail: {} });
    // An open line answers at once, inside reachTarget: only a reach still under way is kept.
    let settled = false;
    const reach = reachTarget(call, target, this.fromInfo('consult'), false, {
      answered: () => {
        settled = true;
        this.adding = undefined;
        call.interaction.transferStep({ step: 'party-added', kind: 'conference', to: ref, by: call.agentId, detail: {} });
        call.changed();
      },
      failed: (why) => {
        settled = true;
        this.adding = undefined;
        call.interaction.transferStep({ step: 'failed', kind: 'conference', to: ref, by: call.agentId, detail: { reason: why } });
        call.changed();
      },
    });
    if (!settled) this.adding = reach;
    call.changed();
  }

  holdParty(partyId: string, held: boolean): void {
    const p = this.otherParty(partyId);
    if (held) this.call.room.hold(p.id);
    else this.call.room.resume(p.id);
  }

  removeParty(partyId: string): void {
    const p = this.otherParty(partyId);
    this.call.interaction.transferStep({ step: 'party-removed', kind: 'conference', to: null, by: this.call.agentId, detail: { party: p.label } });
    this.call.room.remove(p.id, 'removed');
  }

  /** Leave: the others go on talking; this agent wraps. */
  leave(): void {
    const call = this.call;
    if (!this.capabilities().canLeave) throw new InteractionActionError('There is no conference to leave');
    const remaining = call.room.parties.filter((p) => p.id !== call.agent.id).map((p) => p.label);
    call.interaction.transferStep({ step: 'left', kind: 'conference', to: null, by: call.agentId, detail: { remaining } });
    call.end('left-conference', 'leave');
  }

  /** Terminate: every leg ends. */
  terminate(): void {
    const call = this.call;
    call.interaction.transferStep({ step: 'terminated', kind: 'conference', to: null, by: call.agentId, detail: {} });
    call.end('agent-hangup', 'terminate');
  }

  /**
   * The plain Hang up: with a consult talking it hands the caller over (as Transfer); with a
   * consult ringing it gives the consult up and ends the call; otherwise every leg ends.
   */
  hangUp(): void {
    const c = this.consult;
    if (c?.active && c.state === 'talking' && this.capabilities().canCompleteTransfer) return c.complete();
    // Cancelling a consult the caller already left empties the room: the record says who ended it.
    this.call.expectEnd('agent-hangup');
    c?.cancel(false);
    // Brought into someone else's consult: hanging up leaves it (the caller is not theirs to end).
    const room = this.call.room;
    if (!c?.active && room.parties.length > 2 && !room.conference) return this.call.end('agent-hangup', 'leave');
    this.call.end('agent-hangup', 'terminate');
  }

  /**
   * The agent's desk phone pressed transfer (SIP REFER, RFC 3515). Blind: the same blind transfer
   * as the adapter's, to an agent by their agent number or to a number. Attended (Replaces, RFC
   * 3891): it completes the running consult, the adapter's or the one the phone placed itself
   * (phoneConsult). The phone is told the outcome (NOTIFY).
   */
  referred(r: PortReferRequest): void {
    const call = this.call;
    try {
      if (r.replacesLegId !== undefined) {
        if (!this.capabilities().canCompleteTransfer) throw new InteractionActionError('Consult from the adapter, then transfer');
        this.complete();
        return r.accept();
      }
      const agentId = call.host.handOn?.agentByNumber(r.target);
      this.start('blind', agentId ? { type: 'agent', agentId } : { type: 'number', number: r.target });
      r.accept();
    } catch (err) {
      const code = (err as { code?: string }).code;
      call.host.logger.info({ err, interactionId: call.interaction.id, target: r.target }, 'a desk phone transfer was refused');
      // 403: not allowed now; 404: no such number or agent (RFC 3515 §2.4.5: the NOTIFY carries the final status).
      r.fail(code === 'ACTION_NOT_ALLOWED' ? 403 : code === 'INVALID_PHONE_NUMBER' || code === 'VALIDATION_FAILED' ? 404 : 500, err instanceof Error ? err.message : undefined);
    }
  }

  /** Keys for the workflow of an assisted transfer; false when they are for the caller. */
  keypadTo(digits: string): boolean {
    return this.consult?.keypadTo(digits) ?? false;
  }

  /** A party left the room (hung up, removed, handed on). */
  partyLeft(p: Party, _cause: string): void {
    const c = this.consult;
    // The caller hanging up mid-consult: the agent and the target go on (Transfer and Merge are gone).
    if (p.role === 'customer' && c?.active) this.call.interaction.transferStep({ step: 'caller-left', kind: c.kind, to: targetRef(c.target), by: null, detail: {} });
    c?.partyLeft(p);
    if (p.role === 'customer' && this.blind) {
      this.blind.cancel();
      this.blind = undefined;
    }
  }

  /** This agent's part is ending: a consult or an add still ringing is given up. */
  callEnding(_how: 'terminate' | 'leave'): void {
    this.consult?.cancel(false);
    this.adding?.cancel();
    this.adding = undefined;
  }

  /** The caller's leg starts a workflow (a blind or assisted transfer to it); this agent wraps. */
  handOffToWorkflow(workflowId: string, from: TransferredFromInfo, typeAhead: string): void {
    const call = this.call;
    const hand = call.host.handOn!;
    call.expectEnd('transferred');
    const leg = call.room.handOff(call.customer.id);
    if (leg && !leg.isEnded) hand.toWorkflow({ customer: leg, origin: call.interaction, workflowId, from, typeAhead });
    call.interaction.transferStep({ step: 'completed', kind: from.kind, to: { type: 'workflow', id: workflowId, label: workflowId }, by: call.agentId, detail: {} });
    // The agent may be alone in the room now (their line kept open): their part ends.
    if (call.live) call.end('transferred', 'leave');
  }

  /**
   * Blind: the agent leaves at once and wraps; the caller hears ringing until the target answers.
   * A target that does not answer sends the caller back to the agent (if still wrapping this call
   * on an open line), else to the front of the call's queue, else the call ends.
   */
  private blindTo(target: ResolvedTarget & { busy?: boolean }, from: TransferredFromInfo): void {
    const call = this.call;
    const i = call.interaction;
    const ref = targetRef(target);
    i.transferStep({ step: 'started', kind: 'blind', to: ref, by: call.agentId, detail: {} });
    if (target.type === 'workflow') return this.handOffToWorkflow(target.workflowId, from, '');
    if (target.busy) throw new InteractionActionError(`${target.label} is on another call: use Consult to wait for them`);
    const room = call.room;
    const unpin = room.pin();
    call.end('transferred', 'leave');
    const customer = call.customer;
    const ringback = customer.play(RINGBACK).catch(() => undefined);
    const stopRing = () => void ringback.then((pb) => pb?.stop());
    // An open line answers at once, inside reachTarget: only a reach still under way is kept.
    let settled = false;
    const reach = reachTarget(call, target, from, false, {
      answered: () => {
        settled = true;
        this.blind = undefined;
        stopRing();
        i.transferStep({ step: 'completed', kind: 'blind', to: ref, by: call.agentId, detail: {} });
        unpin();
      },
      failed: (why) => {
        settled = true;
        this.blind = undefined;
        stopRing();
        i.transferStep({ step: 'failed', kind: 'blind', to: ref, by: call.agentId, detail: { reason: why } });
        const leg = room.handOff(customer.id);
        unpin();
        if (!leg || leg.isEnded) return;
        if (call.callBack(leg)) i.transferStep({ step: 'returned', kind: 'blind', to: ref, by: call.agentId, detail: {} });
        else if (call.host.handOn!.requeue({ customer: leg, origin: i, from })) i.transferStep({ step: 'requeued', kind: 'blind', to: ref, by: call.agentId, detail: {} });
        else leg.hangup('normal');
      },
    });
    if (settled) return;
    this.blind = {
      cancel: () => {
        stopRing();
        reach.cancel();
        unpin();
      },
    };
  }

  private otherParty(partyId: string): Party {
    const call = this.call;
    if (!this.capabilities().canManageParties) throw new InteractionActionError('There is no conference');
    const p = call.room.party(partyId);
    if (!p || p.id === call.agent.id) throw new InteractionActionError('That party is not in this conference', { partyId });
    return p;
  }

  private fromInfo(kind: CallTransferKind): TransferredFromInfo {
    const call = this.call;
    const i = call.interaction;
    return {
      kind,
      agentId: call.agentId,
      agentName: call.host.handOn?.agentName(call.agentId) ?? call.agentId,
      notes: i.view().notes.at(-1)?.text ?? '',
      interactionId: i.id,
      at: call.host.clock.now(),
    };
  }
}
