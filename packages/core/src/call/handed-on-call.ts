import type { Interaction } from '../interaction/interaction';
import { AgentRing } from './agent-ring';
import type { CallHost } from './call-host';
import type { CallRoom } from './call-room';
import { ConnectedCall } from './connected-call';
import type { PortLeg } from './telephony-port';

export interface HandedOnCallDeps {
  room: CallRoom;
  agentRingMs: number;
  /** The agent took it and is in the room. */
  answered(call: HandedOnCall): void;
  /** The agent did not take it (missed, declined, no voice path). */
  missed(why: string): void;
}

/**
 * The receiving agent's part of a call another agent hands on to them (a blind transfer or a
 * consult): offered to them at once on their voice path (AgentRing), and once taken, their own
 * ConnectedCall in the same room, with their own interaction, notes and outcome.
 */
export class HandedOnCall {
  connected: ConnectedCall | undefined;
  private readonly ring: AgentRing;
  private settled = false;

  constructor(
    private readonly host: CallHost,
    private readonly d: HandedOnCallDeps,
    readonly interaction: Interaction,
    /** The caller's leg (the room's customer). */
    readonly customer: PortLeg,
  ) {
    const agentId = interaction.agentId!;
    this.ring = new AgentRing(
      host,
      { agentId, ringMs: d.agentRingMs, from: interaction.customerNumber ?? '', continues: customer, purpose: 'transfer' },
      { answered: (leg, perCall) => this.accept(agentId, leg, perCall), missed: () => this.notTaken('missed', 'The agent did not answer') },
    );
  }

  /** Offers the call to the agent (their session must be idle). */
  start(): void {
    this.host.session(this.interaction.agentId!)?.callOffered();
    this.ring.start();
  }

  /** The adapter's Answer (a ringing browser line), or the ring's answer on an open line or phone. */
  accept(agentId: string, leg: PortLeg, perCall: boolean): void {
    const i = this.interaction;
    if (this.settled || i.state !== 'offered' || agentId !== i.agentId) return;
    if (this.d.room.ended) return this.notTaken('withdrawn', 'The caller hung up');
    if (this.ring.ringsInBrowser) return this.ring.acceptInBrowser();
    this.settled = true;
    this.connected = new ConnectedCall(this.host, i, this.customer, leg, perCall, () => {});
    i.answer(agentId);
    this.host.session(agentId)?.callAnswered();
    this.connected.connect(false, this.d.room);
    this.connected.startRecording();
    this.d.answered(this);
  }

  /** The adapter's Decline. */
  decline(): void {
    this.notTaken('declined', 'The agent declined the call');
  }

  /** The sender no longer wants it (consult cancelled, the caller hung up, the call ended). */
  withdraw(): void {
    this.notTaken('withdrawn', 'withdrawn');
  }

  private notTaken(cause: 'missed' | 'declined' | 'withdrawn', why: string): void {
    const i = this.interaction;
    if (this.settled || i.state !== 'offered') return;
    this.settled = true;
    this.ring.cancel();
    i.notTaken(cause === 'withdrawn' ? 'transfer-withdrawn' : `transfer-${cause}`);
    this.host.session(i.agentId!)?.offerEnded(cause);
    if (cause !== 'withdrawn') this.d.missed(why);
  }
}
