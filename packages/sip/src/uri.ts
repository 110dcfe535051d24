/**
 * SIP and SIPS URIs (RFC 3261 19.1) and tel URIs (RFC 3966, kept simple).
 * A hand-written scanner: no regex backtracking on attacker-controlled input.
 */
export interface SipUri {
  /** Lower-case scheme: 'sip', 'sips' or 'tel'. */
  scheme: string;
  user: string | undefined;
  password: string | undefined;
  /** Host as written; IPv6 references keep their brackets ("[::1]"). Empty for tel. */
  host: string;
  port: number | undefined;
  /** URI parameters, names lower-cased, in order; a flag parameter has the value null. */
  params: Map<string, string | null>;
  headers: Map<string, string>;
}

export type UriParseResult = { ok: true; uri: SipUri } | { ok: false; reason: 'unsupported-scheme' | 'malformed'; detail: string };

export const SUPPORTED_SCHEMES: ReadonlySet<string> = new Set(['sip', 'sips', 'tel']);

function fail(detail: string): UriParseResult {
  return { ok: false, reason: 'malformed', detail };
}

/** Characters that may never appear raw inside a URI (controls, space, quotes, angle brackets). */
function hasForbiddenChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || c === 0x22 || c === 0x3c || c === 0x3e || c > 0x7e) return true;
  }
  return false;
}

/** token characters (RFC 3261 25.1), as a lookup table: this runs for every header name. */
const TOKEN_TABLE = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c++) TOKEN_TABLE[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TOKEN_TABLE[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TOKEN_TABLE[c] = 1;
for (const ch of "-.!%*_+`'~") TOKEN_TABLE[ch.charCodeAt(0)] = 1;

export function isTokenChar(c: number): boolean {
  return c < 128 && TOKEN_TABLE[c] === 1;
}

export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isTokenChar(s.charCodeAt(i))) return false;
  return true;
}

function isHostname(s: string): boolean {
  if (s.length === 0 || s.length > 255) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x2e || c === 0x5f;
    if (!ok) return false;
  }
  return true;
}

function isIpv6Body(s: string): boolean {
  if (s.length < 2 || !s.includes(':')) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66) || c === 0x3a || c === 0x2e;
    if (!ok) return false;
  }
  return true;
}

/** Parses "host[:port]" where host may be an IPv6 reference. Shared with the Via parser. */
export function parseHostPort(s: string): { host: string; port: number | undefined } | undefined {
  let host: string;
  let portText: string | undefined;
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close < 0 || !isIpv6Body(s.slice(1, close))) return undefined;
    host = s.slice(0, close + 1);
    const rest = s.slice(close + 1);
    if (rest.length > 0) {
      if (rest[0] !== ':') return undefined;
      portText = rest.slice(1);
    }
  } else {
    const colon = s.indexOf(':');
    host = colon < 0 ? s : s.slice(0, colon);
    if (colon >= 0) portText = s.slice(colon + 1);
    if (!isHostname(host)) return undefined;
  }
  let port: number | undefined;
  if (portText !== undefined) {
    if (portText.length === 0 || portText.length > 5) return undefined;
    port = 0;
    for (let i = 0; i < portText.length; i++) {
      const d = portText.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) return undefined;
      port = port * 10 + d;
    }
    if (port > 65535) return undefined;
  }
  return { host, port };
}

/** Splits ";a=b;c" into an ordered map (names lower-cased). Returns undefined on a bad name. */
export function parseParams(s: string, into: Map<string, string | null>): boolean {
  if (s.length === 0) return true;
  for (const part of s.split(';')) {
    const p = part.trim();
    if (p.length === 0) continue;
    const eq = p.indexOf('=');
    const name = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase();
    if (!isToken(name)) return false;
    into.set(name, eq < 0 ? null : p.slice(eq + 1).trim());
  }
  return true;
}

export function parseUri(text: string): UriParseResult {
  const colon = text.indexOf(':');
  if (colon <= 0) return fail('no scheme');
  const scheme = text.slice(0, colon).toLowerCase();
  for (let i = 0; i < scheme.length; i++) {
    const c = scheme.charCodeAt(i);
    const ok = (c >= 0x61 && c <= 0x7a) || (i > 0 && ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e));
    if (!ok) return fail('bad scheme');
  }
  if (hasForbiddenChar(text)) return fail('forbidden character in URI');
  if (!SUPPORTED_SCHEMES.has(scheme)) return { ok: false, reason: 'unsupported-scheme', detail: `unsupported URI scheme ${scheme}` };
  const rest = text.slice(colon + 1);
  if (scheme === 'tel') return parseTel(rest);

  const uri: SipUri = { scheme, user: undefined, password: undefined, host: '', port: undefined, params: new Map(), headers: new Map() };
  let hostStart = 0;
  const at = rest.indexOf('@');
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    const pc = userinfo.indexOf(':');
    uri.user = pc < 0 ? userinfo : userinfo.slice(0, pc);
    if (pc >= 0) uri.password = userinfo.slice(pc + 1);
    if (uri.user.length === 0) return fail('empty user');
    hostStart = at + 1;
  }
  // The host ends at the first ';' or '?' (an IPv6 reference contains neither).
  let end = rest.length;
  for (let i = hostStart; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (c === 0x3b || c === 0x3f) {
      end = i;
      break;
    }
  }
  const hp = parseHostPort(rest.slice(hostStart, end));
  if (!hp) return fail('bad host or port');
  uri.host = hp.host;
  uri.port = hp.port;
  let tail = rest.slice(end);
  const q = tail.indexOf('?');
  let headerText = '';
  if (q >= 0) {
    headerText = tail.slice(q + 1);
    tail = tail.slice(0, q);
  }
  if (!parseParams(tail, uri.params)) return fail('bad URI parameter');
  if (headerText.length > 0) {
    for (const h of headerText.split('&')) {
      const eq = h.indexOf('=');
      if (eq <= 0) return fail('bad URI header');
      uri.headers.set(h.slice(0, eq), h.slice(eq + 1));
    }
  }
  return { ok: true, uri };
}

function parseTel(rest: string): UriParseResult {
  const semi = rest.indexOf(';');
  const number = semi < 0 ? rest : rest.slice(0, semi);
  if (number.length === 0) return fail('empty telephone number');
  const uri: SipUri = { scheme: 'tel', user: number, password: undefined, host: '', port: undefined, params: new Map(), headers: new Map() };
  if (semi >= 0 && !parseParams(rest.slice(semi + 1), uri.params)) return fail('bad tel parameter');
  return { ok: true, uri };
}

export function formatParams(params: Map<string, string | null>): string {
  let out = '';
  for (const [k, v] of params) out += v === null ? `;${k}` : `;${k}=${v}`;
  return out;
}

export function serializeUri(uri: SipUri): string {
  if (uri.scheme === 'tel') return `tel:${uri.user ?? ''}${formatParams(uri.params)}`;
  let out = `${uri.scheme}:`;
  if (uri.user !== undefined) out += uri.password !== undefined ? `${uri.user}:${uri.password}@` : `${uri.user}@`;
  out += uri.host;
  if (uri.port !== undefined) out += `:${uri.port}`;
  out += formatParams(uri.params);
  if (uri.headers.size > 0) out += '?' + [...uri.headers].map(([k, v]) => `${k}=${v}`).join('&');
  return out;
}

/** Parses a URI or throws nothing: returns undefined. Convenience for trusted input. */
export function tryParseUri(text: string): SipUri | undefined {
  const r = parseUri(text);
  return r.ok ? r.uri : undefined;
}

/** Builds a sip: URI from parts. */
export function makeUri(host: string, port?: number, user?: string, params?: Record<string, string | null>): SipUri {
  return {
    scheme: 'sip',
    user,
    password: undefined,
    host: uriHost(host),
    port,
    params: new Map(Object.entries(params ?? {})),
    headers: new Map(),
  };
}

/** Adds IPv6 brackets for use in a URI, Via or Contact ("::1" -> "[::1]"). */
export function uriHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** Strips IPv6 brackets for use with sockets. */
export function socketHost(host: string): string {
  return host.startsWith('[') ? host.slice(1, -1) : host;
}
