import { StateMachine, type TransitionTable } from '@switchboard/shared';
import type { RecordingMode } from '../workspace/types';
import { InteractionActionError } from './errors';

export const RECORDING_STATES = ['off', 'recording', 'paused'] as const;
export type RecordingState = (typeof RECORDING_STATES)[number];

/**
 * The call's recording (manual section 9). Pause writes silence in the WAV
 * (media's CallRecorder), so marker offsets are wall time since the start.
 *
 * ```
 *  ┌─────┐ start  ┌───────────┐ pause  ┌────────┐
 *  │ off │ ─────▶ │ recording │ ─────▶ │ paused │
 *  └─────┘        └───────────┘ ◀───── └────────┘
 *                                resume
 * ```
 * There is no way back to off: a stopped recording is a paused one (the
 * manual's "Paused/Stopped"), so one call has one file.
 */
export const RECORDING_TRANSITIONS: TransitionTable<RecordingState> = {
  off: ['recording'],
  recording: ['paused'],
  paused: ['recording'],
};

export type MarkerKind = 'manual' | 'announcement-start' | 'announcement-end' | 'pause' | 'resume';

export interface RecordingMarker {
  kind: MarkerKind;
  /** "Manual", or the announcement's name. */
  label: string;
  /** Milliseconds from the recording's start. */
  offsetMs: number;
  /** Epoch ms. */
  at: number;
  /** Who placed it: an agent id, or "system". */
  by: string;
}

/** The icon (manual 9): orange recording, dark grey paused/stopped, light grey control disabled. */
export type RecordingIcon = 'recording' | 'paused' | 'disabled';
export const RECORDING_ICON_COLOURS: Readonly<Record<RecordingIcon, string>> = {
  recording: 'orange',
  paused: 'dark-grey',
  disabled: 'light-grey',
};

export interface RecordingView {
  mode: RecordingMode;
  state: RecordingState;
  icon: RecordingIcon;
  /** Epoch ms the file began, null if it never did. */
  startedAt: number | null;
  file: string | null;
  markers: RecordingMarker[];
}

export class Recording {
  private readonly machine = new StateMachine<RecordingState>('recording', RECORDING_TRANSITIONS, 'off');
  private readonly markerList: RecordingMarker[] = [];
  startedAt: number | null = null;
  file: string | null = null;

  constructor(readonly mode: RecordingMode) {}

  get state(): RecordingState {
    return this.machine.state;
  }

  /** "always" leaves the agent nothing to toggle; "off" never records. */
  get agentControlled(): boolean {
    return this.mode === 'agent-controlled';
  }

  get icon(): RecordingIcon {
    if (this.mode === 'off') return 'disabled';
    return this.state === 'recording' ? 'recording' : 'paused';
  }

  start(at: number, file: string | null): void {
    if (this.mode === 'off') throw new InteractionActionError("This campaign's calls are not recorded");
    this.machine.transition('recording');
    this.startedAt = at;
    this.file = file;
  }

  pause(at: number, by: string): void {
    this.machine.transition('paused');
    this.push('pause', 'Paused', at, by);
  }

  resume(at: number, by: string): void {
    this.machine.transition('recording');
    this.push('resume', 'Resumed', at, by);
  }

  /** Only while recording (manual 13: "If the call is not being recorded, the option ... is not available"). */
  mark(kind: MarkerKind, label: string, at: number, by: string): RecordingMarker {
    if (this.state !== 'recording') throw new InteractionActionError('Bookmarks can only be added while the call is being recorded');
    return this.push(kind, label, at, by);
  }

  /** Announcement markers are kept whenever a file exists (a paused file still has the timeline). */
  markIfStarted(kind: MarkerKind, label: string, at: number, by: string): RecordingMarker | null {
    return this.startedAt === null ? null : this.push(kind, label, at, by);
  }

  get markers(): readonly RecordingMarker[] {
    return this.markerList;
  }

  view(): RecordingView {
    return {
      mode: this.mode,
      state: this.state,
      icon: this.icon,
      startedAt: this.startedAt,
      file: this.file,
      markers: this.markerList.map((m) => ({ ...m })),
    };
  }

  private push(kind: MarkerKind, label: string, at: number, by: string): RecordingMarker {
    const m: RecordingMarker = { kind, label, offsetMs: Math.max(0, at - (this.startedAt ?? at)), at, by };
    this.markerList.push(m);
    return m;
  }
}
