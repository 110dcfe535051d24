import type { DtmfDigit } from '../dtmf/dtmf-digits';
import type { MediaLegState } from './leg-state';

export interface DtmfEvent {
  legId: string;
  digit: DtmfDigit;
  /** rfc4733: telephone-event packets; inband: Goertzel on the audio. */
  source: 'rfc4733' | 'inband';
  /** SSRC of the event stream (rfc4733 only). */
  ssrc?: number;
  /** 0 on 'dtmf' (the key went down); the length on 'dtmfEnd'. */
  durationMs: number;
  /** Clock time (ms since epoch) when we saw it. */
  at: number;
}

export interface RtcpReportEvent {
  legId: string;
  /** Reports the far end sent us about our stream. */
  fractionLost: number;
  cumulativeLost: number;
  jitter: number;
  senderReport: boolean;
}

export interface MediaLegEvents {
  [event: string]: unknown;
  /** A key press began (reported once per press, whichever kind). */
  dtmf: DtmfEvent;
  /** The key press ended, with its duration. */
  dtmfEnd: DtmfEvent;
  /** The first audio packet arrived. */
  rtpStarted: { legId: string; remoteAddress: string; remotePort: number; ssrc: number };
  /** No packet for `timeoutMs` while receiving was expected. */
  timeout: { legId: string; silentMs: number };
  state: { legId: string; from: MediaLegState; to: MediaLegState };
  rtcp: RtcpReportEvent;
  /** WebRTC only: ICE/DTLS connection state. */
  connection: { legId: string; state: string };
}

/**
 * Receives each decoded 20/30 ms frame a leg hears (recorder channels,
 * conference inputs). Called synchronously; copy what you keep.
 */
export interface PcmTap {
  onPcm(leg: { readonly id: string }, pcm: Int16Array, n: number): void;
}
