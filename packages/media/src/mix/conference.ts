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
 * of the others. Legs must not be point-to-point bridged while in it.
 */
export class Conference implements TickListener {
  private readonly parties: MediaLeg[] = [];
  private readonly taps: PartyTap[] = [];
  private mixer: Mixer | undefined;
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
    this.mixer = new Mixer(this.parties.length);
    if (this.parties.length === 1) this.ticker.add(this);
  }

  remove(leg: MediaLeg): void {
    const i = this.parties.indexOf(leg);
    if (i < 0) return;
    leg.removeTap(this.taps[i]!);
    leg.detachLocalSource();
    this.parties.splice(i, 1);
    this.taps.splice(i, 1);
    this.mixer = this.parties.length > 0 ? new Mixer(this.parties.length) : undefined;
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

  close(): void {
    for (const leg of [...this.parties]) this.remove(leg);
    this.closed = true;
  }
}
