import { writeFile } from 'node:fs/promises';
import { StateMachine, TypedEmitter, type Clock, type TransitionTable } from '@switchboard/shared';
import { MediaError } from '../errors';
import type { PcmTap } from '../leg/leg-events';
import type { MediaLeg } from '../leg/media-leg';
import type { FrameTicker, TickListener } from '../util/frame-ticker';
import { PcmRing } from '../util/pcm-ring';
import { WavWriter } from './wav-writer';

/**
 * A call recording: a streaming stereo WAV, customer side on the left
 * channel, agent side (agent, consulted parties, prompts they hear) on the
 * right. Every 20 ms tick writes exactly one frame, so the file's length is
 * the call's wall-clock length and marker offsets are true. Pause writes
 * silence rather than skipping, for the same reason.
 *
 *    recording ◀──resume()── paused
 *        │  └───pause()───▶   │
 *        └──── stop() ───▶ closed ◀── stop()
 */
export type RecorderState = 'recording' | 'paused' | 'closed';

export const RECORDER_TRANSITIONS: TransitionTable<RecorderState> = {
  recording: ['paused', 'closed'],
  paused: ['recording', 'closed'],
  closed: [],
};

export type RecordingSide = 'left' | 'right';

export interface RecordingMarker {
  name: string;
  kind: string;
  /** Offset into the WAV, in ms. */
  offsetMs: number;
  /** Wall-clock time it was set (ms since epoch). */
  at: number;
}

export interface RecorderEvents {
  [event: string]: unknown;
  state: { from: RecorderState; to: RecorderState };
  closed: { path: string; markersPath: string; durationMs: number; markers: RecordingMarker[] };
}

const FRAME = 160;

class SideTap implements PcmTap {
  readonly ring = new PcmRing();
  constructor(readonly side: RecordingSide) {}
  onPcm(_leg: { readonly id: string }, pcm: Int16Array, n: number): void {
    this.ring.write(pcm, 0, n);
  }
}

export interface CallRecorderOptions {
  path: string;
  clock: Clock;
  ticker: FrameTicker;
  left?: readonly MediaLeg[];
  right?: readonly MediaLeg[];
}

export class CallRecorder extends TypedEmitter<RecorderEvents> implements TickListener {
  readonly path: string;
  readonly markersPath: string;
  private readonly sm = new StateMachine<RecorderState>('recorder', RECORDER_TRANSITIONS, 'recording');
  private readonly writer: WavWriter;
  private readonly taps = new Map<MediaLeg, SideTap>();
  private readonly acc = new Int32Array(FRAME * 2);
  private readonly frame = new Int16Array(FRAME * 2);
  private readonly side = new Int32Array(FRAME);
  private readonly markers: RecordingMarker[] = [];
  private readonly clock: Clock;
  private readonly ticker: FrameTicker;

  constructor(opts: CallRecorderOptions) {
    super();
    this.path = opts.path;
    this.markersPath = opts.path.replace(/\.wav$/i, '') + '.markers.json';
    this.clock = opts.clock;
    this.ticker = opts.ticker;
    this.writer = new WavWriter(opts.path, 8000, 2);
    for (const l of opts.left ?? []) this.addLeg(l, 'left');
    for (const l of opts.right ?? []) this.addLeg(l, 'right');
    this.sm.onTransition((from, to) => this.emit('state', { from, to }));
    this.ticker.add(this);
  }

  get state(): RecorderState {
    return this.sm.state;
  }

  /** Length written so far, in ms. */
  get durationMs(): number {
    return this.writer.durationMs;
  }

  /** Starts recording what `leg` receives on one channel (a transfer adds a party). */
  addLeg(leg: MediaLeg, side: RecordingSide): void {
    if (this.sm.state === 'closed') throw new MediaError('MEDIA_RECORDER_CLOSED', `${this.path} is closed`);
    if (this.taps.has(leg)) this.removeLeg(leg);
    const tap = new SideTap(side);
    this.taps.set(leg, tap);
    leg.addTap(tap);
  }

  removeLeg(leg: MediaLeg): void {
    const tap = this.taps.get(leg);
    if (!tap) return;
    leg.removeTap(tap);
    this.taps.delete(leg);
  }

  pause(): void {
    this.sm.transition('paused');
    this.mark('pause', 'pause');
  }

  resume(): void {
    this.sm.transition('recording');
    this.mark('resume', 'resume');
  }

  /** A timestamped marker at the current offset (kept in the JSON beside the WAV). */
  mark(name: string, kind = 'marker'): RecordingMarker {
    if (this.sm.state === 'closed') throw new MediaError('MEDIA_RECORDER_CLOSED', `${this.path} is closed`);
    const m = { name, kind, offsetMs: Math.round(this.writer.durationMs), at: this.clock.now() };
    this.markers.push(m);
    return m;
  }

  getMarkers(): readonly RecordingMarker[] {
    return this.markers;
  }

  onTick(): void {
    if (this.sm.state === 'closed') return;
    const acc = this.acc;
    acc.fill(0);
    for (const tap of this.taps.values()) {
      this.side.fill(0);
      tap.ring.read(this.side, FRAME, true);
      const ch = tap.side === 'left' ? 0 : 1;
      for (let i = 0; i < FRAME; i++) acc[i * 2 + ch] = acc[i * 2 + ch]! + this.side[i]!;
    }
    const frame = this.frame;
    if (this.sm.state === 'paused') frame.fill(0);
    else {
      for (let i = 0; i < FRAME * 2; i++) {
        const v = acc[i]!;
        frame[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
      }
    }
    this.writer.write(frame, FRAME * 2);
  }

  /** Stops, finishes the WAV (header patched) and writes the markers JSON. */
  async stop(): Promise<void> {
    if (this.sm.state === 'closed') return;
    this.mark('stop', 'stop');
    this.sm.transition('closed');
    this.ticker.remove(this);
    for (const leg of [...this.taps.keys()]) this.removeLeg(leg);
    await this.writer.close();
    const durationMs = Math.round(this.writer.durationMs);
    const doc = { wav: this.path, sampleRate: 8000, channels: { left: 'customer', right: 'agent' }, durationMs, markers: this.markers };
    await writeFile(this.markersPath, JSON.stringify(doc, null, 2));
    this.emit('closed', { path: this.path, markersPath: this.markersPath, durationMs, markers: [...this.markers] });
  }
}
