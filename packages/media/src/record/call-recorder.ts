import { writeFile } from 'node:fs/promises';
import { StateMachine, TypedEmitter, type Clock, type TransitionTable } from '@switchboard/shared';
import { MediaError } from '../errors';
import type { PcmTap } from '../leg/leg-events';
import type { MediaLeg } from '../leg/media-leg';
import type { FrameTicker, TickListener } from '../util/frame-ticker';
import { FrameRing } from '../util/frame-ring';
import { WavWriter } from './wav-writer';

/**
 * A call recording: a streaming stereo WAV, customer side on the left
 * channel, agent side (agent, consulted parties, prompts they hear) on the
 * right. Every 20 ms tick writes exactly one frame, so the file's length is
 * the call's wall-clock length and marker offsets are true. Pause writes
 * silence rather than skipping, for the same reason, and so do ticks the
 * event loop missed: each tick knows its nominal time (`ticker.tickAt`), and
 * the frames it should have written by then are filled with silence.
 * Pause and resume take effect at their markers' offsets, sample-exact, not
 * at whichever tick runs next: a late tick after `resume()` must not put audio
 * inside the paused stretch, nor one after `pause()` drop audio before it.
 *
 * Cost: hundreds of recordings share one engine, so a recorder joins the
 * ticker as a spread listener (its ticks fall on one of several sub-ticks of
 * the 20 ms period, not all at once), builds its frame straight into the
 * writer's batch, and staggers its first flush.
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

export interface WavMarker {
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
  closed: { path: string; markersPath: string; durationMs: number; markers: WavMarker[] };
}

const FRAME = 160;
/** Frames per default writer batch (32000 bytes of 8 kHz 16-bit stereo: 1 s). */
const BATCH_FRAMES = 50;
let started = 0;

class SideTap implements PcmTap {
  readonly ring = new FrameRing();
  constructor(readonly side: RecordingSide) {}
  onPcm(_leg: { readonly id: string }, pcm: Int16Array, n: number): void {
    this.ring.write(pcm, n);
  }
}

/** A recorder input fed by the application (see `CallRecorder.addInput`). */
export interface RecorderInput {
  write(pcm: Int16Array, n: number): void;
  remove(): void;
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
  /** Taps per channel, for the tick loop (left, right). */
  private readonly sides: [SideTap[], SideTap[]] = [[], []];
  /** Nominal time the file starts at (the first tick's time minus one period). */
  private base = NaN;
  private frames = 0;
  private readonly markers: WavMarker[] = [];
  /** Paused stretches (file offsets in ms, end Infinity while paused) not yet fully written. */
  private readonly silences: Array<{ from: number; to: number }> = [];
  private readonly clock: Clock;
  private readonly ticker: FrameTicker;

  constructor(opts: CallRecorderOptions) {
    super();
    this.path = opts.path;
    this.markersPath = opts.path.replace(/\.wav$/i, '') + '.markers.json';
    this.clock = opts.clock;
    this.ticker = opts.ticker;
    // First flush after 1..50 frames, by start order: batches of recordings started together land apart.
    this.writer = new WavWriter(opts.path, 8000, 2, BATCH_FRAMES * FRAME * 4, (1 + (started++ % BATCH_FRAMES)) * FRAME * 4);
    for (const l of opts.left ?? []) this.addLeg(l, 'left');
    for (const l of opts.right ?? []) this.addLeg(l, 'right');
    this.sm.onTransition((from, to) => this.emit('state', { from, to }));
    this.ticker.add(this, { spread: true });
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
    this.sides[side === 'left' ? 0 : 1].push(tap);
    leg.addTap(tap);
  }

  /** The channel a leg is recorded on, if it is. */
  sideOf(leg: MediaLeg): RecordingSide | undefined {
    return this.taps.get(leg)?.side;
  }

  /**
   * An extra input summed into one channel: audio no leg sends but a party hears (an
   * announcement played to the customer goes on the agent side). `remove()` when it ends.
   */
  addInput(side: RecordingSide): RecorderInput {
    const tap = new SideTap(side);
    const list = this.sides[side === 'left' ? 0 : 1];
    list.push(tap);
    return {
      write: (pcm, n) => tap.ring.write(pcm, n),
      remove: () => {
        const i = list.indexOf(tap);
        if (i >= 0) list.splice(i, 1);
      },
    };
  }

  removeLeg(leg: MediaLeg): void {
    const tap = this.taps.get(leg);
    if (!tap) return;
    leg.removeTap(tap);
    this.taps.delete(leg);
    const list = this.sides[tap.side === 'left' ? 0 : 1];
    list.splice(list.indexOf(tap), 1);
  }

  pause(): void {
    this.sm.transition('paused');
    const m = this.mark('pause', 'pause');
    this.silences.push({ from: m.offsetMs, to: Infinity });
  }

  resume(): void {
    this.sm.transition('recording');
    const m = this.mark('resume', 'resume');
    const open = this.silences[this.silences.length - 1];
    if (open) open.to = m.offsetMs;
  }

  /** A timestamped marker at the current offset (kept in the JSON beside the WAV). */
  mark(name: string, kind = 'marker'): WavMarker {
    if (this.sm.state === 'closed') throw new MediaError('MEDIA_RECORDER_CLOSED', `${this.path} is closed`);
    const m = { name, kind, offsetMs: this.offsetNow(), at: this.clock.now() };
    this.markers.push(m);
    return m;
  }

  getMarkers(): readonly WavMarker[] {
    return this.markers;
  }

  /**
   * Where "now" falls in the file, in ms: the time since the file's start, so
   * a marker set between ticks (or while a stalled loop has ticks to fill) is
   * still at its true offset. Before the first tick: what was written (0).
   */
  private offsetNow(): number {
    if (Number.isNaN(this.base)) return Math.round(this.writer.durationMs);
    return Math.max(0, Math.round(this.clock.monotonic() - this.base));
  }

  onTick(): void {
    if (this.sm.state === 'closed') return;
    const period = this.ticker.periodMs;
    const at = this.ticker.tickAt;
    if (Number.isNaN(this.base)) this.base = at - period;
    const due = Math.round((at - this.base) / period);
    if (due <= this.frames) return; // already written (a repeated tick time)
    // Ticks the loop missed: silence, so the file stays as long as the call.
    while (this.frames < due - 1) this.writeSilence();
    const w = this.writer;
    const off = w.reserve(FRAME * 2);
    const out = w.samples;
    for (let ch = 0; ch < 2; ch++) {
      const taps = this.sides[ch as 0 | 1];
      if (taps.length === 0) for (let i = off + ch, end = off + FRAME * 2; i < end; i += 2) out[i] = 0;
      for (let t = 0; t < taps.length; t++) taps[t]!.ring.read(out, off + ch, 2, FRAME, t > 0);
    }
    this.silencePaused(out, off);
    this.frames++;
  }

  /** Zeroes the part of the frame at `off` (frame number `this.frames`) that falls in a paused stretch. */
  private silencePaused(out: Int16Array, off: number): void {
    const period = this.ticker.periodMs;
    const t0 = this.frames * period;
    const t1 = t0 + period;
    for (let i = 0; i < this.silences.length; i++) {
      const s = this.silences[i]!;
      if (s.from >= t1 || s.to <= t0) continue;
      const a = Math.max(0, Math.round(((s.from - t0) / period) * FRAME));
      const b = Math.min(FRAME, Math.round(((s.to - t0) / period) * FRAME));
      if (b > a) out.fill(0, off + a * 2, off + b * 2);
    }
    // Stretches written to their end are done with.
    while (this.silences.length > 0 && this.silences[0]!.to <= t1) this.silences.shift();
  }

  private writeSilence(): void {
    const off = this.writer.reserve(FRAME * 2);
    this.writer.samples.fill(0, off, off + FRAME * 2);
    this.frames++;
  }

  /** Stops, finishes the WAV (header patched) and writes the markers JSON. */
  async stop(): Promise<void> {
    if (this.sm.state === 'closed') return;
    // A stalled loop's last ticks: fill up to now so the length stays true.
    if (!Number.isNaN(this.base)) {
      const due = Math.floor((this.clock.monotonic() - this.base) / this.ticker.periodMs + 1e-6);
      while (this.frames < due) this.writeSilence();
    }
    // The stop marker is the file's end exactly (not "now", which may fall inside the next frame).
    this.markers.push({ name: 'stop', kind: 'stop', offsetMs: Math.round(this.writer.durationMs), at: this.clock.now() });
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
