import { TypedEmitter } from '@switchboard/shared';
import type { MediaLeg } from '../leg/media-leg';
import type { FrameTicker, TickListener } from '../util/frame-ticker';
import type { AudioSource } from './audio-source';

export interface PlaybackEvents {
  [event: string]: unknown;
  finished: { legId: string; stopped: boolean; playedMs: number };
}

/**
 * Pumps an AudioSource into a leg, one 20 ms frame per tick of the engine's
 * ticker (Clock-driven: FakeClock in tests, real timers in production).
 * While it plays, media relayed from a bridged peer toward the leg is held
 * back; when it ends the leg's outgoing stream is re-anchored so it continues.
 */
export class Playback extends TypedEmitter<PlaybackEvents> implements TickListener {
  private readonly frame = new Int16Array(160);
  private playing = true;
  private played = 0;
  private readonly mirrors: Array<{ write(pcm: Int16Array, n: number): void }> = [];

  constructor(
    readonly leg: MediaLeg,
    private readonly source: AudioSource,
    private readonly ticker: FrameTicker,
  ) {
    super();
    leg.attachLocalSource();
    ticker.add(this);
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  onTick(): void {
    if (!this.playing) return;
    if (this.leg.closed) return this.finish(true);
    const n = this.source.read(this.frame, 160);
    if (n > 0) {
      if (n < 160) this.frame.fill(0, n); // pad the last frame: a partial one would never be sent
      this.leg.sendPcm(this.frame, 160);
      for (let i = 0; i < this.mirrors.length; i++) this.mirrors[i]!.write(this.frame, 160);
      this.played += n;
    }
    if (n < 160) this.finish(false);
  }

  /** Also hands every frame played to `sink` (a recording of what the leg's party hears). */
  mirror(sink: { write(pcm: Int16Array, n: number): void }): void {
    this.mirrors.push(sink);
  }

  stop(): void {
    if (this.playing) this.finish(true);
  }

  private finish(stopped: boolean): void {
    this.playing = false;
    this.ticker.remove(this);
    this.leg.detachLocalSource();
    this.emit('finished', { legId: this.leg.id, stopped, playedMs: this.played / 8 });
  }
}
