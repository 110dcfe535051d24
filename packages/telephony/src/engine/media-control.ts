import { newId } from '@switchboard/shared';
import { PcmSource, ToneSource, readPromptWav, type AudioSource, type CallRecorder, type MediaLeg, type Playback, type RecorderInput } from '@switchboard/media';
import type { PlaySource, RecordOptions } from '../api';
import { DigitCollector, type CollectOptions, type CollectResult } from '../dtmf/digit-collector';
import { DtmfOut, checkDtmfDigits } from '../dtmf/dtmf-out';
import { TelephonyError } from '../errors';
import { Leg } from '../leg/leg';
import { PlayerLeg } from '../media/player-leg';
import type { EngineContext } from './context';

/**
 * What the application does with a leg's audio: play and stop, record (start, pause, resume,
 * stop, mark), collect digits, mask DTMF. It acts on media legs only; signalling never shows.
 */
export class MediaControl {
  private readonly playbacks = new Map<string, { leg: Leg; pb: Playback }>();
  private readonly recordings = new Map<string, CallRecorder>();
  private readonly dtmfOut = new Map<Leg, DtmfOut>();
  /** stopPlay(leg) calls per leg: a play whose prompt was loading across one does not start. */
  private readonly legStops = new WeakMap<Leg, number>();

  constructor(private readonly ctx: EngineContext) {}

  /** Plays into a leg; returns a playback id (playFinished tells when it is over). */
  async play(legId: string, what: PlaySource): Promise<string> {
    const leg = this.ctx.liveLeg(legId);
    const media = this.mediaOf(leg);
    const stops = this.stopsOf(leg);
    const source = await this.sourceFor(what);
    const id = newId('play', 6);
    if (leg.state === 'ending' || leg.state === 'ended' || this.stopsOf(leg) !== stops) {
      // Stopped (stopPlay on the leg) or hung up while the prompt was loading: it never starts.
      // Reported after the caller has the id, like any playback's end.
      setImmediate(() => this.ctx.events.emit('playFinished', { legId: leg.id, playbackId: id, stopped: true, playedMs: 0 }));
      return id;
    }
    const pb: Playback = this.ctx.media.playSource(media, source);
    this.playbacks.set(id, { leg, pb });
    // What the customer (a recording's left side) is played is what the agent side said: record it there.
    const inputs: RecorderInput[] = [];
    for (const rec of this.recordings.values()) {
      if (rec.sideOf(media) !== 'left') continue;
      const input = rec.addInput('right');
      inputs.push(input);
      pb.mirror(input);
    }
    pb.on('finished', (e) => {
      for (const input of inputs) input.remove();
      this.playbacks.delete(id);
      this.ctx.events.emit('playFinished', { legId: leg.id, playbackId: id, stopped: e.stopped, playedMs: e.playedMs });
    });
    return id;
  }

  /**
   * An internal player leg: a party whose voice is `what`. Put it in a bridge or conference like
   * any leg; when the source ends, playFinished fires and the leg ends normally.
   */
  createPlayerLeg(what: PlaySource, onEnd: (leg: Leg) => void): Promise<string> {
    return this.sourceFor(what).then((source) => {
      const leg = new Leg({ id: newId('leg', 8), kind: 'player', direction: 'internal', from: 'player', to: '' });
      const id = newId('play', 6);
      const player = new PlayerLeg(leg.id, this.ctx.clock, source, this.ctx.media.ticker, () => {
        this.ctx.events.emit('playFinished', { legId: leg.id, playbackId: id, stopped: false, playedMs: 0 });
        onEnd(leg);
      });
      leg.media = player.media;
      leg.cleanups.push(() => {
        player.stop();
        void player.media.close();
      });
      this.ctx.legs.set(leg.id, leg);
      leg.sm.transition('answered');
      this.ctx.events.emit('answered', { legId: leg.id });
      return leg.id;
    });
  }

  private async sourceFor(what: PlaySource): Promise<AudioSource> {
    if ('tone' in what) {
      const freqs = typeof what.tone === 'number' ? [what.tone] : [...what.tone];
      return new ToneSource({ freqs, ...(what.durationMs === undefined ? {} : { durationMs: what.durationMs }), ...(what.cadence ? { cadence: what.cadence } : {}) });
    }
    if ('wav' in what) return new PcmSource(await readPromptWav(what.wav), what.loops ?? 1);
    return new PcmSource(what.samples, what.loops ?? 1);
  }

  private stopsOf(leg: Leg): number {
    return this.legStops.get(leg) ?? 0;
  }

  /** Stops one playback, or every playback on a leg when given a leg id (and plays still loading). */
  stopPlay(id: string): void {
    const one = this.playbacks.get(id);
    if (one) return one.pb.stop();
    const leg = this.ctx.legs.get(id);
    if (leg) this.legStops.set(leg, this.stopsOf(leg) + 1); // plays still loading on it won't start
    for (const { leg, pb } of [...this.playbacks.values()]) if (leg.id === id) pb.stop();
  }

  /** Starts a stereo recording: left = `left` legs (default: the first), right = the rest. */
  startRecording(legIds: readonly string[], opts: RecordOptions): string {
    if (legIds.length === 0) throw new TelephonyError('TEL_BAD_ARGUMENT', 'record: no legs');
    const legs = legIds.map((id) => this.ctx.liveLeg(id));
    const left = opts.left ? opts.left.map((id) => this.mediaOf(this.ctx.liveLeg(id))) : [this.mediaOf(legs[0]!)];
    const right = opts.right
      ? opts.right.map((id) => this.mediaOf(this.ctx.liveLeg(id)))
      : legs
          .slice(opts.left ? 0 : 1)
          .map((l) => this.mediaOf(l))
          .filter((m) => !left.includes(m));
    const rec = this.ctx.media.record({ path: opts.path, left, right });
    const id = newId('rec', 6);
    this.recordings.set(id, rec);
    rec.on('closed', (e) => {
      this.recordings.delete(id);
      this.ctx.events.emit('recordingStopped', { recordingId: id, path: e.path, durationMs: e.durationMs });
    });
    return id;
  }

  pauseRecording(id: string): void {
    this.recording(id).pause();
  }

  resumeRecording(id: string): void {
    this.recording(id).resume();
  }

  markRecording(id: string, name: string): number {
    return this.recording(id).mark(name).offsetMs;
  }

  async stopRecording(id: string): Promise<void> {
    await this.recording(id).stop();
  }

  /** Adds a leg to a running recording (a consulted party joins the agent's side). */
  addToRecording(id: string, legId: string, side: 'left' | 'right'): void {
    this.recording(id).addLeg(this.mediaOf(this.ctx.liveLeg(legId)), side);
  }

  /** Takes a leg out of a running recording (a supervisor back from a barge); unknown or ended legs are ignored. */
  removeFromRecording(id: string, legId: string): void {
    const media = this.ctx.legs.get(legId)?.media;
    if (media) this.recording(id).removeLeg(media);
  }

  collectDigits(legId: string, opts: CollectOptions = {}): Promise<CollectResult> {
    const leg = this.ctx.liveLeg(legId);
    if (leg.collector?.active) throw new TelephonyError('TEL_ALREADY_COLLECTING', `leg ${legId} is already collecting digits`, 409);
    const c = new DigitCollector(this.ctx.clock, opts);
    leg.collector = c;
    return c.result;
  }

  cancelCollect(legId: string): void {
    this.ctx.leg(legId).collector?.finish('cancelled');
  }

  /** Feeds a detected digit to the leg's collector (the engine calls this on every dtmf). */
  onDigit(legId: string, digit: string): void {
    this.ctx.legs.get(legId)?.collector?.push(digit);
  }

  /**
   * DTMF masking on what this leg sends: the others in its bridge and every recording hear no
   * tone and get no telephone-event packet; the engine still reports the digits.
   */
  setDtmfMasking(legId: string, on: boolean): void {
    const leg = this.ctx.liveLeg(legId);
    leg.dtmfMasked = on;
    if (leg.media) this.ctx.media.mask(leg.media, on);
  }

  /**
   * Mute: what this leg's party says reaches no one: the others in its bridge or conference
   * hear silence (the packets keep flowing, so their stream stays continuous), every recording
   * hears silence on its side (it records what the others heard), and its telephone events are
   * not passed on. Its digits are still reported. Allowed on any live leg; kept if its media
   * is re-created. Repeating the current state is a no-op.
   */
  setMuted(legId: string, on: boolean): void {
    const leg = this.ctx.liveLeg(legId);
    if (leg.muted === on) return;
    leg.muted = on;
    if (leg.media) leg.media.setMuted(on);
    this.ctx.events.emit('muteChanged', { legId, muted: on });
  }

  /**
   * Sends digits to this leg's far end: RFC 4733 telephone events when it negotiated
   * telephone-event, in-band tone pairs otherwise. Needs an answered (not held) leg with a
   * far end (not a player leg). Requests queue behind each other (up to MAX_DTMF_QUEUED
   * digits). Bad input or state throws at once; the promise settles when these digits have
   * gone out and rejects (TEL_INVALID_STATE) if the leg ends first.
   */
  sendDtmf(legId: string, digits: string): Promise<void> {
    const text = checkDtmfDigits(digits);
    const leg = this.ctx.liveLeg(legId);
    if (leg.kind === 'player') throw new TelephonyError('TEL_BAD_ARGUMENT', `leg ${legId} is a player leg: no far end to send digits to`);
    if (leg.state !== 'answered') throw new TelephonyError('TEL_INVALID_STATE', `leg ${legId} is ${leg.state}: digits need an answered call`, 409);
    this.mediaOf(leg);
    let out = this.dtmfOut.get(leg);
    if (!out) {
      out = new DtmfOut(this.ctx.media, leg.id, () => leg.media);
      this.dtmfOut.set(leg, out);
    }
    return out.send(text);
  }

  /** Re-applies per-leg media settings after the media leg is (re)created. */
  applyLegSettings(leg: Leg): void {
    if (leg.media && leg.dtmfMasked) this.ctx.media.mask(leg.media, true);
    if (leg.media && leg.muted) leg.media.setMuted(true);
  }

  onLegEnded(leg: Leg): void {
    this.dtmfOut.get(leg)?.close();
    this.dtmfOut.delete(leg);
    leg.collector?.finish('hangup');
    for (const { leg: l, pb } of [...this.playbacks.values()]) if (l === leg) pb.stop();
  }

  async close(): Promise<void> {
    for (const out of this.dtmfOut.values()) out.close();
    this.dtmfOut.clear();
    for (const pb of this.playbacks.values()) pb.pb.stop();
    await Promise.all([...this.recordings.values()].map((r) => r.stop()));
  }

  private recording(id: string): CallRecorder {
    const r = this.recordings.get(id);
    if (!r) throw new TelephonyError('TEL_NOT_RECORDING', `no recording ${id}`, 404);
    return r;
  }

  private mediaOf(leg: Leg): MediaLeg {
    if (!leg.media || leg.media.closed) throw new TelephonyError('TEL_INVALID_STATE', `leg ${leg.id} has no media yet`, 409);
    return leg.media;
  }
}
