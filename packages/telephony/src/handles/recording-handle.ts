/** What the engine's media control does for a recording (by id, inside the engine only). */
export interface RecordingControl {
  pauseRecording(id: string): void;
  resumeRecording(id: string): void;
  markRecording(id: string, name: string): number;
  stopRecording(id: string): Promise<void>;
  addToRecording(id: string, legId: string, side: 'left' | 'right'): void;
  removeFromRecording(id: string, legId: string): void;
}

/** A stereo recording in progress: pause, resume, mark, stop. Stopping twice is harmless. */
export class RecordingHandle {
  private stopped: Promise<void> | undefined;

  constructor(
    readonly id: string,
    readonly path: string,
    private readonly ctl: RecordingControl,
  ) {}

  get active(): boolean {
    return this.stopped === undefined;
  }

  pause(): void {
    if (this.active) this.ctl.pauseRecording(this.id);
  }

  resume(): void {
    if (this.active) this.ctl.resumeRecording(this.id);
  }

  /** A named marker at the current position (ms into the recording); -1 once stopped. */
  mark(name: string): number {
    return this.active ? this.ctl.markRecording(this.id, name) : -1;
  }

  /** A party who joined the call (a consulted or conferenced party, a barging supervisor) is heard on `side` too. */
  add(legId: string, side: 'left' | 'right'): void {
    if (this.active) this.ctl.addToRecording(this.id, legId, side);
  }

  /** That party is no longer recorded (what it says from now on is not in the file). */
  remove(legId: string): void {
    if (this.active) this.ctl.removeFromRecording(this.id, legId);
  }

  /** Finishes the WAV and its markers file. */
  stop(): Promise<void> {
    this.stopped ??= this.ctl.stopRecording(this.id);
    return this.stopped;
  }
}
