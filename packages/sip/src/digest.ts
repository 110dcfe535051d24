import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@switchboard/shared';
import type { AuthThrottle } from './auth-throttle';
import { quote, readQuoted } from './message/headers';

/**
 * HTTP Digest for SIP (RFC 3261 22, RFC 2617, RFC 7616 with SHA-256, RFC 8760): qop=auth, nonces that
 * carry their own timestamp, the address they were issued to and an HMAC over both (so no state is
 * needed to issue them), stale=true when a correct answer used an expired nonce, nonce-count replay
 * protection with qop=auth, and single-use nonces without it (RFC 2617's qop-less answer has no
 * count, so the same header could otherwise be replayed for the nonce's whole lifetime).
 */
export type DigestAlgorithm = 'MD5' | 'SHA-256';

export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque: string | undefined;
  algorithm: DigestAlgorithm;
  qop: string[];
  stale: boolean;
}

/**
 * The stored secret a server checks against: HA1 = H(username ":" realm ":" password) (RFC 2617
 * 3.2.2.2, RFC 7616 3.4.2), hex, per algorithm, as Kamailio's subscriber table keeps it. The
 * password itself is never needed to verify, so it need never be stored.
 */
export type Ha1Lookup = (username: string, algorithm: DigestAlgorithm) => string | undefined;

export interface DigestCredentials {
  username: string;
  password: string;
}

/** Parses `Digest a=b, c="d, e"` into its scheme and unquoted parameters. */
export function parseAuthParams(value: string): { scheme: string; params: Map<string, string> } {
  const s = value.trim();
  const sp = s.search(/\s/);
  const scheme = sp < 0 ? s : s.slice(0, sp);
  const params = new Map<string, string>();
  let i = sp < 0 ? s.length : sp;
  while (i < s.length) {
    while (i < s.length && (s[i] === ',' || s[i] === ' ' || s[i] === '\t')) i++;
    const eq = s.indexOf('=', i);
    if (eq < 0) break;
    const name = s.slice(i, eq).trim().toLowerCase();
    let j = eq + 1;
    while (s[j] === ' ' || s[j] === '\t') j++;
    if (s[j] === '"') {
      const q = readQuoted(s, j);
      if (!q) break;
      params.set(name, q.text);
      i = q.end;
    } else {
      let k = j;
      while (k < s.length && s[k] !== ',') k++;
      params.set(name, s.slice(j, k).trim());
      i = k;
    }
  }
  return { scheme, params };
}

function normaliseAlgorithm(a: string | undefined): DigestAlgorithm | undefined {
  const v = (a ?? 'MD5').toUpperCase();
  return v === 'MD5' || v === 'SHA-256' ? v : undefined;
}

export function parseChallenge(value: string): DigestChallenge | undefined {
  const { scheme, params } = parseAuthParams(value);
  if (scheme.toLowerCase() !== 'digest') return undefined;
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  const algorithm = normaliseAlgorithm(params.get('algorithm'));
  if (realm === undefined || nonce === undefined || !algorithm) return undefined;
  const qop = (params.get('qop') ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  return { realm, nonce, opaque: params.get('opaque'), algorithm, qop, stale: (params.get('stale') ?? '').toLowerCase() === 'true' };
}

function h(alg: DigestAlgorithm, s: string): string {
  return createHash(alg === 'MD5' ? 'md5' : 'sha256')
    .update(s, 'utf8')
    .digest('hex');
}

export interface DigestInput {
  algorithm: DigestAlgorithm;
  username: string;
  realm: string;
  password: string;
  method: string;
  uri: string;
  nonce: string;
  qop?: string;
  nc?: string;
  cnonce?: string;
}

/** HA1 = H(unq(username) ":" unq(realm) ":" passwd) (RFC 7616 3.4.2; RFC 2617 3.2.2.2 for MD5). */
export function digestHa1(algorithm: DigestAlgorithm, username: string, realm: string, password: string): string {
  return h(algorithm, `${username}:${realm}:${password}`);
}

/** An Ha1Lookup over plaintext passwords (a client's own, a trunk's configured secret, tests). */
export function passwordHa1(realm: string, password: (username: string) => string | undefined): Ha1Lookup {
  return (username, algorithm) => {
    const pw = password(username);
    return pw === undefined ? undefined : digestHa1(algorithm, username, realm, pw);
  };
}

/** The request-digest from HA1 (RFC 2617 3.2.2.1, RFC 7616 3.4.1): what a server recomputes. */
export function digestResponseFromHa1(i: Omit<DigestInput, 'password' | 'username' | 'realm'> & { ha1: string }): string {
  const ha2 = h(i.algorithm, `${i.method}:${i.uri}`);
  if (i.qop === 'auth') return h(i.algorithm, `${i.ha1}:${i.nonce}:${i.nc}:${i.cnonce}:auth:${ha2}`);
  return h(i.algorithm, `${i.ha1}:${i.nonce}:${ha2}`);
}

/** The request-digest (RFC 2617 3.2.2.1, RFC 7616 3.4.1). */
export function digestResponse(i: DigestInput): string {
  return digestResponseFromHa1({ ...i, ha1: digestHa1(i.algorithm, i.username, i.realm, i.password) });
}

/** Picks the strongest challenge we support from several WWW-/Proxy-Authenticate values. */
export function pickChallenge(values: readonly string[]): DigestChallenge | undefined {
  const parsed = values.map(parseChallenge).filter((c): c is DigestChallenge => c !== undefined);
  return parsed.find((c) => c.algorithm === 'SHA-256') ?? parsed[0];
}

/** An Authorization / Proxy-Authorization value answering `ch` for this request. */
export function buildAuthorization(ch: DigestChallenge, creds: DigestCredentials, method: string, uri: string, nc = 1, cnonce = randomBytes(8).toString('hex')): string {
  const qop = ch.qop.includes('auth') ? 'auth' : undefined;
  const ncText = nc.toString(16).padStart(8, '0');
  const response = digestResponse({
    algorithm: ch.algorithm,
    username: creds.username,
    realm: ch.realm,
    password: creds.password,
    method,
    uri,
    nonce: ch.nonce,
    qop,
    nc: ncText,
    cnonce,
  });
  let v = `Digest username=${quote(creds.username)}, realm=${quote(ch.realm)}, nonce=${quote(ch.nonce)}, uri=${quote(uri)}, response=${quote(response)}, algorithm=${ch.algorithm}`;
  if (qop) v += `, qop=${qop}, nc=${ncText}, cnonce=${quote(cnonce)}`;
  if (ch.opaque !== undefined) v += `, opaque=${quote(ch.opaque)}`;
  return v;
}

export interface DigestServerOptions {
  realm: string;
  clock: Clock;
  /** How long a nonce stays fresh (default 5 minutes). */
  nonceTtlMs?: number;
  algorithms?: DigestAlgorithm[];
  secret?: Buffer;
  /** Failed answers counted per source address; a blocked address is refused before any check. */
  throttle?: AuthThrottle;
}

export type DigestVerdict =
  | { ok: true; username: string }
  | { ok: false; stale: boolean; reason: 'missing' | 'malformed' | 'unknown-user' | 'bad-response' | 'bad-nonce' | 'replay' | 'wrong-address' | 'blocked' };

/** Failures that count towards the throttle: wrong guesses. Not a first request without credentials, nor a stale nonce (the sender knew the password). */
const COUNTED = new Set(['malformed', 'unknown-user', 'bad-response', 'bad-nonce']);

/** The server side: challenges and verifies (used by the registrar and for calls from phones). */
export class DigestServer {
  private readonly secret: Buffer;
  private readonly ttl: number;
  private readonly algorithms: DigestAlgorithm[];
  private readonly lastNc = new Map<string, { nc: number; at: number }>();

  constructor(private readonly opts: DigestServerOptions) {
    this.secret = opts.secret ?? randomBytes(32);
    this.ttl = opts.nonceTtlMs ?? 300_000;
    // MD5 first by default: RFC 8760 has a UAC take the first challenge it supports, and common
    // phones (Debian's baresip 1.0, many desk phones) give up when the first is SHA-256.
    this.algorithms = opts.algorithms ?? ['MD5', 'SHA-256'];
  }

  get realm(): string {
    return this.opts.realm;
  }

  private sign(text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('base64url').slice(0, 22);
  }

  /** A keyed tag of the address a nonce is issued to (the address itself stays private). */
  private addressTag(address: string): string {
    return this.sign(`addr:${address.toLowerCase()}`).slice(0, 11);
  }

  /** `ts.random.addressTag.hmac`: RFC 7616 3.3 suggests a nonce of a time stamp, a private key and the client's address. */
  newNonce(address = ''): string {
    const body = `${this.opts.clock.now().toString(36)}.${randomBytes(6).toString('base64url')}.${this.addressTag(address)}`;
    return `${body}.${this.sign(body)}`;
  }

  /**
   * WWW-Authenticate values, strongest first (RFC 8760 3), for a request from `address` (the
   * source host: the nonce only works from there).
   */
  challenge(stale = false, address = ''): string[] {
    const nonce = this.newNonce(address);
    return this.algorithms.map((a) => `Digest realm=${quote(this.opts.realm)}, nonce=${quote(nonce)}, algorithm=${a}, qop="auth"${stale ? ', stale=true' : ''}`);
  }

  /** 'ok', 'expired', 'elsewhere' (issued to another address) or 'bad' for a nonce we may have issued. */
  private nonceState(nonce: string, address: string): 'ok' | 'expired' | 'elsewhere' | 'bad' {
    const parts = nonce.split('.');
    if (parts.length !== 4) return 'bad';
    const [ts, , tag, sig] = parts as [string, string, string, string];
    const want = Buffer.from(this.sign(nonce.slice(0, nonce.length - sig.length - 1)));
    const got = Buffer.from(sig);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return 'bad';
    if (tag !== this.addressTag(address)) return 'elsewhere';
    const issued = parseInt(ts, 36);
    return this.opts.clock.now() - issued > this.ttl ? 'expired' : 'ok';
  }

  /**
   * Checks an Authorization / Proxy-Authorization value for a request from `address` (the source
   * host the challenge was sent to). A failure with `stale: true` should be answered with a fresh
   * challenge carrying stale=true: the client knew the password and may retry silently. `ha1` gives
   * the stored HA1 of a user for an algorithm. From an address the throttle has blocked, every
   * request fails with `blocked` before anything is checked (answer 403, no challenge).
   */
  verify(method: string, authorization: string | undefined, ha1: Ha1Lookup, address = ''): DigestVerdict {
    const t = this.opts.throttle;
    if (t?.isBlocked(address)) return { ok: false, stale: false, reason: 'blocked' };
    const v = this.check(method, authorization, ha1, address);
    if (t && !v.ok && !v.stale && COUNTED.has(v.reason)) t.failure(address, authorization ? parseAuthParams(authorization).params.get('username') : undefined);
    return v;
  }

  private check(method: string, authorization: string | undefined, ha1: Ha1Lookup, address: string): DigestVerdict {
    if (!authorization) return { ok: false, stale: false, reason: 'missing' };
    const { scheme, params } = parseAuthParams(authorization);
    const username = params.get('username');
    const nonce = params.get('nonce');
    const uri = params.get('uri');
    const response = params.get('response');
    const algorithm = normaliseAlgorithm(params.get('algorithm'));
    if (scheme.toLowerCase() !== 'digest' || !username || !nonce || !uri || !response || !algorithm || !this.algorithms.includes(algorithm)) {
      return { ok: false, stale: false, reason: 'malformed' };
    }
    if (params.get('realm') !== this.opts.realm) return { ok: false, stale: false, reason: 'malformed' };
    const stored = ha1(username, algorithm);
    if (stored === undefined || !/^[0-9a-f]+$/i.test(stored)) return { ok: false, stale: false, reason: 'unknown-user' };
    const qop = params.get('qop');
    const nc = params.get('nc');
    const cnonce = params.get('cnonce');
    if (qop !== undefined && (qop !== 'auth' || !nc || !/^[0-9a-fA-F]{8}$/.test(nc) || !cnonce)) return { ok: false, stale: false, reason: 'malformed' };
    const expected = digestResponseFromHa1({ algorithm, ha1: stored.toLowerCase(), method, uri, nonce, qop, nc, cnonce });
    const a = Buffer.from(expected);
    const b = Buffer.from(response.toLowerCase());
    if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, stale: false, reason: 'bad-response' };
    const ns = this.nonceState(nonce, address);
    if (ns === 'bad') return { ok: false, stale: false, reason: 'bad-nonce' };
    // A nonce answered from another address than it was sent to: a captured header replayed, or a
    // phone that moved. stale=true: whoever knows the password retries with a nonce for here.
    if (ns === 'elsewhere') return { ok: false, stale: true, reason: 'wrong-address' };
    // The password was right but the nonce is old: stale=true lets the client retry silently.
    if (ns === 'expired') return { ok: false, stale: true, reason: 'bad-nonce' };
    const last = this.lastNc.get(nonce);
    // RFC 7616 3.4: with qop, the nonce-count must rise on each request with this nonce ("the
    // server can detect request replays by maintaining its own copy of this count"). Without qop
    // there is no count: the nonce is good for one request only (RFC 2617 4.5, one-time nonces).
    const n = nc ? parseInt(nc, 16) : Number.POSITIVE_INFINITY;
    if (last && (n <= last.nc || !nc)) return { ok: false, stale: true, reason: 'replay' };
    this.lastNc.set(nonce, { nc: n, at: this.opts.clock.now() });
    this.prune();
    return { ok: true, username };
  }

  private prune(): void {
    if (this.lastNc.size < 1000) return;
    const cutoff = this.opts.clock.now() - this.ttl;
    for (const [k, v] of this.lastNc) if (v.at < cutoff) this.lastNc.delete(k);
  }
}
