import { dtmfPair, scheduleDtmfPair, type ToneAudio } from './dtmf-pair';

/** The parts of WebAudio the feedback uses (a real AudioContext in the adapter). */
export interface FeedbackAudio extends ToneAudio {
  readonly currentTime: number;
  readonly destination: AudioNode;
  readonly state: string;
  resume(): Promise<void>;
}

const TONE_S = 0.12;
/** Quiet: a confirmation in the agent's ear, not a tone in the call (the engine sends those). */
const LEVEL = 0.06;

/**
 * The tone pair of a pressed key, played locally and briefly, so an agent sending digits to an
 * IVR hears each press as on a desk phone. What the far end gets is sent by the engine
 * (RFC 4733 or in-band); this never enters the call.
 */
export class KeypadFeedback {
  private ctx: FeedbackAudio | undefined;

  constructor(private readonly makeContext: () => FeedbackAudio | undefined = defaultContext) {}

  /** Plays `key`'s pair; false if it is not a keypad key or there is no audio. */
  press(key: string): boolean {
    if (!dtmfPair(key)) return false;
    this.ctx ??= this.makeContext();
    const ctx = this.ctx;
    if (!ctx) return false;
    // A click is a user gesture: a context created suspended may start now.
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    scheduleDtmfPair(ctx, ctx.destination, key, ctx.currentTime + 0.01, TONE_S, LEVEL);
    return true;
  }
}

function defaultContext(): FeedbackAudio | undefined {
  const AC = (globalThis as { AudioContext?: new () => AudioContext }).AudioContext;
  try {
    return AC ? new AC() : undefined;
  } catch {
    return undefined; // no audio device: presses still send their digits
  }
}
