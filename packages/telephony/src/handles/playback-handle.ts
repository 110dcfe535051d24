/** How a playback ended: it ran out (`stopped: false`) or was stopped; how much was heard. */
export interface PlaybackEnd {
  stopped: boolean;
  playedMs: number;
}

/**
 * One sound playing to one leg. `finished` settles once, when it ends for any reason
 * (run out, stopped, the leg hung up); nobody filters an engine-wide event for it.
 */
export class PlaybackHandle {
  readonly finished: Promise<PlaybackEnd>;
  private settle!: (end: PlaybackEnd) => void;
  private done = false;

  constructor(
    readonly id: string,
    readonly legId: string,
    private readonly stopFn: (id: string) => void,
  ) {
    this.finished = new Promise((resolve) => (this.settle = resolve));
  }

  get ended(): boolean {
    return this.done;
  }

  /** Stops it now (a no-op once it ended); `finished` then says `stopped: true`. */
  stop(): void {
    if (!this.done) this.stopFn(this.id);
  }

  /** The engine's report that it ended. */
  end(e: PlaybackEnd): void {
    if (this.done) return;
    this.done = true;
    this.settle(e);
  }
}
