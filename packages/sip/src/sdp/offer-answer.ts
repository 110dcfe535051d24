import { SipError } from '../errors';
import { cryptoAttribute, cryptoLines, type SdesCrypto } from './sdes';
import { connectionAddress, directionOf, ptimeOf, rtpMaps, type Direction, type SdpAttribute, type SdpMedia, type SessionDescription } from './sdp';

/**
 * Offer/answer for G.711 audio (RFC 3264) with RFC 4733 telephone-event: one audio stream, PCMU (0)
 * and PCMA (8), a dynamic telephone-event payload type, direction attributes for hold, c= and m=
 * ports, ptime. Other m-lines are declined with port 0 (RFC 3264 6).
 */
export type G711 = 'PCMU' | 'PCMA';
const PT: Readonly<Record<G711, number>> = { PCMU: 0, PCMA: 8 };

export interface LocalAudio {
  address: string;
  port: number;
  /** In order of preference (default PCMU, PCMA). */
  codecs?: G711[];
  /** Payload type for telephone-event (default 101); false to leave it out. */
  telephoneEvent?: number | false;
  ptime?: number;
  direction?: Direction;
  sessionId?: string;
  sessionVersion?: number;
  /**
   * SRTP with SDES keys (RFC 4568): our master key per crypto suite, in order of preference. In an
   * offer: RTP/SAVP with these as a=crypto tags 1..n. In an answer: an RTP/SAVP stream is taken
   * when it offers one of these suites (else declined). An RTP/AVP stream with a=crypto lines
   * ("best-effort" SRTP, as baresip's mediaenc=srtp and FreeSWITCH offer it) is answered RTP/AVP
   * with our key, and is SRTP too; RTP/AVP without them is answered plain.
   */
  crypto?: Array<{ suite: string; keySalt: Buffer }>;
  /**
   * Our offer with `crypto` in RTP/AVP instead of RTP/SAVP ("best-effort" SRTP): a far end that
   * knows SDES answers with a=crypto and the call is SRTP; one that does not ignores the lines and
   * answers plain RTP/AVP, so the call still goes through.
   */
  bestEffort?: boolean;
}

/** The SRTP keys an offer/answer settled on: ours for what we send, theirs for what they send. */
export interface NegotiatedSrtp {
  suite: string;
  localKeySalt: Buffer;
  remoteKeySalt: Buffer;
}

export interface NegotiatedAudio {
  codec: G711;
  payloadType: number;
  telephoneEvent: number | undefined;
  remoteAddress: string;
  remotePort: number;
  /** Our direction, as in our SDP. */
  direction: Direction;
  ptime: number | undefined;
  /** Set when the stream is RTP/SAVP. */
  srtp?: NegotiatedSrtp;
}

function ipType(address: string): string {
  return address.includes(':') ? 'IP6' : 'IP4';
}

function audioSection(
  local: LocalAudio,
  codecs: G711[],
  te: number | undefined,
  direction: Direction,
  ptime: number | undefined,
  crypto?: SdesCrypto[],
  protocol = crypto && crypto.length > 0 ? 'RTP/SAVP' : 'RTP/AVP',
): SdpMedia {
  const formats = codecs.map((c) => String(PT[c]));
  const attributes: SdpAttribute[] = codecs.map((c) => ({ name: 'rtpmap', value: `${PT[c]} ${c}/8000` }));
  if (te !== undefined) {
    formats.push(String(te));
    attributes.push({ name: 'rtpmap', value: `${te} telephone-event/8000` }, { name: 'fmtp', value: `${te} 0-16` });
  }
  if (ptime) attributes.push({ name: 'ptime', value: String(ptime) });
  attributes.push({ name: direction, value: undefined });
  for (const c of crypto ?? []) attributes.push(cryptoAttribute(c));
  return { type: 'audio', port: local.port, portCount: undefined, protocol, formats, connection: undefined, lines: [], attributes };
}

function session(local: LocalAudio, media: SdpMedia[]): SessionDescription {
  return {
    version: 0,
    origin: {
      username: '-',
      sessionId: local.sessionId ?? String(Date.now()),
      sessionVersion: String(local.sessionVersion ?? 1),
      netType: 'IN',
      addrType: ipType(local.address),
      address: local.address,
    },
    sessionName: '-',
    connection: { netType: 'IN', addrType: ipType(local.address), address: local.address },
    lines: ['t=0 0'],
    attributes: [],
    media,
  };
}

export function createAudioOffer(local: LocalAudio): SessionDescription {
  const te = local.telephoneEvent === false ? undefined : (local.telephoneEvent ?? 101);
  const crypto = offeredCrypto(local);
  const protocol = crypto && crypto.length > 0 && !local.bestEffort ? 'RTP/SAVP' : 'RTP/AVP';
  return session(local, [audioSection(local, local.codecs ?? ['PCMU', 'PCMA'], te, local.direction ?? 'sendrecv', local.ptime, crypto, protocol)]);
}

/** Our a=crypto lines in an offer: tags 1..n in `local.crypto`'s order. */
export function offeredCrypto(local: LocalAudio): SdesCrypto[] | undefined {
  return local.crypto?.map((c, i) => ({ tag: i + 1, suite: c.suite, keySalt: c.keySalt }));
}

/** RFC 3264 6.1: the answer's direction given the offer's and what we would like. */
export function answerDirection(offered: Direction, wanted: Direction = 'sendrecv'): Direction {
  const canSend = wanted === 'sendrecv' || wanted === 'sendonly';
  const canRecv = wanted === 'sendrecv' || wanted === 'recvonly';
  switch (offered) {
    case 'sendonly':
      return canRecv ? 'recvonly' : 'inactive';
    case 'recvonly':
      return canSend ? 'sendonly' : 'inactive';
    case 'inactive':
      return 'inactive';
    default:
      return wanted;
  }
}

function isAudioRtp(m: SdpMedia): boolean {
  const p = m.protocol.toUpperCase();
  return m.type === 'audio' && m.port !== 0 && (p === 'RTP/AVP' || p === 'RTP/SAVP');
}

function isSavp(m: SdpMedia): boolean {
  return m.protocol.toUpperCase() === 'RTP/SAVP';
}

/** RFC 4568 7.1.2: the first offered crypto line with a suite we have a key for; ours answers with its tag. */
function pickCrypto(m: SdpMedia, local: LocalAudio): { answer: SdesCrypto; srtp: NegotiatedSrtp } | undefined {
  for (const c of cryptoLines(m)) {
    const ours = local.crypto?.find((l) => l.suite === c.suite);
    if (ours) return { answer: { tag: c.tag, suite: c.suite, keySalt: ours.keySalt }, srtp: { suite: c.suite, localKeySalt: ours.keySalt, remoteKeySalt: c.keySalt } };
  }
  return undefined;
}

function telephoneEventOf(m: SdpMedia): number | undefined {
  return rtpMaps(m).find((r) => r.encoding.toLowerCase() === 'telephone-event' && r.clockRate === 8000)?.payloadType;
}

/**
 * Answers an offer. Picks the first audio stream we can take and the offerer's first G.711 codec we
 * support; declines every other stream. Throws SipError (488) when nothing is acceptable.
 */
export function answerAudioOffer(offer: SessionDescription, local: LocalAudio): { answer: SessionDescription; negotiated: NegotiatedAudio } {
  const ours = local.codecs ?? ['PCMU', 'PCMA'];
  let chosen: NegotiatedAudio | undefined;
  const media: SdpMedia[] = offer.media.map((m) => {
    if (!chosen && isAudioRtp(m)) {
      const codec = rtpMaps(m).find((r) => r.clockRate === 8000 && ours.includes(r.encoding.toUpperCase() as G711));
      const address = connectionAddress(m, offer);
      const sdes = pickCrypto(m, local);
      if (codec && address && (sdes || !isSavp(m))) {
        const te = local.telephoneEvent === false ? undefined : telephoneEventOf(m);
        const dir = answerDirection(directionOf(m, offer), local.direction);
        const ptime = ptimeOf(m) ?? local.ptime;
        const name = codec.encoding.toUpperCase() as G711;
        chosen = {
          codec: name,
          payloadType: codec.payloadType,
          telephoneEvent: te,
          remoteAddress: address,
          remotePort: m.port,
          direction: dir,
          ptime,
          ...(sdes ? { srtp: sdes.srtp } : {}),
        };
        const sec = audioSection(local, [name], te, dir, ptime, sdes ? [sdes.answer] : undefined, isSavp(m) ? 'RTP/SAVP' : 'RTP/AVP');
        sec.formats[0] = String(codec.payloadType);
        sec.attributes[0] = { name: 'rtpmap', value: `${codec.payloadType} ${name}/8000` };
        return sec;
      }
    }
    // Declined stream: same type and protocol, port 0, one format (RFC 3264 6).
    return { type: m.type, port: 0, portCount: undefined, protocol: m.protocol, formats: m.formats.slice(0, 1), connection: undefined, lines: [], attributes: [] };
  });
  if (!chosen) throw new SipError('SIP_SDP', 'no acceptable audio stream in the offer', 488);
  return { answer: session(local, media), negotiated: chosen };
}

/**
 * Reads the answer to an offer we made (`offered`: the a=crypto lines of our offer). Throws
 * SipError (488) when it accepts no audio, or answers SRTP with keys we cannot use. After a
 * best-effort offer (`bestEffort`: the lines in RTP/AVP) an answer without a=crypto is plain RTP.
 */
export function readAudioAnswer(answer: SessionDescription, offered?: SdesCrypto[], bestEffort = false): NegotiatedAudio {
  const m = answer.media.find(isAudioRtp);
  if (!m) throw new SipError('SIP_SDP', 'the answer accepts no audio stream', 488);
  let srtp: NegotiatedSrtp | undefined;
  // A best-effort offer answered without a=crypto: the far end speaks plain RTP.
  const declined = bestEffort && !isSavp(m) && cryptoLines(m).length === 0;
  if (offered && offered.length > 0 && !declined) {
    if (!bestEffort && !isSavp(m)) throw new SipError('SIP_SDP', 'we offered RTP/SAVP and the answer is not', 488);
    const theirs = cryptoLines(m).find((c) => offered.some((o) => o.tag === c.tag && o.suite === c.suite));
    const ours = theirs && offered.find((o) => o.tag === theirs.tag);
    if (!theirs || !ours) throw new SipError('SIP_SDP', 'the answer has no a=crypto matching our offer', 488);
    srtp = { suite: ours.suite, localKeySalt: ours.keySalt, remoteKeySalt: theirs.keySalt };
  } else if (isSavp(m)) throw new SipError('SIP_SDP', 'an RTP/SAVP answer to a plain RTP offer', 488);
  const codec = rtpMaps(m).find((r) => r.encoding.toUpperCase() === 'PCMU' || r.encoding.toUpperCase() === 'PCMA');
  const address = connectionAddress(m, answer);
  if (!codec || !address) throw new SipError('SIP_SDP', 'the answer has no G.711 codec or no address', 488);
  const theirs = directionOf(m, answer);
  // Our direction is the mirror of theirs.
  const mirror: Record<Direction, Direction> = { sendrecv: 'sendrecv', sendonly: 'recvonly', recvonly: 'sendonly', inactive: 'inactive' };
  return {
    codec: codec.encoding.toUpperCase() as G711,
    payloadType: codec.payloadType,
    telephoneEvent: telephoneEventOf(m),
    remoteAddress: address,
    remotePort: m.port,
    direction: mirror[theirs],
    ptime: ptimeOf(m),
    ...(srtp ? { srtp } : {}),
  };
}

/** A copy of a description with the audio direction changed and the version bumped (hold/resume re-offers). */
export function withDirection(s: SessionDescription, d: Direction): SessionDescription {
  const copy: SessionDescription = structuredClone(s);
  copy.origin.sessionVersion = String(Number(copy.origin.sessionVersion) + 1);
  for (const m of copy.media) {
    if (m.type !== 'audio' || m.port === 0) continue;
    m.attributes = m.attributes.filter((a) => !['sendrecv', 'sendonly', 'recvonly', 'inactive'].includes(a.name));
    m.attributes.push({ name: d, value: undefined });
  }
  return copy;
}
