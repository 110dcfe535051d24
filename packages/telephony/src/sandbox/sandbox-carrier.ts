import { silentLogger, systemClock, type Clock, type Logger, type TimerHandle } from '@switchboard/shared';
import { PcmSource, ToneSource, readPromptWav, type AudioSource, type MediaEngine, type PcmTap, type Playback, type RtpLeg } from '@switchboard/media';
import { SdpSession } from '../media/sdp-session';
import type { CallSignal, IncomingCallInfo, SignallingPort } from '../signalling/call-signal';
import { sandboxBehaviour, type SandboxBehaviour } from './number-plan';

export interface SandboxCarrierOptions {
  /** Its own SIP endpoint (on its own port), built on the same stack as the engine. */
  signalling: SignallingPort;
  /** Its own media engine (its own port range). */
  media: MediaEngine;
  clock?: Clock;
  logger?: Logger;
  /** What 1001 plays (8 kHz mono WAV); a 440 Hz tone when absent. */
  wavPath?: string;
  /** Length of the answering machine's greeting (default 4 s). */
  greetingMs?: number;
}

/** Sends back what it hears: number 1002. */
class EchoTap implements PcmTap {
  constructor(private readonly leg: RtpLeg) {}
  onPcm(_l: { readonly id: string }, pcm: Int16Array, n: number): void {
    this.leg.sendPcm(pcm, n);
  }
}

/**
 * A pretend telephone network for demos and tests: a separate SIP endpoint whose numbers are
 * busy, invalid, never answer, answer (now or after N seconds) and play audio, or behave like
 * an answering machine (greeting, then a beep). The number plan is in number-plan.ts and the
 * README. Every log line says "sandbox".
 */
export class SandboxCarrier {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly calls = new Set<{ close: () => void }>();
  /** Calls seen, by dialled number (tests and demos read it). */
  readonly seen: Array<{ to: string; behaviour: SandboxBehaviour['kind'] }> = [];

  constructor(private readonly o: SandboxCarrierOptions) {
    this.clock = o.clock ?? systemClock;
    this.log = (o.logger ?? silentLogger).child({ component: 'sandbox' });
    o.signalling.onIncoming((signal, info) => this.incoming(signal, info));
  }

  private incoming(signal: CallSignal, info: IncomingCallInfo): void {
    const b = sandboxBehaviour(info.to);
    this.seen.push({ to: info.to, behaviour: b.kind });
    this.log.info({ to: info.to, behaviour: b.kind }, 'sandbox: call');
    switch (b.kind) {
      case 'busy':
        return signal.reject(486);
      case 'invalid':
        return signal.reject(404);
      case 'no_answer':
        signal.ring();
        return; // until the caller gives up (CANCEL)
      case 'answer':
      case 'machine':
        return this.answerLater(signal, b);
    }
  }

  private answerLater(signal: CallSignal, b: Extract<SandboxBehaviour, { kind: 'answer' | 'machine' }>): void {
    let timer: TimerHandle | undefined;
    let media: RtpLeg | undefined;
    let sdp: SdpSession | undefined;
    let playing: Playback | undefined;
    let closed = false;
    const call = {
      close: () => {
        if (closed) return;
        closed = true;
        this.clock.clearTimeout(timer);
        playing?.stop();
        void media?.close();
        this.calls.delete(call);
      },
    };
    this.calls.add(call);
    signal.on('cancelled', () => call.close());
    signal.on('bye', () => call.close());
    signal.on('reoffer', (e) => {
      let reply = '';
      try {
        if (sdp) reply = e.sdp === undefined ? sdp.offer() : sdp.answer(e.sdp);
      } catch {
        reply = ''; // 488
      }
      void e
        .respond(reply)
        .then((ack) => ack && sdp?.applyAnswer(ack))
        .catch(() => undefined);
    });
    signal.ring();
    const go = async (): Promise<void> => {
      try {
        media = await this.o.media.createLeg();
      } catch {
        signal.reject(503, { retryAfterSec: 5 }); // no free RTP port
        return call.close();
      }
      if (closed) return void media.close();
      let answer: string;
      const offer = signal.remoteSdp;
      try {
        sdp = new SdpSession(media);
        // A delayed offer (no SDP in the INVITE): we offer in the 200, the answer is in the ACK.
        answer = offer === undefined ? sdp.offer() : sdp.answer(offer);
      } catch {
        signal.reject(488);
        return call.close();
      }
      const ack = await signal.answer(answer).catch(() => call.close());
      if (closed) return;
      if (offer === undefined) {
        try {
          sdp.applyAnswer(ack ?? '');
        } catch {
          void signal.hangup().catch(() => undefined);
          return call.close();
        }
      }
      const leg = media;
      if (b.kind === 'machine') {
        playing = this.o.media.playSource(leg, greeting(this.o.greetingMs ?? 4000));
        playing.on('finished', (e) => {
          if (!e.stopped && !closed) playing = this.o.media.playSource(leg, new ToneSource({ freqs: [1400], durationMs: 500 }));
        });
      } else if (b.audio === 'echo') {
        leg.addTap(new EchoTap(leg));
      } else {
        playing = this.o.media.playSource(leg, await this.source(b.audio));
      }
    };
    timer = this.clock.setTimeout(() => void go().catch((err) => this.log.warn({ err }, 'sandbox: answer failed')), b.afterMs);
  }

  private async source(kind: 'tone' | 'wav'): Promise<AudioSource> {
    if (kind === 'wav' && this.o.wavPath) return new PcmSource(await readPromptWav(this.o.wavPath), Infinity);
    return new ToneSource({ freqs: [kind === 'tone' ? 1000 : 440] });
  }

  async close(): Promise<void> {
    for (const c of [...this.calls]) c.close();
    await this.o.signalling.close();
    await this.o.media.close();
  }
}

/** A voice-like greeting: syllables of changing pitch with short gaps, ending in silence. */
function greeting(ms: number): AudioSource {
  const syllables = [300, 420, 360, 480, 330, 390, 450, 350];
  const out = new Int16Array(Math.round(ms * 8));
  let pos = 0;
  let i = 0;
  while (pos < out.length - 1600) {
    const f = syllables[i++ % syllables.length]!;
    const len = 1600 + (i % 3) * 400; // 200-300 ms
    const tone = new ToneSource({ freqs: [f, f * 2], amplitude: 4000, durationMs: len / 8 });
    tone.read(out.subarray(pos, Math.min(out.length, pos + len)), Math.min(len, out.length - pos));
    pos += len + 480; // 60 ms gap between syllables
  }
  return new PcmSource(out, 1);
}
