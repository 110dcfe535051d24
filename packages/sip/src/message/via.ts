import { parseHostPort, formatParams } from '../uri';
import { parseHeaderParams } from './headers';

/** The branch magic cookie of RFC 3261 8.1.1.7: its presence means 17.1.3/17.2.3 matching applies. */
export const MAGIC_COOKIE = 'z9hG4bK';

/** One Via entry (RFC 3261 20.42): `SIP/2.0/UDP host:port;branch=z9hG4bK...;rport;received=...`. */
export interface Via {
  protocol: string;
  version: string;
  /** Upper-case transport token: UDP, TCP, TLS, WS, WSS, SCTP. */
  transport: string;
  host: string;
  port: number | undefined;
  params: Map<string, string | null>;
}

export function parseVia(value: string): Via | undefined {
  const s = value.trim();
  // sent-protocol: name / version / transport, with optional LWS around the slashes.
  let i = 0;
  const parts: string[] = [];
  for (let n = 0; n < 3; n++) {
    while (s[i] === ' ' || s[i] === '\t') i++;
    let j = i;
    while (j < s.length && s[j] !== '/' && s[j] !== ' ' && s[j] !== '\t') j++;
    if (j === i) return undefined;
    parts.push(s.slice(i, j));
    i = j;
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (n < 2) {
      if (s[i] !== '/') return undefined;
      i++;
    }
  }
  const [protocol, version, transport] = parts as [string, string, string];
  const semi = s.indexOf(';', i);
  const sentBy = (semi < 0 ? s.slice(i) : s.slice(i, semi)).trim();
  // Allow "host : port" with LWS around the colon (RFC 4475 3.1.1.1).
  const hp = parseHostPort(sentBy.includes(' ') || sentBy.includes('\t') ? sentBy.replace(/[ \t]+/g, '') : sentBy);
  if (!hp) return undefined;
  const params = new Map<string, string | null>();
  if (semi >= 0 && !parseHeaderParams(s.slice(semi), params)) return undefined;
  return { protocol: protocol.toUpperCase(), version, transport: transport.toUpperCase(), host: hp.host, port: hp.port, params };
}

export function serializeVia(v: Via): string {
  const port = v.port !== undefined ? `:${v.port}` : '';
  return `${v.protocol}/${v.version}/${v.transport} ${v.host}${port}${formatParams(v.params)}`;
}

/** The branch parameter, if any. */
export function branchOf(v: Via): string | undefined {
  return v.params.get('branch') ?? undefined;
}

/** "host:port" as used in transaction matching (17.2.3); the default port depends on transport. */
export function sentByKey(v: Via): string {
  const def = v.transport === 'TLS' || v.transport === 'WSS' ? 5061 : 5060;
  return `${v.host.toLowerCase()}:${v.port ?? def}`;
}

/** A new branch id carrying the magic cookie. */
export function newBranch(random: string): string {
  return MAGIC_COOKIE + random;
}
