import { TypedEmitter } from '@switchboard/shared';
import type { EngineEvents, LegInfo, LegReferRequest, PlaySource } from '../api';
import type { EndCause } from '../causes';
import type { CollectOptions, CollectResult } from '../dtmf/digit-collector';
import type { PlaybackHandle } from './playback-handle';

/** One leg's own events (what the engine-wide events say of this leg, without its id). */
export interface LegEvents {
  [event: string]: unknown;
  ringing: undefined;
  answered: undefined;
  /** A WebRTC leg's ICE/DTLS connected: media can flow. */
  mediaConnected: undefined;
  ended: { cause: EndCause; sipStatus: number | undefined };
  held: undefined;
  resumed: undefined;
  muteChanged: { muted: boolean };
  dtmf: { digit: string; source: EngineEvents['dtmf']['source'] };
  /**
   * The far end (a desk phone's transfer button) sent a SIP REFER: carry the transfer out, then
   * accept() or fail(status). Without a listener here or on the engine it is declined (603).
   */
  refer: LegReferRequest;
}

/** The engine's verbs on one leg (by id, inside the engine only). */
export interface LegControl {
  getLeg(legId: string): LegInfo;
  answer(legId: string): Promise<void>;
  ring(legId: string): void;
  reject(legId: string, cause: EndCause): void;
  hangup(legId: string, cause: EndCause): void;
  hold(legId: string): Promise<void>;
  resume(legId: string): Promise<void>;
  mute(legId: string): void;
  unmute(legId: string): void;
  playOn(legId: string, what: PlaySource): Promise<PlaybackHandle>;
  stopPlay(legId: string): void;
  sendDtmf(legId: string, digits: string): Promise<void>;
  collectDigits(legId: string, opts?: CollectOptions): Promise<CollectResult>;
  cancelCollect(legId: string): void;
  setDtmfMasking(legId: string, on: boolean): void;
}

/**
 * A leg as the application holds it (mediasoup style): its own typed events and verbs, so no
 * module listens to every engine event and filters for its own leg. The engine hands one out
 * per leg (`offered`, `dial()`, `webrtc()`) and feeds it the leg's events; `ended` settles once.
 */
export class LegHandle extends TypedEmitter<LegEvents> {
  /** Settles when the leg ends (whoever ended it). */
  readonly ended: Promise<LegEvents['ended']>;
  private endedWith: LegEvents['ended'] | undefined;
  private settleEnded!: (e: LegEvents['ended']) => void;

  constructor(
    readonly id: string,
    private readonly ctl: LegControl,
  ) {
    super();
    this.ended = new Promise((resolve) => (this.settleEnded = resolve));
  }

  info(): LegInfo {
    return this.ctl.getLeg(this.id);
  }

  get isEnded(): boolean {
    return this.endedWith !== undefined;
  }

  answer(): Promise<void> {
    return this.ctl.answer(this.id);
  }
  ring(): void {
    this.ctl.ring(this.id);
  }
  reject(cause: EndCause = 'rejected'): void {
    this.ctl.reject(this.id, cause);
  }
  /** Hangs up (a no-op once the leg ended). */
  hangup(cause: EndCause = 'normal'): void {
    if (!this.isEnded) this.ctl.hangup(this.id, cause);
  }
  hold(): Promise<void> {
    return this.ctl.hold(this.id);
  }
  resume(): Promise<void> {
    return this.ctl.resume(this.id);
  }
  setMuted(on: boolean): void {
    if (on) this.ctl.mute(this.id);
    else this.ctl.unmute(this.id);
  }
  play(what: PlaySource): Promise<PlaybackHandle> {
    return this.ctl.playOn(this.id, what);
  }
  /** Stops whatever plays to this leg. */
  stopPlay(): void {
    this.ctl.stopPlay(this.id);
  }
  sendDtmf(digits: string): Promise<void> {
    return this.ctl.sendDtmf(this.id, digits);
  }
  collectDigits(opts?: CollectOptions): Promise<CollectResult> {
    return this.ctl.collectDigits(this.id, opts);
  }
  cancelCollect(): void {
    this.ctl.cancelCollect(this.id);
  }
  setDtmfMasking(on: boolean): void {
    this.ctl.setDtmfMasking(this.id, on);
  }

  /** The engine's report of this leg's `ended`. */
  markEnded(e: LegEvents['ended']): void {
    if (this.endedWith) return;
    this.endedWith = e;
    this.emit('ended', e);
    this.settleEnded(e);
  }
}
