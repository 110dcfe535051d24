import { MediaError } from '../errors';
import type { PcmTap } from '../leg/leg-events';
import type { MediaLeg } from '../leg/media-leg';
import type { FrameTicker, TickListener } from '../util/frame-ticker';
import { FrameRing } from '../util/frame-ring';
import { MAX_PARTIES, Mixer } from './mixer';

class PartyTap implements PcmTap {
  readonly ring = new FrameRing();
  onPcm(_leg: { readonly id: string }, pcm: Int16Array, n: number): void {
    this.ring.write(pcm, n);
  }
}

/**
 * A conference of up to six legs: every 20 ms each leg's received audio
 * (decoded, whatever its law) goes into a Mixer and each leg is sent the sum
 * of the others (or, for a leg given an audience, only those listed hear it:
 * a supervisor's listen and whisper). Legs must not be point-to-point bridged
 * while in it.
 */
export class Conference implements TickListener {
  private readonly parties: MediaLeg[] = [];
  private readonly taps: PartyTap[] = [];
  private mixer: Mixer | undefined;
  /** Legs heard by only some others (see setAudience); the rest are heard by everyone. */
  private readonly audiences = new Map<MediaLeg, readonly MediaLeg[]>();
  private closed = false;

  constructor(
    private readonly ticker: FrameTicker,
    legs: readonly MediaLeg[] = [],
  ) {
    for (const l of legs) this.add(l);
  }

  get legs(): readonly MediaLeg[] {
    return this.parties;
  }

  add(leg: MediaLeg): void {
    if (this.closed) throw new MediaError('MEDIA_BAD_ARGUMENT', 'conference is closed');
    if (this.parties.includes(leg)) return;
    if (this.parties.length >= MAX_PARTIES) throw new MediaError('MEDIA_TOO_MANY_PARTIES', `a conference holds at most ${MAX_PARTIES} legs`);
    if (leg.peer) throw new MediaError('MEDIA_ALREADY_BRIDGED', `leg ${leg.id} is bridged to ${leg.peer.id}: unbridge it first`);
    const tap = new PartyTap();
    leg.addTap(tap);
    leg.attachLocalSource();
    this.parties.push(leg);
    this.taps.push(tap);
    this.mixer = this.newMixer();
    if (this.parties.length === 1) this.ticker.add(this);
  }

  /**
   * Who hears `leg`: `null` every other party (the default); else only the listed legs (an
   * empty list: nobody). Legs listed that are not (or not yet) in the conference hear nothing;
   * the audience holds across later adds and removes until set again.
   */
  setAudience(leg: MediaLeg, heardBy: readonly MediaLeg[] | null): void {
    if (heardBy === null) this.audiences.delete(leg);
    else this.audiences.set(leg, [...heardBy]);
    if (this.mixer) this.applyAudiences(this.mixer);
  }

  remove(leg: MediaLeg): void {
    const i = this.parties.indexOf(leg);
    if (i < 0) return;
    leg.removeTap(this.taps[i]!);
    leg.detachLocalSource();
    this.parties.splice(i, 1);
    this.taps.splice(i, 1);
    this.mixer = this.parties.length > 0 ? this.newMixer() : undefined;
    if (this.parties.length === 0) this.ticker.remove(this);
  }

  onTick(): void {
    const mixer = this.mixer;
    if (!mixer) return;
    for (let i = 0; i < this.parties.length; i++) {
      const leg = this.parties[i]!;
      if (leg.closed) {
        this.remove(leg);
        return;
      }
      this.taps[i]!.ring.read(mixer.inputs[i]!, 0, 1, 160);
    }
    mixer.mix();
    for (let i = 0; i < this.parties.length; i++) {
      const leg = this.parties[i]!;
      // A prompt playing to this party (a second local source) takes precedence.
      if (leg.localSources <= 1) leg.sendPcm(mixer.outputs[i]!, 160);
    }
  }

  private newMixer(): Mixer {
    const m = new Mixer(this.parties.length);
    this.applyAudiences(m);
    return m;
  }

  private applyAudiences(m: Mixer): void {
    this.parties.forEach((leg, i) => {
      const heardBy = this.audiences.get(leg);
      m.setAudience(i, heardBy ? heardBy.map((l) => this.parties.indexOf(l)).filter((j) => j >= 0) : null);
    });
  }

  close(): void {
    for (const leg of [...this.parties]) this.remove(leg);
    this.audiences.clear();
    this.closed = true;
  }
}
