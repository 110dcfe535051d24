import { SipError } from '../errors';
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
}

function ipType(address: string): string {
  return address.includes(':') ? 'IP6' : 'IP4';
}

function audioSection(local: LocalAudio, codecs: G711[], te: number | undefined, direction: Direction, ptime: number | undefined): SdpMedia {
  const formats = codecs.map((c) => String(PT[c]));
  const attributes: SdpAttribute[] = codecs.map((c) => ({ name: 'rtpmap', value: `${PT[c]} ${c}/8000` }));
  if (te !== undefined) {
    formats.push(String(te));
    attributes.push({ name: 'rtpmap', value: `${te} telephone-event/8000` }, { name: 'fmtp', value: `${te} 0-16` });
  }
  if (ptime) attributes.push({ name: 'ptime', value: String(ptime) });
  attributes.push({ name: direction, value: undefined });
  return { type: 'audio', port: local.port, portCount: undefined, protocol: 'RTP/AVP', formats, connection: undefined, lines: [], attributes };
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
  return session(local, [audioSection(local, local.codecs ?? ['PCMU', 'PCMA'], te, local.direction ?? 'sendrecv', local.ptime)]);
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
  return m.type === 'audio' && m.port !== 0 && m.protocol.toUpperCase() === 'RTP/AVP';
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
      if (codec && address) {
        const te = local.telephoneEvent === false ? undefined : telephoneEventOf(m);
        const dir = answerDirection(directionOf(m, offer), local.direction);
        const ptime = ptimeOf(m) ?? local.ptime;
        const name = codec.encoding.toUpperCase() as G711;
        chosen = { codec: name, payloadType: codec.payloadType, telephoneEvent: te, remoteAddress: address, remotePort: m.port, direction: dir, ptime };
        const sec = audioSection(local, [name], te, dir, ptime);
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

/** Reads the answer to an offer we made. Throws SipError (488) when it accepts no audio. */
export function readAudioAnswer(answer: SessionDescription): NegotiatedAudio {
  const m = answer.media.find(isAudioRtp);
  if (!m) throw new SipError('SIP_SDP', 'the answer accepts no audio stream', 488);
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
