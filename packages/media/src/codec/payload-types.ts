import type { G711Codec } from './g711';

/** Static RTP payload types (RFC 3551) and the usual dynamic one for RFC 4733. */
export const PT_PCMU = 0;
export const PT_PCMA = 8;
export const PT_TELEPHONE_EVENT_DEFAULT = 101;

/**
 * What one leg negotiated in SDP: which payload type carries audio and in
 * which law, and which one (if any) carries telephone events.
 */
export interface PayloadMap {
  audioPt: number;
  codec: G711Codec;
  /** -1 when the peer did not offer telephone-event. */
  telephoneEventPt: number;
}

export function payloadMapFor(codec: G711Codec, telephoneEventPt = PT_TELEPHONE_EVENT_DEFAULT): PayloadMap {
  return { audioPt: codec === 'PCMU' ? PT_PCMU : PT_PCMA, codec, telephoneEventPt };
}

/** Samples per millisecond at G.711's 8 kHz clock. */
export const SAMPLES_PER_MS = 8;
export const SAMPLE_RATE = 8000;
