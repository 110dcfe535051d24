import { scheduleDtmfPair } from './dtmf-pair';

const TONE_S = 0.16;
const GAP_S = 0.1;
/** Per-tone amplitude (the pair peaks at 0.6 of full scale: loud enough, no clipping in G.711). */
const LEVEL = 0.3;

/**
 * The caller's outgoing audio: the microphone, plus keypad tones mixed in with
 * WebAudio (in-band DTMF: the engine detects the tones in the audio, as a phone
 * line would carry them). While a tone plays the microphone is muted, so the
 * tone pair is clean. `stream` is what the peer connection sends.
 */
export class DtmfMixer {
  readonly stream: MediaStream;
  private readonly mic: GainNode;
  private readonly out: MediaStreamAudioDestinationNode;
  /** When the next tone may start (AudioContext time): presses queue up. */
  private next = 0;

  constructor(
    private readonly ctx: AudioContext,
    micStream: MediaStream,
  ) {
    this.out = ctx.createMediaStreamDestination();
    this.mic = ctx.createGain();
    ctx.createMediaStreamSource(micStream).connect(this.mic).connect(this.out);
    this.stream = this.out.stream;
  }

  /** Queues the tones for `keys` (0-9 * # A-D; anything else is skipped). Resolves when they have played. */
  press(keys: string): Promise<void> {
    const t0 = Math.max(this.ctx.currentTime + 0.02, this.next);
    let t = t0;
    for (const key of keys) {
      if (!scheduleDtmfPair(this.ctx, this.out, key, t, TONE_S, LEVEL)) continue;
      this.mic.gain.setValueAtTime(0, t);
      t += TONE_S + GAP_S;
    }
    this.mic.gain.setValueAtTime(1, t);
    this.next = t;
    return new Promise((r) => setTimeout(r, Math.max(0, (t - this.ctx.currentTime) * 1000)));
  }
}
