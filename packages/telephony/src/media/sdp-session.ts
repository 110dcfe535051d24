import { randomInt } from 'node:crypto';
import { payloadMapFor, PT_TELEPHONE_EVENT_DEFAULT, type MediaDirection, type RtpLeg } from '@switchboard/media';
import { answerAudioOffer, createAudioOffer, parseSdp, readAudioAnswer, serializeSdp, type NegotiatedAudio } from '@switchboard/sip';
import { TelephonyError } from '../errors';

/**
 * Offer/answer for one RTP leg across its life (initial offer or answer, hold and resume
 * re-INVITEs), on sip's SDP module: keeps the o= line's session id with a rising version,
 * and points the media leg at whatever the far end negotiated.
 */
export class SdpSession {
  private readonly sessionId = String(randomInt(1, 2 ** 31));
  private version = 1;

  constructor(readonly leg: RtpLeg) {}

  /** Our offer: PCMU, PCMA and telephone-event, in `direction`. */
  offer(direction: MediaDirection = 'sendrecv'): string {
    return serializeSdp(createAudioOffer({ ...this.local(), direction, telephoneEvent: PT_TELEPHONE_EVENT_DEFAULT }));
  }

  /** Applies the far end's answer to our offer (200, or 183 with early media). */
  applyAnswer(sdp: string): void {
    this.point(this.guard(() => readAudioAnswer(parseSdp(sdp))));
  }

  /** Answers the far end's offer (initial INVITE or re-INVITE); `wanted` caps our direction. */
  answer(sdp: string, wanted: MediaDirection = 'sendrecv'): string {
    const { answer, negotiated } = this.guard(() => answerAudioOffer(parseSdp(sdp), { ...this.local(), direction: wanted }));
    this.point(negotiated);
    return serializeSdp(answer);
  }

  private local(): { address: string; port: number; ptime: number; sessionId: string; sessionVersion: number } {
    const { address, port } = this.leg.local;
    return { address, port, ptime: this.leg.ptimeMs, sessionId: this.sessionId, sessionVersion: this.version++ };
  }

  private point(n: NegotiatedAudio): void {
    const leg = this.leg;
    leg.setPayload({ ...payloadMapFor(n.codec, n.telephoneEvent ?? -1), audioPt: n.payloadType });
    // A far end on hold may advertise 0.0.0.0 (RFC 2543 style): keep sending nowhere new.
    if (n.remotePort > 0 && n.remoteAddress !== '0.0.0.0') leg.setRemote(n.remoteAddress, n.remotePort);
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw new TelephonyError('TEL_SIGNALLING', `unusable SDP: ${(err as Error).message}`, 488);
    }
  }
}
