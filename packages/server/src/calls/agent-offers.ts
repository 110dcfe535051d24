import { join } from 'node:path';
import { RingTimer, type Router } from '@switchboard/core';
import type { OriginateTarget } from '@switchboard/telephony';
import type { CallCenterDeps, LiveCall } from './live-call';

/** What the offer desk needs of the call centre: its calls, its router, and the leg → call index. */
export interface OfferHost {
  readonly calls: Map<string, LiveCall>;
  readonly router: Router;
  bindLeg(legId: string, call: LiveCall): void;
  unbindLeg(legId: string): void;
  callOfLeg(legId: string): LiveCall | undefined;
}

/**
 * Offers of queued calls to agents, on whatever voice path the agent has: bridged at once with a
 * beep on an open line; rung per call (adapter Answer / Decline, ringing in the headset) on a
 * non-persistent Web Connect line; a call to the agent's phone for call-me. An offer nobody takes
 * in time goes back to the queue and the agent is auto-paused (RingTimer). Answering bridges the
 * customer to the agent and starts the campaign's recording.
 */
export class AgentOffers {
  private readonly ring: RingTimer;
  /** Offers ringing on a non-persistent Web Connect line: interaction id → the agent's leg. */
  private readonly webRings = new Map<string, string>();

  constructor(
    private readonly d: CallCenterDeps,
    private readonly host: OfferHost,
  ) {
    this.ring = new RingTimer(d.clock, (entryId) => this.offerMissed(entryId));
  }

  /** The router offers a queued call to an agent: ring or bridge on their voice path. */
  onOffer(entryId: string, agentId: string): void {
    const call = this.host.calls.get(entryId);
    const session = this.d.session(agentId);
    if (!call || !session) return void this.host.router.offerFailed(entryId, 'failed');
    call.interaction.offer(agentId);
    session.callOffered();
    const path = this.d.voice.connectedPath(agentId);
    if (path?.legId && path.method === 'web' && !path.persistent) {
      // Web Connect without "keep the line open": the browser's line stays up, but each call rings
      // in the adapter (Answer / Decline, ringing in the headset) and an unanswered one auto-pauses,
      // as for a non-persistent call-me phone.
      this.ring.start(entryId, this.d.agentRingMs);
      this.webRings.set(entryId, path.legId);
      this.d.engine.play(path.legId, { tone: [440, 480], cadence: [1000, 2000], durationMs: this.d.agentRingMs }).catch(() => undefined);
      return;
    }
    if (path?.legId) return this.accept(call, agentId, path.legId, false);
    if (path && path.method === 'call-me' && path.number) {
      this.ring.start(entryId, this.d.agentRingMs);
      this.d.engine
        .originate({
          to: this.targetFor(path.number),
          from: call.interaction.customerNumber ?? '',
          ringTimeoutMs: this.d.agentRingMs + 5000,
          context: { agentId, purpose: 'offer' },
          continues: call.customerLegId,
        })
        .then(
          (legId) => {
            if (call.interaction.state !== 'offered' || call.interaction.agentId !== agentId) return this.d.engine.hangup(legId, 'cancelled');
            call.agentLegId = legId;
            call.agentLegPerCall = true;
            this.host.bindLeg(legId, call);
          },
          () => this.offerMissed(entryId),
        );
      return;
    }
    this.offerMissed(entryId);
  }

  /** Where an agent's number is reached (set by the composition: a registered phone, else the trunk). */
  targetFor: (number: string) => OriginateTarget = (number) => ({ user: number });

  private accept(call: LiveCall, agentId: string, agentLegId: string, perCall: boolean): void {
    const session = this.d.session(agentId);
    const i = call.interaction;
    this.ring.cancel(i.id);
    this.stopWebRing(i.id);
    if (!session || i.state !== 'offered') return;
    this.host.router.offerAccepted(i.id);
    call.agentLegId = agentLegId;
    call.agentLegPerCall = perCall;
    this.host.bindLeg(agentLegId, call);
    const { engine } = this.d;
    engine.stopPlay(call.customerLegId);
    try {
      engine.bridge([call.customerLegId, agentLegId]);
    } catch (err) {
      this.d.logger.warn({ err }, 'bridging failed');
    }
    engine.play(agentLegId, { tone: 880, durationMs: 150 }).catch(() => undefined);
    i.answer(agentId);
    session.callAnswered();
    if (i.recording.mode !== 'off') {
      const file = join(this.d.recordingsDir, `${i.id}.wav`);
      try {
        call.recordingId = engine.startRecording({ legIds: [call.customerLegId, agentLegId] }, { path: file, left: [call.customerLegId], right: [agentLegId] });
        i.startRecording(file);
      } catch (err) {
        this.d.logger.warn({ err }, 'recording did not start');
      }
    }
  }

  /** Stops the ringing a non-persistent Web Connect agent hears for an offer, if any. */
  stopWebRing(entryId: string): void {
    const legId = this.webRings.get(entryId);
    if (legId === undefined) return;
    this.webRings.delete(entryId);
    this.d.engine.stopPlay(legId);
  }

  /** Nobody answered in time (or the agent's leg failed): back to the queue, the agent auto-paused. */
  offerMissed(entryId: string): void {
    const call = this.host.calls.get(entryId);
    if (!call || call.interaction.state !== 'offered') return;
    const agentId = call.interaction.agentId!;
    this.ring.cancel(entryId);
    this.stopWebRing(entryId);
    if (call.agentLegId) {
      this.host.unbindLeg(call.agentLegId);
      this.d.engine.hangup(call.agentLegId, 'no_answer');
      call.agentLegId = undefined;
    }
    call.interaction.offerReturned('missed');
    this.d.session(agentId)?.offerEnded('missed');
    this.host.router.offerFailed(entryId, 'missed');
  }

  /** The agent pressed Answer in the adapter (their path is already up). */
  acceptOffer(call: LiveCall, agentId: string, agentLegId: string): void {
    this.accept(call, agentId, agentLegId, false);
  }

  /** The agent pressed Decline on a ringing call. */
  decline(call: LiveCall): void {
    const agentId = call.interaction.agentId!;
    this.ring.cancel(call.interaction.id);
    this.stopWebRing(call.interaction.id);
    if (call.agentLegId) {
      this.host.unbindLeg(call.agentLegId);
      this.d.engine.hangup(call.agentLegId, 'rejected');
      call.agentLegId = undefined;
    }
    call.interaction.offerReturned('declined');
    this.d.session(agentId)?.offerEnded('declined');
    this.host.router.offerFailed(call.interaction.id, 'declined');
  }

  /** The router took the offer back (the caller left, or another path won). */
  onWithdrawn(entryId: string, agentId: string): void {
    this.ring.cancel(entryId);
    this.stopWebRing(entryId);
    const call = this.host.calls.get(entryId);
    if (call?.agentLegId && call.agentLegPerCall) {
      this.host.unbindLeg(call.agentLegId);
      this.d.engine.hangup(call.agentLegId, 'cancelled');
      call.agentLegId = undefined;
    }
    this.d.session(agentId)?.offerEnded('withdrawn');
  }

  /** A per-call agent leg (call-me) answered: the agent took the offer. */
  onLegAnswered(legId: string): void {
    const call = this.host.callOfLeg(legId);
    if (call && call.agentLegId === legId && call.agentLegPerCall && call.interaction.state === 'offered') {
      this.accept(call, call.interaction.agentId!, legId, true);
    }
  }
}
