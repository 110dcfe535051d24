import { TypedEmitter } from '@switchboard/shared';
import { MediaError } from '../errors';
import type { MediaLeg } from '../leg/media-leg';
import type { FrameTicker, TickListener } from '../util/frame-ticker';
import { eventForDigit, frequenciesFor, isDtmfDigit, type DtmfDigit } from './dtmf-digits';
import { writeTelephoneEvent } from './rfc4733';

export interface DtmfSendOptions {
  /** Tone length per digit (default 100 ms). */
  durationMs?: number;
  /** Pause between digits (default 60 ms). */
  gapMs?: number;
  /** Power level in -dBm0 for RFC 4733 (default 10). */
  volume?: number;
  /** Force in-band tones even when the leg negotiated telephone-event. */
  inband?: boolean;
}

export interface DtmfSenderEvents {
  [event: string]: unknown;
  finished: { legId: string; digits: string };
}

/**
 * Sends digits out of a leg, one 20 ms tick at a time: RFC 4733 events when
 * the far end negotiated telephone-event (one timestamp per digit, duration
 * growing, the end packet sent three times), in-band tone pairs otherwise.
 */
export class DtmfSender extends TypedEmitter<DtmfSenderEvents> implements TickListener {
  private readonly digits: DtmfDigit[];
  private readonly durationTicks: number;
  private readonly gapTicks: number;
  private readonly volume: number;
  private readonly inband: boolean;
  private readonly payload = Buffer.alloc(4);
  private readonly pcm = new Int16Array(160);
  private index = 0;
  private tick = 0;
  private eventTs = 0;
  private phase = new Float64Array(2);
  private done = false;

  constructor(
    readonly leg: MediaLeg,
    private readonly ticker: FrameTicker,
    readonly text: string,
    opts: DtmfSendOptions = {},
  ) {
    super();
    const chars = [...text.toUpperCase()];
    const bad = chars.find((c) => !isDtmfDigit(c));
    if (bad !== undefined) throw new MediaError('MEDIA_BAD_ARGUMENT', `not a DTMF digit: ${JSON.stringify(bad)}`);
    this.digits = chars as DtmfDigit[];
    this.durationTicks = Math.max(2, Math.round((opts.durationMs ?? 100) / 20));
    this.gapTicks = Math.max(1, Math.round((opts.gapMs ?? 60) / 20));
    this.volume = opts.volume ?? 10;
    this.inband = opts.inband ?? leg.payload.telephoneEventPt < 0;
    if (this.inband) leg.attachLocalSource();
    ticker.add(this);
  }

  onTick(): void {
    if (this.done) return;
    if (this.leg.closed || this.index >= this.digits.length) return this.finish();
    const digit = this.digits[this.index]!;
    const t = this.tick++;
    // A fresh timestamp per digit, from the clock: later digits (and later senders on the same
    // leg) always get later timestamps, so a receiver never takes a new digit for a repeat.
    if (t === 0) {
      const now = Math.round(this.leg.clock.monotonic() * 8) >>> 0;
      this.eventTs = now === this.eventTs ? (now + 1) >>> 0 : now;
    }
    if (t < this.durationTicks) {
      if (this.inband) this.sendTone(digit);
      else this.sendEvent(digit, (t + 1) * 160, false, t === 0);
    } else if (t < this.durationTicks + 3) {
      if (this.inband) this.sendSilence();
      else this.sendEvent(digit, this.durationTicks * 160, true, false); // end, three times
    } else if (this.inband) this.sendSilence();
    if (t + 1 >= this.durationTicks + Math.max(3, this.gapTicks)) {
      this.index++;
      this.tick = 0;
    }
  }

  stop(): void {
    this.finish();
  }

  private sendEvent(digit: DtmfDigit, duration: number, end: boolean, marker: boolean): void {
    writeTelephoneEvent(this.payload, 0, { event: eventForDigit(digit), end, volume: this.volume, duration });
    this.leg.sendTelephoneEvent(this.payload, this.eventTs, marker);
  }

  private sendTone(digit: DtmfDigit): void {
    const [lo, hi] = frequenciesFor(digit);
    const s0 = (2 * Math.PI * lo) / 8000;
    const s1 = (2 * Math.PI * hi) / 8000;
    for (let i = 0; i < 160; i++) {
      this.pcm[i] = Math.round(6000 * (Math.sin(this.phase[0]!) + Math.sin(this.phase[1]!)));
      this.phase[0] = (this.phase[0]! + s0) % (2 * Math.PI);
      this.phase[1] = (this.phase[1]! + s1) % (2 * Math.PI);
    }
    this.leg.sendPcm(this.pcm, 160);
  }

  private sendSilence(): void {
    this.pcm.fill(0);
    this.leg.sendPcm(this.pcm, 160);
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.ticker.remove(this);
    if (this.inband) this.leg.detachLocalSource();
    this.emit('finished', { legId: this.leg.id, digits: this.text });
  }
}
