import { TypedEmitter, silentLogger, systemClock, type Clock, type Logger } from '@switchboard/shared';
import type { MediaEngine } from '@switchboard/media';
import type { EngineEvents, LegInfo, OriginateOptions, OutboundGuard, PlaySource, RecordOptions } from '../api';
import { BridgeHandle } from '../handles/bridge-handle';
import { LegHandle, type LegControl } from '../handles/leg-handle';
import { PlaybackHandle } from '../handles/playback-handle';
import { RecordingHandle } from '../handles/recording-handle';
import type { EndCause } from '../causes';
import type { CollectOptions, CollectResult } from '../dtmf/digit-collector';
import type { Leg } from '../leg/leg';
import type { SignallingPort } from '../signalling/call-signal';
import { TrunkTable, type TrunkConfig } from '../trunk/trunk-config';
import { BridgeControl } from './bridge-control';
import { CallControl } from './call-control';
import type { ContactLookup } from './call-target';
import { EngineContext } from './context';
import { MediaControl } from './media-control';

export interface TelephonyEngineOptions {
  signalling: SignallingPort;
  media: MediaEngine;
  trunks?: readonly TrunkConfig[];
  /** Where registered users' phones are (the Registrar). */
  contacts?: ContactLookup;
  clock?: Clock;
  logger?: Logger;
  /** UDP ports werift may use for ICE. */
  webrtcPorts?: [number, number];
}

/** The engine's events, plus the inbound call handed out as a handle (what applications hold). */
export interface TelephonyEngineEvents extends EngineEvents {
  /** `replacesLegId`: the INVITE replaces that leg (RFC 3891), as on `offered`. */
  incoming: { leg: LegHandle; info: LegInfo; replacesLegId?: string };
}

const noContacts: ContactLookup = { contactFor: () => undefined };

/**
 * The engine's API: the one object the server drives. It only routes each verb to the module
 * that owns it (CallControl: signalling and leg life; BridgeControl: who hears whom;
 * MediaControl: play, record, digits, masking) and forwards typed events.
 */
export class TelephonyEngine extends TypedEmitter<TelephonyEngineEvents> implements LegControl {
  readonly trunks: TrunkTable;
  /** The handles given out, by leg id: the engine feeds each its own leg's events. */
  private readonly handles = new Map<string, LegHandle>();
  /** Playbacks given out as handles, by playback id. */
  private readonly playbacks = new Map<string, PlaybackHandle>();
  private readonly ctx: EngineContext;
  private readonly calls: CallControl;
  private readonly bridges: BridgeControl;
  private readonly mediaCtl: MediaControl;
  private readonly signalling: SignallingPort;
  private readonly media: MediaEngine;
  private readonly webrtcPorts: [number, number] | undefined;

  constructor(o: TelephonyEngineOptions) {
    super();
    const log = (o.logger ?? silentLogger).child({ component: 'telephony' });
    this.onListenerError((err, event) => log.error({ err, event }, 'engine event listener threw'));
    this.signalling = o.signalling;
    this.media = o.media;
    this.webrtcPorts = o.webrtcPorts;
    this.trunks = new TrunkTable(o.trunks ?? []);
    this.ctx = new EngineContext(o.clock ?? systemClock, log, o.media, this);
    this.bridges = new BridgeControl(this.ctx);
    this.mediaCtl = new MediaControl(this.ctx);
    this.calls = new CallControl(
      this.ctx,
      o.signalling,
      this.trunks,
      o.contacts ?? noContacts,
      (leg) => this.legMediaChanged(leg),
      (leg) => this.legEnded(leg),
      // A REFER is taken only if someone will carry it out: an engine or a handle listener.
      (legId) => this.listenerCount('refer') > 0 || (this.handles.get(legId)?.listenerCount('refer') ?? 0) > 0,
    );
    // Every digit, whichever way it came, also feeds the leg's digit collector.
    this.on('dtmf', (e) => this.mediaCtl.onDigit(e.legId, e.digit));
  }

  /** New trunks (a workspace reload); all or nothing, see TrunkTable.replace. */
  setTrunks(configs: readonly TrunkConfig[]): void {
    this.trunks.replace(configs);
  }

  /** The application's check of every call out through a trunk (its dial plan); see OutboundGuard. */
  setOutboundGuard(guard: OutboundGuard | undefined): void {
    this.calls.outboundGuard = guard;
  }

  // ---- handles (what the application holds) ----

  /**
   * Every engine event goes out as before (metrics, tests) and, for a leg with a handle, to that
   * handle alone: no holder of a leg listens to every leg's events.
   */
  override emit<K extends keyof TelephonyEngineEvents>(event: K, payload: TelephonyEngineEvents[K]): void {
    super.emit(event, payload);
    if (event === 'offered') {
      const { leg, replacesLegId } = payload as EngineEvents['offered'];
      super.emit('incoming', { leg: this.leg(leg.id), info: leg, ...(replacesLegId !== undefined ? { replacesLegId } : {}) });
      return;
    }
    if (event === 'playFinished') {
      const e = payload as EngineEvents['playFinished'];
      const pb = this.playbacks.get(e.playbackId);
      if (pb) {
        this.playbacks.delete(e.playbackId);
        pb.end({ stopped: e.stopped, playedMs: e.playedMs });
      }
      return;
    }
    const legId = (payload as { legId?: unknown }).legId;
    if (typeof legId !== 'string') return;
    const h = this.handles.get(legId);
    if (!h) return;
    if (event === 'ended') {
      const e = payload as EngineEvents['ended'];
      this.handles.delete(legId);
      h.markEnded({ cause: e.cause, sipStatus: e.sipStatus });
      return;
    }
    const { legId: _id, ...rest } = payload as Record<string, unknown>;
    h.emit(event as string, (Object.keys(rest).length ? rest : undefined) as never);
  }

  /** The handle of a leg (one per leg; a leg that ended gets one already ended). */
  leg(legId: string): LegHandle {
    const known = this.handles.get(legId);
    if (known) return known;
    const l = this.ctx.leg(legId);
    const h = new LegHandle(legId, this);
    if (l.ended) h.markEnded({ cause: l.cause ?? 'normal', sipStatus: undefined });
    else this.handles.set(legId, h);
    return h;
  }

  /** Places a call (see originate) and hands out its leg. */
  async dial(o: OriginateOptions): Promise<LegHandle> {
    return this.leg(await this.originate(o));
  }

  /** A browser leg (see createWebRtcLeg), handed out with our answer. */
  async webrtc(o: { offer: string; from?: string; to?: string; inbandDtmf?: boolean }): Promise<{ leg: LegHandle; answer: string }> {
    const r = await this.createWebRtcLeg(o);
    return { leg: this.leg(r.legId), answer: r.answer };
  }

  /** Plays into a leg; the handle's `finished` settles when it ends. */
  async playOn(legId: string, what: PlaySource): Promise<PlaybackHandle> {
    const id = await this.play(legId, what);
    const pb = new PlaybackHandle(id, legId, (pid) => this.stopPlay(pid));
    this.playbacks.set(id, pb);
    return pb;
  }

  /** Bridges legs together (each taken out of where it was). */
  bridgeHandle(legIds: readonly string[]): BridgeHandle {
    return new BridgeHandle(this.bridge(legIds), this);
  }

  /** Records the given legs into a stereo WAV (left: `left`, right: `right`). */
  record(o: { left: string[]; right: string[]; path: string }): RecordingHandle {
    const id = this.startRecording({ legIds: [...o.left, ...o.right] }, { path: o.path, left: o.left, right: o.right });
    return new RecordingHandle(id, o.path, this);
  }

  // ---- calls and legs ----
  originate(o: OriginateOptions): Promise<string> {
    return this.calls.originate(o);
  }
  /** An internal player leg (announcement, music) to put in a bridge; it ends when the source does. */
  createPlayerLeg(what: PlaySource): Promise<string> {
    return this.mediaCtl.createPlayerLeg(what, (leg) => this.calls.end(leg, 'normal', undefined));
  }
  /** A browser leg from its offer JSON; returns the leg id and our answer JSON. `inbandDtmf`: detect keypad tones in its audio. */
  createWebRtcLeg(o: { offer: string; from?: string; to?: string; inbandDtmf?: boolean }): Promise<{ legId: string; answer: string }> {
    return this.calls.createWebRtcLeg({ ...o, ...(this.webrtcPorts ? { portRange: this.webrtcPorts } : {}) });
  }
  ring(legId: string): void {
    this.calls.ring(legId);
  }
  answer(legId: string): Promise<void> {
    return this.calls.answer(legId);
  }
  reject(legId: string, cause: EndCause = 'rejected'): void {
    this.calls.reject(legId, cause);
  }
  hangup(legId: string, cause: EndCause = 'normal'): void {
    this.calls.hangup(legId, cause);
  }
  hold(legId: string): Promise<void> {
    return this.calls.hold(legId);
  }
  resume(legId: string): Promise<void> {
    return this.calls.resume(legId);
  }
  getLeg(legId: string): LegInfo {
    return this.ctx.leg(legId).info();
  }
  /** RTP counters of a leg's media (kept after it ends, until the leg is forgotten). */
  mediaStats(legId: string): { packetsIn: number; packetsOut: number; packetsDropped: number; srtp: boolean } | undefined {
    const m = this.ctx.leg(legId).media;
    // srtp: the leg's RTP is SRTP (SDES keys negotiated; WebRTC's DTLS-SRTP is not counted here).
    return m ? { packetsIn: m.packetsIn, packetsOut: m.packetsOut, packetsDropped: m.packetsDropped, srtp: 'secure' in m && m.secure === true } : undefined;
  }
  /** Where a SIP leg's RTP socket listens (address and port we put in SDP). */
  mediaEndpoint(legId: string): { address: string; port: number } | undefined {
    const m = this.ctx.leg(legId).media;
    return m && 'local' in m ? (m as { local: { address: string; port: number } }).local : undefined;
  }
  listLegs(): LegInfo[] {
    return [...this.ctx.legs.values()].filter((l) => !l.ended).map((l) => l.info());
  }

  // ---- bridges and conferences ----
  createBridge(opts: { conference?: boolean } = {}): string {
    return this.bridges.create(opts);
  }
  bridge(legIds: readonly string[], opts: { conference?: boolean } = {}): string {
    return this.bridges.bridge(legIds, opts);
  }
  moveLeg(legId: string, bridgeId: string): void {
    this.bridges.move(legId, bridgeId);
    this.mediaCtl.applyLegSettings(this.ctx.leg(legId));
  }
  unbridge(legId: string): void {
    this.bridges.unbridge(legId);
  }
  merge(bridgeIds: readonly string[]): string {
    return this.bridges.merge(bridgeIds);
  }
  destroyBridge(bridgeId: string): void {
    this.bridges.destroy(bridgeId);
  }
  bridgeLegs(bridgeId: string): string[] {
    return this.ctx.bridge(bridgeId).legs.map((l) => l.id);
  }
  /** Who hears a leg in its bridge: null every other leg, else only those listed (a supervisor's listen / whisper). */
  setAudience(bridgeId: string, legId: string, heardBy: readonly string[] | null): void {
    this.bridges.setAudience(bridgeId, legId, heardBy);
  }
  /** Whether the bridge mixes now (three or more live legs, a conference, or a leg with an audience). */
  bridgeMixing(bridgeId: string): boolean {
    return this.ctx.bridge(bridgeId).mixing;
  }

  // ---- audio ----
  play(legId: string, what: PlaySource): Promise<string> {
    return this.mediaCtl.play(legId, what);
  }
  stopPlay(playbackOrLegId: string): void {
    this.mediaCtl.stopPlay(playbackOrLegId);
  }
  /** Records a bridge's legs (or the given legs) into a stereo WAV; returns a recording id. */
  startRecording(target: { bridgeId: string } | { legIds: string[] }, opts: RecordOptions): string {
    const ids = 'bridgeId' in target ? this.bridgeLegs(target.bridgeId) : target.legIds;
    return this.mediaCtl.startRecording(ids, opts);
  }
  pauseRecording(id: string): void {
    this.mediaCtl.pauseRecording(id);
  }
  resumeRecording(id: string): void {
    this.mediaCtl.resumeRecording(id);
  }
  markRecording(id: string, name: string): number {
    return this.mediaCtl.markRecording(id, name);
  }
  stopRecording(id: string): Promise<void> {
    return this.mediaCtl.stopRecording(id);
  }
  /** A leg joins a running recording on one channel (a conferenced party, a barging supervisor). */
  addToRecording(id: string, legId: string, side: 'left' | 'right'): void {
    this.mediaCtl.addToRecording(id, legId, side);
  }
  removeFromRecording(id: string, legId: string): void {
    this.mediaCtl.removeFromRecording(id, legId);
  }
  collectDigits(legId: string, opts?: CollectOptions): Promise<CollectResult> {
    return this.mediaCtl.collectDigits(legId, opts);
  }
  cancelCollect(legId: string): void {
    this.mediaCtl.cancelCollect(legId);
  }
  setDtmfMasking(legId: string, on: boolean): void {
    this.mediaCtl.setDtmfMasking(legId, on);
  }
  /** What this leg's party says reaches no one (bridge, conference, recording hear silence). */
  mute(legId: string): void {
    this.mediaCtl.setMuted(legId, true);
  }
  unmute(legId: string): void {
    this.mediaCtl.setMuted(legId, false);
  }
  /** Digits (0-9*#A-D, up to 32) to the leg's far end: RFC 4733 if negotiated, else in-band tones. Settles when sent. */
  sendDtmf(legId: string, digits: string): Promise<void> {
    return this.mediaCtl.sendDtmf(legId, digits);
  }

  /** Hangs up every leg, stops recordings, closes media and signalling. */
  async close(): Promise<void> {
    for (const l of this.ctx.legs.values()) if (!l.ended) this.calls.hangup(l.id, 'normal');
    for (const l of this.ctx.legs.values()) if (!l.ended) this.calls.end(l, 'normal', undefined);
    await this.mediaCtl.close();
    await this.signalling.close();
    await this.media.close();
  }

  private legMediaChanged(leg: Leg): void {
    this.mediaCtl.applyLegSettings(leg);
    this.bridges.refresh(leg);
  }

  private legEnded(leg: Leg): void {
    this.mediaCtl.onLegEnded(leg);
    this.bridges.onLegEnded(leg);
    // Ended legs are kept briefly for getLeg(); drop them later so the map does not grow.
    this.ctx.clock.setTimeout(() => this.ctx.legs.delete(leg.id), 60_000);
  }
}
