/**
 * INTERIM, clearly separated: the little SDP (RFC 4566 / 3264) a G.711 audio leg needs, until
 * @switchboard/sip exports its SDP module; then SdpSession switches to it and this file goes.
 * One audio stream, IPv4/IPv6 connection lines, rtpmap, ptime and direction only.
 */
import type { MediaDirection } from '@switchboard/media';

export interface AudioDescription {
  address: string;
  port: number;
  /** Payload types in the m= line, in preference order. */
  formats: number[];
  /** Encoding name by payload type (from rtpmap; static 0 and 8 implied). */
  encodings: Map<number, string>;
  direction: MediaDirection;
  ptime: number | undefined;
}

const DIRECTIONS: readonly MediaDirection[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

export function parseAudio(sdp: string): AudioDescription | undefined {
  let sessionAddr = '';
  let sessionDir: MediaDirection = 'sendrecv';
  let cur: AudioDescription | undefined;
  let found: AudioDescription | undefined;
  let inAudio = false;
  for (const raw of sdp.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.length < 2 || line[1] !== '=') continue;
    const k = line[0];
    const v = line.slice(2);
    if (k === 'm') {
      if (found) break;
      const [media, port, , ...fmts] = v.split(/\s+/);
      inAudio = media === 'audio';
      if (inAudio) {
        cur = { address: sessionAddr, port: Number(port), formats: fmts.map(Number).filter((n) => Number.isInteger(n)), encodings: new Map(), direction: sessionDir, ptime: undefined };
        cur.encodings.set(0, 'PCMU');
        cur.encodings.set(8, 'PCMA');
        found = cur;
      }
      continue;
    }
    if (k === 'c') {
      const addr = v.split(/\s+/)[2] ?? '';
      if (cur && inAudio) cur.address = addr;
      else if (!cur) sessionAddr = addr;
      continue;
    }
    if (k !== 'a') continue;
    const colon = v.indexOf(':');
    const name = colon < 0 ? v : v.slice(0, colon);
    const value = colon < 0 ? '' : v.slice(colon + 1);
    if ((DIRECTIONS as readonly string[]).includes(name)) {
      if (cur && inAudio) cur.direction = name as MediaDirection;
      else if (!cur) sessionDir = name as MediaDirection;
    } else if (cur && inAudio && name === 'rtpmap') {
      const m = /^(\d+)\s+([^/\s]+)/.exec(value);
      if (m) cur.encodings.set(Number(m[1]), m[2]!);
    } else if (cur && inAudio && name === 'ptime') {
      cur.ptime = Number(value);
    }
  }
  return found && Number.isInteger(found.port) && found.address ? found : undefined;
}

export interface LocalAudio {
  sessionId: number;
  version: number;
  address: string;
  port: number;
  /** Audio payload types we offer/accept, in order (0 PCMU, 8 PCMA). */
  audioPts: number[];
  /** -1: no telephone-event. */
  telephoneEventPt: number;
  direction: MediaDirection;
  ptime: number;
}

export function buildAudio(l: LocalAudio): string {
  const ip = l.address.includes(':') ? 'IP6' : 'IP4';
  const fmts = l.telephoneEventPt >= 0 ? [...l.audioPts, l.telephoneEventPt] : l.audioPts;
  const lines = [
    'v=0',
    `o=switchboard ${l.sessionId} ${l.version} IN ${ip} ${l.address}`,
    's=switchboard',
    `c=IN ${ip} ${l.address}`,
    't=0 0',
    `m=audio ${l.port} RTP/AVP ${fmts.join(' ')}`,
  ];
  for (const pt of l.audioPts) lines.push(`a=rtpmap:${pt} ${pt === 0 ? 'PCMU' : 'PCMA'}/8000`);
  if (l.telephoneEventPt >= 0) lines.push(`a=rtpmap:${l.telephoneEventPt} telephone-event/8000`, `a=fmtp:${l.telephoneEventPt} 0-16`);
  lines.push(`a=ptime:${l.ptime}`, `a=${l.direction}`);
  return lines.join('\r\n') + '\r\n';
}
