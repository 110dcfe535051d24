import { newId } from '@switchboard/shared';
import type { RtpLeg } from '@switchboard/media';
import type { OriginateOptions, OutboundGuard } from '../api';
import { causeFromSipStatus, sipStatusForCause, type EndCause } from '../causes';
import { TelephonyError } from '../errors';
import { Leg } from '../leg/leg';
import { isEarly, isUp } from '../leg/leg-state';
import { SdpSession } from '../media/sdp-session';
import type { CallSignal, IncomingCallInfo, SignallingPort } from '../signalling/call-signal';
import type { TrunkTable } from '../trunk/trunk-config';
import { answerFailure } from './answer-failure';
import { resolveCallTarget, type ContactLookup } from './call-target';
import type { EngineContext } from './context';
import { forwardedMaxForwards } from './max-forwards';
import { legOfSignal, referFromPhone } from './phone-refer';

/**
 * Signalling-driven leg lifecycle: inbound offers, originate, answer, reject, hang up, hold and
 * resume, and how each SIP outcome becomes a typed end cause. Media is set up through
 * SdpSession; what legs hear is the bridges' business, not this module's.
 */
export class CallControl {
  private readonly sdp = new Map<Leg, SdpSession>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly signalling: SignallingPort,
    private readonly trunks: TrunkTable,
    private readonly contacts: ContactLookup,
    /** A leg's media came up or changed (answer, hold, resume). */
    private readonly onLegUp: (leg: Leg) => void,
    private readonly onLegEnded: (leg: Leg) => void,
    /** Whether anyone will carry out a transfer asked on this leg (a `refer` listener). */
    private readonly takesRefer: (legId: string) => boolean = () => false,
  ) {
    signalling.onIncoming((signal, info) => this.incoming(signal, info));
  }

  // ---- inbound ----

  private incoming(signal: CallSignal, info: IncomingCallInfo): void {
    // A trunk that authenticated, else one trusted by its address and source port; phones are not trunks.
    const trunk =
      info.trunk !== undefined
        ? this.trunks.list().find((t) => t.name === info.trunk)
        : info.user
          ? undefined
          : this.trunks.fromSource(info.sourceAddress, info.sourcePort, info.transport, info.tlsFingerprint);
    let from = info.from;
    let to = info.to;
    if (trunk) {
      try {
        to = trunk.inboundNumber(info.to);
        from = trunk.inboundNumber(info.from);
      } catch {
        // A caller id we cannot rewrite is still a call; an undiallable destination is not.
        if (to === info.to && !/^\+?[0-9*#]+$/.test(to)) return signal.reject(404);
      }
    }
    if (trunk && this.callsOn(trunk.name) >= trunk.maxCalls) return signal.reject(503);
    // RFC 3891: the INVITE replaces one of our calls; the signalling checked it is a dialog of ours.
    const replaced = info.replaces ? legOfSignal(this.ctx, info.replaces) : undefined;
    if (info.replaces && !replaced) return signal.reject(481);
    const leg = new Leg({ id: newId('leg', 8), kind: 'sip', direction: 'inbound', from, to, trunk: trunk?.name, user: info.user });
    leg.signal = signal;
    leg.maxForwards = info.maxForwards;
    this.ctx.legs.set(leg.id, leg);
    leg.sm.transition('offered');
    signal.on('cancelled', () => this.end(leg, 'cancelled', 487));
    signal.on('bye', (e) => this.end(leg, e.status === undefined || e.status === 200 ? 'normal' : 'network', e.status));
    signal.on('reoffer', (e) => this.reoffer(leg, e.sdp, e.respond));
    signal.on('info', (e) => this.ctx.events.emit('dtmf', { legId: leg.id, digit: e.digit, source: 'info' }));
    signal.on('refer', (e) => referFromPhone(this.ctx, leg, e, this.takesRefer));
    this.ctx.log.info({ leg: leg.id, from, to, trunk: trunk?.name, user: info.user, replaces: replaced?.id }, 'call offered');
    this.ctx.events.emit('offered', { leg: leg.info(), ...(replaced ? { replacesLegId: replaced.id } : {}) });
  }

  ring(legId: string): void {
    const leg = this.ctx.liveLeg(legId);
    if (leg.direction !== 'inbound' || leg.state !== 'offered') throw this.badState(leg, 'ring');
    leg.signal!.ring();
    leg.sm.transition('ringing');
    this.ctx.events.emit('ringing', { legId: leg.id });
  }

  /**
   * Answers an inbound leg. With their offer in the INVITE we answer in the 200; with none (a
   * delayed offer, RFC 3261 13.2.1) we offer in the 200 and their answer comes in the ACK.
   * Whatever stops us answering ends the leg with a final response (failAnswer): never a leg
   * left "offered" behind a 100 Trying.
   */
  async answer(legId: string): Promise<void> {
    const leg = this.ctx.liveLeg(legId);
    // A browser leg is answered when it is created: answering it again (an IVR taking it) is a no-op.
    if (leg.kind === 'webrtc' && leg.state === 'answered') return;
    if (leg.direction !== 'inbound' || (leg.state !== 'offered' && leg.state !== 'ringing')) throw this.badState(leg, 'answer');
    const signal = leg.signal!;
    const offer = signal.remoteSdp;
    let media: RtpLeg;
    try {
      media = await this.newMedia(leg);
    } catch (err) {
      throw this.failAnswer(leg, err);
    }
    if (leg.ended) return; // cancelled while we bound ports
    const s = new SdpSession(media);
    this.sdp.set(leg, s);
    let sdp: string;
    try {
      sdp = offer === undefined ? s.offer('sendrecv') : s.answer(offer);
    } catch (err) {
      throw this.failAnswer(leg, err);
    }
    // Media flows from the 200 on; an ACK that never comes (Timer H) ends the leg later.
    signal.answer(sdp).then(
      (ackSdp) => {
        if (offer === undefined) this.delayedAnswer(leg, s, ackSdp);
      },
      () => this.end(leg, 'network', 408),
    );
    leg.sm.transition('answered');
    this.ctx.events.emit('answered', { legId: leg.id });
    this.onLegUp(leg);
  }

  /**
   * Our offer went in the 200: RFC 3261 13.2.2.4, "If the 2xx contains an offer ..., the ACK MUST
   * carry an answer in its body". An ACK without one, or with one we cannot use, leaves a call
   * without media: end it with a BYE (as 13.2.2.4 asks of a UAC that cannot accept the offer).
   */
  private delayedAnswer(leg: Leg, s: SdpSession, ackSdp: string | undefined): void {
    if (leg.ended || leg.state === 'ending') return;
    try {
      if (ackSdp === undefined) throw new TelephonyError('TEL_SIGNALLING', 'ACK without the SDP answer to our offer', 488);
      s.applyAnswer(ackSdp);
    } catch (err) {
      this.ctx.log.warn({ err, leg: leg.id }, 'delayed offer: no usable answer in the ACK');
      this.hangup(leg.id, 'rejected');
      return;
    }
    if (leg.held) leg.media?.setDirection('sendonly');
    this.onLegUp(leg);
  }

  /** The one way an inbound leg we could not answer ends: a final response (answerFailure) and an ended leg. Returns the error. */
  private failAnswer(leg: Leg, err: unknown): Error {
    if (!leg.ended) {
      const { status, cause, retryAfterSec } = answerFailure(err);
      this.ctx.log.warn({ err, leg: leg.id, status }, 'cannot answer an inbound call');
      leg.signal?.reject(status, retryAfterSec !== undefined ? { retryAfterSec } : {});
      this.end(leg, cause, status);
    }
    return err instanceof Error ? err : new Error(String(err));
  }

  reject(legId: string, cause: EndCause): void {
    const leg = this.ctx.liveLeg(legId);
    if (leg.direction !== 'inbound' || !isEarly(leg.state)) throw this.badState(leg, 'reject');
    const status = sipStatusForCause(cause);
    leg.signal!.reject(status);
    this.end(leg, cause, status);
  }

  // ---- outbound ----

  /** Set by the application (TelephonyEngine.setOutboundGuard): checks every call out through a trunk. */
  outboundGuard: OutboundGuard | undefined;

  async originate(o: OriginateOptions): Promise<string> {
    // The one place calls leave through a trunk: the guard sees each before anything is set up.
    if ('trunk' in o.to) this.outboundGuard?.({ trunk: o.to.trunk, number: o.to.number, from: o.from, context: o.context ?? {} });
    const { target, trunkName, ringMs, to } = resolveCallTarget(o, this.trunks, this.contacts);
    const maxForwards = forwardedMaxForwards(o.continues, o.continues === undefined ? undefined : this.ctx.legs.get(o.continues));
    if (maxForwards !== undefined) target.maxForwards = maxForwards;
    if (trunkName !== undefined && this.callsOn(trunkName) >= this.trunks.get(trunkName).maxCalls) {
      throw new TelephonyError('TEL_TRUNK_FULL', `trunk ${trunkName} is at its call limit`, 503, { trunk: trunkName });
    }
    const leg = new Leg({ id: newId('leg', 8), kind: 'sip', direction: 'outbound', from: target.from, to, trunk: trunkName, user: 'user' in o.to ? o.to.user : undefined });
    this.ctx.legs.set(leg.id, leg);
    const media = await this.newMedia(leg);
    const s = new SdpSession(media, target.srtp ? { srtp: target.srtp } : {});
    this.sdp.set(leg, s);
    const signal = this.signalling.invite(target, s.offer('sendrecv'));
    leg.signal = signal;
    leg.sm.transition('calling');
    leg.ringTimer = this.ctx.clock.setTimeout(() => this.hangup(leg.id, 'no_answer'), ringMs);
    signal.on('progress', (e) => {
      if (e.sdp) this.applyAnswer(leg, e.sdp);
      if (leg.state === 'calling') {
        leg.sm.transition('ringing');
        this.ctx.events.emit('ringing', { legId: leg.id });
      }
    });
    signal.on('answered', (e) => {
      if (leg.state === 'ending' || leg.ended) {
        // 200 crossed our CANCEL: the dialog exists, so end it with a BYE.
        void signal.hangup().catch(() => {});
        return;
      }
      this.ctx.clock.clearTimeout(leg.ringTimer);
      this.applyAnswer(leg, e.sdp);
      leg.sm.transition('answered');
      this.ctx.events.emit('answered', { legId: leg.id });
      this.onLegUp(leg);
    });
    signal.on('failed', (e) => {
      // After our own CANCEL the 487 carries the cause we asked for (no_answer, cancelled...).
      const cause = leg.state === 'ending' && e.status === 487 && leg.cause ? leg.cause : causeFromSipStatus(e.status);
      this.end(leg, cause, e.status);
    });
    signal.on('bye', (e) => this.end(leg, e.status === undefined || e.status === 200 ? 'normal' : 'network', e.status));
    signal.on('reoffer', (e) => this.reoffer(leg, e.sdp, e.respond));
    signal.on('info', (e) => this.ctx.events.emit('dtmf', { legId: leg.id, digit: e.digit, source: 'info' }));
    signal.on('refer', (e) => referFromPhone(this.ctx, leg, e, this.takesRefer));
    this.ctx.log.info({ leg: leg.id, uri: target.uri, trunk: trunkName }, 'originating');
    return leg.id;
  }

  private callsOn(trunk: string): number {
    let n = 0;
    for (const l of this.ctx.legs.values()) if (l.trunk === trunk && !l.ended) n++;
    return n;
  }

  // ---- WebRTC ("Web Connect") ----

  /**
   * A browser leg: takes its offer (RTCSessionDescriptionInit JSON, carried over the adapter's
   * own WebSocket) and returns our answer. The leg is answered at once; the signalling is the
   * caller's business, so ending it is a local close.
   */
  async createWebRtcLeg(o: { offer: string; from?: string; to?: string; portRange?: [number, number]; inbandDtmf?: boolean }): Promise<{ legId: string; answer: string }> {
    const leg = new Leg({ id: newId('leg', 8), kind: 'webrtc', direction: 'inbound', from: o.from ?? 'webrtc', to: o.to ?? '' });
    const media = await this.ctx.media.createWebRtcLeg({ id: leg.id, ...(o.portRange ? { portRange: o.portRange } : {}), ...(o.inbandDtmf ? { inbandDtmf: true } : {}) });
    leg.media = media;
    media.on('dtmf', (e) => this.ctx.events.emit('dtmf', { legId: leg.id, digit: e.digit, source: e.source }));
    media.on('connection', (e) => {
      if (e.state === 'connected') this.ctx.events.emit('mediaConnected', { legId: leg.id });
      else if (e.state === 'failed') this.end(leg, 'network', undefined);
      else if (e.state === 'closed') this.end(leg, 'normal', undefined);
    });
    leg.cleanups.push(() => void media.close());
    let answer: string;
    try {
      answer = await media.acceptOffer(o.offer);
    } catch (err) {
      await media.close();
      throw new TelephonyError('TEL_MEDIA', `WebRTC offer refused: ${(err as Error).message}`, 400);
    }
    this.ctx.legs.set(leg.id, leg);
    leg.sm.transition('answered');
    this.ctx.events.emit('answered', { legId: leg.id });
    this.onLegUp(leg);
    return { legId: leg.id, answer };
  }

  // ---- either direction ----

  /** Ends a leg from our side with `cause`: CANCEL, reject or BYE as its state calls for. */
  hangup(legId: string, cause: EndCause = 'normal'): void {
    const leg = this.ctx.leg(legId);
    if (leg.ended || leg.state === 'ending') return;
    const signal = leg.signal;
    if (!signal) return this.end(leg, cause, undefined);
    if (isUp(leg.state)) {
      void signal.hangup().catch(() => {});
      return this.end(leg, cause, undefined);
    }
    if (leg.direction === 'inbound') {
      const status = sipStatusForCause(cause === 'normal' ? 'rejected' : cause);
      signal.reject(status);
      return this.end(leg, cause, status);
    }
    // Outbound and not answered: CANCEL, and end when the 487 (or a crossing final) arrives.
    leg.cause = cause;
    leg.sm.transition('ending');
    this.ctx.clock.clearTimeout(leg.ringTimer);
    signal.cancel();
    // A far end that never answers the CANCEL must not keep the leg forever (Timer B is 32 s).
    leg.ringTimer = this.ctx.clock.setTimeout(() => this.end(leg, cause, undefined), 32_000);
  }

  async hold(legId: string): Promise<void> {
    const leg = this.ctx.liveLeg(legId);
    if (leg.state !== 'answered') throw this.badState(leg, 'hold');
    leg.held = true;
    leg.media?.setDirection('sendonly');
    leg.sm.transition('held');
    this.onLegUp(leg);
    this.ctx.events.emit('held', { legId: leg.id });
    await this.reinvite(leg, 'sendonly');
  }

  async resume(legId: string): Promise<void> {
    const leg = this.ctx.liveLeg(legId);
    if (leg.state !== 'held') throw this.badState(leg, 'resume');
    leg.held = false;
    leg.media?.setDirection('sendrecv');
    leg.sm.transition('answered');
    this.onLegUp(leg);
    this.ctx.events.emit('resumed', { legId: leg.id });
    await this.reinvite(leg, 'sendrecv');
  }

  private async reinvite(leg: Leg, direction: 'sendonly' | 'sendrecv'): Promise<void> {
    const s = this.sdp.get(leg);
    if (!leg.signal || !s) return;
    try {
      const answer = await leg.signal.reinvite(s.offer(direction));
      if (!leg.ended) s.applyAnswer(answer);
      if (leg.held) leg.media?.setDirection('sendonly');
    } catch (err) {
      this.ctx.log.warn({ err, leg: leg.id }, 're-INVITE failed');
    }
  }

  /**
   * A re-INVITE from the far end. With an offer we answer it in the 200 (488 when unusable,
   * RFC 3261 14.2); without one we offer in the 200 and take their answer from the ACK.
   */
  private reoffer(leg: Leg, offer: string | undefined, respond: (sdp: string) => Promise<string | undefined>): void {
    const s = this.sdp.get(leg);
    if (!s) return void respond('');
    if (offer === undefined) {
      void respond(s.offer(leg.held ? 'sendonly' : 'sendrecv')).then((ackSdp) => {
        if (leg.ended) return;
        // An ACK without the answer (13.2.2.4 says it MUST carry one): keep the media as it was.
        if (ackSdp === undefined) return this.ctx.log.warn({ leg: leg.id }, 're-INVITE without offer: no answer in the ACK');
        this.applyAnswer(leg, ackSdp);
        if (leg.held) leg.media?.setDirection('sendonly');
        this.onLegUp(leg);
      });
      return;
    }
    let answer: string;
    try {
      answer = s.answer(offer, leg.held ? 'sendonly' : undefined);
    } catch (err) {
      this.ctx.log.warn({ err, leg: leg.id }, 'unusable re-INVITE offer');
      return void respond('');
    }
    void respond(answer);
  }

  private applyAnswer(leg: Leg, sdp: string): void {
    try {
      this.sdp.get(leg)?.applyAnswer(sdp);
    } catch (err) {
      this.ctx.log.warn({ err, leg: leg.id }, 'unusable SDP answer');
    }
  }

  private async newMedia(leg: Leg): Promise<RtpLeg> {
    const inband = leg.trunk !== undefined && this.trunks.get(leg.trunk).inbandDtmf;
    const media = await this.ctx.media.createLeg({ id: leg.id, inbandDtmf: inband });
    if (leg.ended) {
      // Cancelled while the ports were being bound: nothing will clean this up later.
      await media.close();
      return media;
    }
    leg.media = media;
    media.on('dtmf', (e) => this.ctx.events.emit('dtmf', { legId: leg.id, digit: e.digit, source: e.source }));
    media.on('timeout', () => {
      if (isUp(leg.state) && !leg.held) this.hangup(leg.id, 'network');
    });
    leg.cleanups.push(() => void media.close());
    return media;
  }

  /** The one way a leg ends: timers, media, bridge, state, event. Idempotent. */
  end(leg: Leg, cause: EndCause, sipStatus: number | undefined): void {
    if (leg.ended) return;
    this.ctx.clock.clearTimeout(leg.ringTimer);
    leg.cause = leg.state === 'ending' && leg.cause ? leg.cause : cause;
    leg.sipStatus = sipStatus;
    leg.held = false;
    leg.sm.transition('ended');
    this.sdp.delete(leg);
    this.onLegEnded(leg);
    for (const c of leg.cleanups.splice(0)) {
      try {
        c();
      } catch (err) {
        this.ctx.log.warn({ err, leg: leg.id }, 'cleanup failed');
      }
    }
    this.ctx.log.info({ leg: leg.id, cause: leg.cause, sipStatus }, 'leg ended');
    this.ctx.events.emit('ended', { legId: leg.id, cause: leg.cause, sipStatus });
  }

  private badState(leg: Leg, verb: string): TelephonyError {
    return new TelephonyError('TEL_INVALID_STATE', `cannot ${verb} leg ${leg.id} in state ${leg.state}`, 409, { state: leg.state });
  }
}
