import { randomInt } from 'node:crypto';
import { payloadMapFor, PT_TELEPHONE_EVENT_DEFAULT, type MediaDirection, type RtpLeg } from '@switchboard/media';
import { TelephonyError } from '../errors';
import { buildAudio, parseAudio, type AudioDescription } from './sdp-lite';

const SUPPORTED = [0, 8];

/** What we answer to an offered direction (RFC 3264 6.1), given what we want ourselves. */
function answerDirection(offered: MediaDirection, ours: MediaDirection): MediaDirection {
  const weSend = ours === 'sendrecv' || ours === 'sendonly';
  const weRecv = ours === 'sendrecv' || ours === 'recvonly';
  const theySend = offered === 'sendrecv' || offered === 'sendonly';
  const theyRecv = offered === 'sendrecv' || offered === 'recvonly';
  const send = weSend && theyRecv;
  const recv = weRecv && theySend;
  return send && recv ? 'sendrecv' : send ? 'sendonly' : recv ? 'recvonly' : 'inactive';
}

/**
 * Offer/answer for one RTP leg across its life (initial offer or answer, hold and resume
 * re-INVITEs): keeps the o= line's session id and version, picks G.711 and telephone-event,
 * and points the media leg at the far end.
 */
export class SdpSession {
  private readonly sessionId = randomInt(1, 2 ** 31);
  private version = 0;

  constructor(readonly leg: RtpLeg) {}

  /** Our offer: PCMU, PCMA and telephone-event, in `direction`. */
  offer(direction: MediaDirection = 'sendrecv'): string {
    return this.describe([0, 8], PT_TELEPHONE_EVENT_DEFAULT, direction);
  }

  /** Applies the far end's answer to our offer. */
  applyAnswer(sdp: string): void {
    const d = this.parse(sdp);
    const pt = d.formats.find((f) => SUPPORTED.includes(f));
    if (pt === undefined) throw new TelephonyError('TEL_SIGNALLING', 'answer has no G.711 codec', 488);
    this.point(d, pt);
  }

  /** Answers the far end's offer (initial INVITE or re-INVITE); `ours` caps the direction. */
  answer(sdp: string, ours: MediaDirection = 'sendrecv'): string {
    const d = this.parse(sdp);
    const pt = d.formats.find((f) => SUPPORTED.includes(f) && (d.encodings.get(f) ?? '').toUpperCase() === (f === 0 ? 'PCMU' : 'PCMA'));
    if (pt === undefined) throw new TelephonyError('TEL_SIGNALLING', 'offer has no G.711 codec', 488);
    const te = this.telephoneEvent(d);
    this.point(d, pt);
    const dir = answerDirection(d.direction, ours);
    return this.describe([pt], te, dir);
  }

  private point(d: AudioDescription, pt: number): void {
    const te = this.telephoneEvent(d);
    const leg = this.leg;
    leg.setPayload(payloadMapFor(pt === 0 ? 'PCMU' : 'PCMA', te));
    // A held far end (sendonly/inactive from them) still gets our packets only if it receives.
    if (d.port > 0 && d.address !== '0.0.0.0') leg.setRemote(d.address, d.port);
  }

  private telephoneEvent(d: AudioDescription): number {
    for (const f of d.formats) if ((d.encodings.get(f) ?? '').toLowerCase() === 'telephone-event') return f;
    return -1;
  }

  private describe(audioPts: number[], te: number, direction: MediaDirection): string {
    const { address, port } = this.leg.local;
    return buildAudio({ sessionId: this.sessionId, version: this.version++, address, port, audioPts, telephoneEventPt: te, direction, ptime: this.leg.ptimeMs });
  }

  private parse(sdp: string): AudioDescription {
    const d = parseAudio(sdp);
    if (!d) throw new TelephonyError('TEL_SIGNALLING', 'SDP without a usable audio stream', 488);
    return d;
  }
}
