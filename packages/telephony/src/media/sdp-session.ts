import { randomInt } from 'node:crypto';
import { isSrtpSuite, newMasterKey, payloadMapFor, PT_TELEPHONE_EVENT_DEFAULT, type MediaDirection, type RtpLeg, type SrtpSuite } from '@switchboard/media';
import {
  answerAudioOffer,
  createAudioOffer,
  offeredCrypto,
  parseSdp,
  readAudioAnswer,
  serializeSdp,
  type LocalAudio,
  type NegotiatedAudio,
  type SdesCrypto,
} from '@switchboard/sip';
import { TelephonyError } from '../errors';

/** The SRTP suites we answer, in our order of preference (RFC 4568 6.2). */
const SUITES: readonly SrtpSuite[] = ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'];

export interface SdpSessionOptions {
  /**
   * Offer SRTP in our offers: true as RTP/SAVP with SDES keys (the far end must take it),
   * 'best-effort' as RTP/AVP with the keys (SRTP if the far end answers with a=crypto, else plain).
   * Answers follow what the far end offers.
   */
  srtp?: boolean | 'best-effort';
}

/**
 * Offer/answer for one RTP leg across its life (initial offer or answer, hold and resume
 * re-INVITEs), on sip's SDP module: keeps the o= line's session id with a rising version,
 * and points the media leg at whatever the far end negotiated.
 *
 * SRTP (SDES, RFC 4568): an offer in RTP/SAVP with a suite we know is answered with our own key
 * for that suite, and the leg protects and unprotects from then on. Our keys are made once per
 * session and kept across re-INVITEs, so a hold does not re-key our direction.
 */
export class SdpSession {
  private readonly sessionId = String(randomInt(1, 2 ** 31));
  private version = 1;
  private readonly keys = new Map<SrtpSuite, Buffer>();
  /** The a=crypto lines of our last offer (to match the answer's tag), and whether it was best effort. */
  private lastOffer: SdesCrypto[] | undefined;
  private lastBestEffort = false;
  private srtpSuite: SrtpSuite | undefined;

  constructor(
    readonly leg: RtpLeg,
    private readonly opts: SdpSessionOptions = {},
  ) {}

  /**
   * Our offer: PCMU, PCMA and telephone-event, in `direction`. RTP/SAVP when the session asks for
   * SRTP or the leg already runs it (a hold re-offer keeps the media encrypted).
   */
  offer(direction: MediaDirection = 'sendrecv'): string {
    const suites = this.srtpSuite ? [this.srtpSuite] : this.opts.srtp ? SUITES : [];
    // Best effort while nothing is settled; a leg already on SRTP re-offers it as it runs (RTP/AVP
    // with keys if that is how it was agreed, which the far end answered with a=crypto).
    const bestEffort = this.opts.srtp === 'best-effort' && (this.srtpSuite === undefined || this.lastBestEffort);
    const local: LocalAudio = { ...this.local(suites), direction, telephoneEvent: PT_TELEPHONE_EVENT_DEFAULT, ...(bestEffort ? { bestEffort } : {}) };
    this.lastOffer = offeredCrypto(local);
    this.lastBestEffort = bestEffort;
    return serializeSdp(createAudioOffer(local));
  }

  /** Applies the far end's answer to our offer (200, or 183 with early media). */
  applyAnswer(sdp: string): void {
    this.point(this.guard(() => readAudioAnswer(parseSdp(sdp), this.lastOffer, this.lastBestEffort)));
  }

  /** Answers the far end's offer (initial INVITE or re-INVITE); `wanted` caps our direction. */
  answer(sdp: string, wanted: MediaDirection = 'sendrecv'): string {
    const { answer, negotiated } = this.guard(() => answerAudioOffer(parseSdp(sdp), { ...this.local(SUITES), direction: wanted }));
    this.point(negotiated);
    return serializeSdp(answer);
  }

  /** Is the leg's media SRTP now? */
  get secure(): boolean {
    return this.srtpSuite !== undefined;
  }

  private local(suites: readonly SrtpSuite[]): LocalAudio & { ptime: number } {
    const { address, port } = this.leg.local;
    const crypto = suites.map((suite) => ({ suite, keySalt: this.keyFor(suite) }));
    return { address, port, ptime: this.leg.ptimeMs, sessionId: this.sessionId, sessionVersion: this.version++, ...(crypto.length > 0 ? { crypto } : {}) };
  }

  private keyFor(suite: SrtpSuite): Buffer {
    let k = this.keys.get(suite);
    if (!k) {
      k = newMasterKey(suite).keySalt;
      this.keys.set(suite, k);
    }
    return k;
  }

  private point(n: NegotiatedAudio): void {
    const leg = this.leg;
    const s = n.srtp;
    if (s && isSrtpSuite(s.suite)) {
      this.srtpSuite = s.suite;
      leg.setSrtp({ local: { suite: s.suite, keySalt: s.localKeySalt }, remote: { suite: s.suite, keySalt: s.remoteKeySalt } });
    } else {
      this.srtpSuite = undefined;
      leg.setSrtp(undefined);
    }
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
