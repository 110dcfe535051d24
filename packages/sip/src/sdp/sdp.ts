import { SipError } from '../errors';

/**
 * SDP (RFC 4566): parse and serialize. Attributes we do not interpret (ICE, DTLS fingerprints,
 * extmap, ssrc ... from WebRTC offers) are kept verbatim and in order, so a description round-trips.
 */
export interface SdpOrigin {
  username: string;
  sessionId: string;
  sessionVersion: string;
  netType: string;
  addrType: string;
  address: string;
}

export interface SdpConnection {
  netType: string;
  addrType: string;
  address: string;
}

export interface SdpAttribute {
  name: string;
  /** undefined for a property attribute such as a=sendonly. */
  value: string | undefined;
}

export interface SdpMedia {
  type: string;
  port: number;
  portCount: number | undefined;
  protocol: string;
  formats: string[];
  connection: SdpConnection | undefined;
  /** i=, b=, k= lines, raw ("b=AS:64"), in order. */
  lines: string[];
  attributes: SdpAttribute[];
}

export interface SessionDescription {
  version: number;
  origin: SdpOrigin;
  sessionName: string;
  connection: SdpConnection | undefined;
  /** i=, u=, e=, p=, b=, t=, r=, z=, k= lines, raw, in order. */
  lines: string[];
  attributes: SdpAttribute[];
  media: SdpMedia[];
}

export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
const DIRECTIONS: ReadonlySet<string> = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

function bad(msg: string): never {
  throw new SipError('SIP_SDP', `invalid SDP: ${msg}`, 488);
}

function parseConnection(v: string): SdpConnection {
  const p = v.split(' ');
  if (p.length !== 3 || !p[2]) bad(`c=${v}`);
  return { netType: p[0]!, addrType: p[1]!, address: p[2]! };
}

function parseAttribute(v: string): SdpAttribute {
  const colon = v.indexOf(':');
  return colon < 0 ? { name: v, value: undefined } : { name: v.slice(0, colon), value: v.slice(colon + 1) };
}

/** Parses SDP text; throws SipError SIP_SDP (status 488) when it is not valid SDP. */
export function parseSdp(text: string): SessionDescription {
  if (text.length > 65535) bad('too large');
  const lines = text.split(/\r?\n/);
  const session: Partial<SessionDescription> & { lines: string[]; attributes: SdpAttribute[]; media: SdpMedia[] } = { lines: [], attributes: [], media: [] };
  let media: SdpMedia | undefined;
  let n = 0;
  for (const raw of lines) {
    if (raw.length === 0) continue;
    if (raw.length < 2 || raw[1] !== '=') bad(`line ${n + 1}`);
    const type = raw[0]!;
    const v = raw.slice(2);
    if (n === 0 && type !== 'v') bad('must start with v=');
    n++;
    switch (type) {
      case 'v':
        if (v !== '0') bad('version');
        session.version = 0;
        break;
      case 'o': {
        const p = v.split(' ');
        if (p.length !== 6) bad('o=');
        session.origin = { username: p[0]!, sessionId: p[1]!, sessionVersion: p[2]!, netType: p[3]!, addrType: p[4]!, address: p[5]! };
        break;
      }
      case 's':
        session.sessionName = v;
        break;
      case 'c':
        if (media) media.connection = parseConnection(v);
        else session.connection = parseConnection(v);
        break;
      case 'm': {
        const p = v.split(' ');
        if (p.length < 3) bad('m=');
        const [portText, portCount] = p[1]!.split('/');
        const port = Number(portText);
        if (!/^\d{1,5}$/.test(portText ?? '') || port > 65535) bad('m= port');
        media = {
          type: p[0]!,
          port,
          portCount: portCount ? Number(portCount) : undefined,
          protocol: p[2]!,
          formats: p.slice(3).filter(Boolean),
          connection: undefined,
          lines: [],
          attributes: [],
        };
        session.media.push(media);
        break;
      }
      case 'a':
        (media ?? session).attributes.push(parseAttribute(v));
        break;
      default:
        if (!/^[a-z]$/.test(type)) bad(`line type ${type}`);
        (media ?? session).lines.push(raw);
    }
  }
  if (session.version === undefined || !session.origin || session.sessionName === undefined) bad('missing v=, o= or s=');
  return session as SessionDescription;
}

function attr(a: SdpAttribute): string {
  return a.value === undefined ? `a=${a.name}\r\n` : `a=${a.name}:${a.value}\r\n`;
}

export function serializeSdp(s: SessionDescription): string {
  const o = s.origin;
  let out = `v=0\r\no=${o.username} ${o.sessionId} ${o.sessionVersion} ${o.netType} ${o.addrType} ${o.address}\r\ns=${s.sessionName || '-'}\r\n`;
  // RFC 4566 5 order: i u e p, then c, b, t r z, k, a. Raw lines keep their own order.
  const before = s.lines.filter((l) => 'iuep'.includes(l[0]!));
  const after = s.lines.filter((l) => !'iuep'.includes(l[0]!));
  for (const l of before) out += `${l}\r\n`;
  if (s.connection) out += `c=${s.connection.netType} ${s.connection.addrType} ${s.connection.address}\r\n`;
  if (!after.some((l) => l.startsWith('t='))) out += 't=0 0\r\n';
  for (const l of after) out += `${l}\r\n`;
  for (const a of s.attributes) out += attr(a);
  for (const m of s.media) {
    out += `m=${m.type} ${m.port}${m.portCount !== undefined ? `/${m.portCount}` : ''} ${m.protocol} ${m.formats.join(' ')}\r\n`;
    for (const l of m.lines.filter((x) => x[0] === 'i')) out += `${l}\r\n`;
    if (m.connection) out += `c=${m.connection.netType} ${m.connection.addrType} ${m.connection.address}\r\n`;
    for (const l of m.lines.filter((x) => x[0] !== 'i')) out += `${l}\r\n`;
    for (const a of m.attributes) out += attr(a);
  }
  return out;
}

export function getAttribute(m: { attributes: SdpAttribute[] }, name: string): string | undefined {
  return m.attributes.find((a) => a.name === name)?.value;
}

/** The direction of a media section (media-level attribute, else session-level, else sendrecv). */
export function directionOf(m: SdpMedia, s?: SessionDescription): Direction {
  const own = m.attributes.find((a) => DIRECTIONS.has(a.name));
  if (own) return own.name as Direction;
  const sess = s?.attributes.find((a) => DIRECTIONS.has(a.name));
  return (sess?.name as Direction | undefined) ?? 'sendrecv';
}

export function setDirection(m: SdpMedia, d: Direction): void {
  m.attributes = m.attributes.filter((a) => !DIRECTIONS.has(a.name));
  m.attributes.push({ name: d, value: undefined });
}

export interface RtpMap {
  payloadType: number;
  encoding: string;
  clockRate: number;
  channels: number | undefined;
}

const STATIC: Readonly<Record<number, RtpMap>> = {
  0: { payloadType: 0, encoding: 'PCMU', clockRate: 8000, channels: 1 },
  8: { payloadType: 8, encoding: 'PCMA', clockRate: 8000, channels: 1 },
  9: { payloadType: 9, encoding: 'G722', clockRate: 8000, channels: 1 },
  18: { payloadType: 18, encoding: 'G729', clockRate: 8000, channels: 1 },
};

/** Payload types of a media section with their rtpmap (static ones filled in from RFC 3551). */
export function rtpMaps(m: SdpMedia): RtpMap[] {
  const declared = new Map<number, RtpMap>();
  for (const a of m.attributes) {
    if (a.name !== 'rtpmap' || !a.value) continue;
    const sp = a.value.indexOf(' ');
    const pt = Number(a.value.slice(0, sp));
    const [enc, rate, ch] = a.value.slice(sp + 1).split('/');
    if (!Number.isInteger(pt) || !enc) continue;
    declared.set(pt, { payloadType: pt, encoding: enc, clockRate: Number(rate), channels: ch ? Number(ch) : undefined });
  }
  const out: RtpMap[] = [];
  for (const f of m.formats) {
    const pt = Number(f);
    const map = declared.get(pt) ?? STATIC[pt];
    if (map) out.push(map);
  }
  return out;
}

/** The address RTP should go to: media-level c= over session-level. */
export function connectionAddress(m: SdpMedia, s: SessionDescription): string | undefined {
  return (m.connection ?? s.connection)?.address;
}

export function ptimeOf(m: SdpMedia): number | undefined {
  const v = getAttribute(m, 'ptime');
  return v !== undefined && /^\d{1,4}$/.test(v.trim()) ? Number(v) : undefined;
}
