import { TypedEmitter, type Clock, type TimerHandle } from '@switchboard/shared';
import type { DigestServer, Ha1Lookup } from './digest';
import { cseqOf } from './message/message';
import { parseNameAddr } from './message/name-addr';
import type { Address, TransportProtocol } from './transport/transport';
import { serializeUri, type SipUri } from './uri';
import type { ServerRequest } from './ua/server-request';

/** A contact bound to an address-of-record (RFC 3261 10). */
export interface Binding {
  aor: string;
  /** The Contact URI as registered. */
  contact: string;
  expiresAt: number;
  callId: string;
  cseq: number;
  /** Where the REGISTER came from (for NAT'd phones, reach them there). */
  source: Address;
  transport: TransportProtocol;
}

export type RegistrarEvents = {
  registered: Binding;
  unregistered: Binding;
  expired: Binding;
};

export interface RegistrarOptions {
  clock: Clock;
  /** When set, REGISTER must carry valid digest credentials (22, RFC 7616). */
  digest?: DigestServer;
  /** The stored HA1 of a username per algorithm, if the user exists. */
  ha1?: Ha1Lookup;
  minExpires?: number;
  maxExpires?: number;
  defaultExpires?: number;
}

/** The AOR of a URI: scheme, user and host, no port or parameters (10.3 step 5, simplified). */
export function aorOf(uri: SipUri): string {
  return `${uri.scheme}:${uri.user ?? ''}@${uri.host.toLowerCase()}`;
}

interface Entry {
  binding: Binding;
  timer: TimerHandle;
}

/**
 * A registrar (10.3): bindings with expiry on the injected Clock, queries, wildcard removal,
 * 423 Interval Too Brief, and digest authentication with stale nonces.
 */
export class Registrar extends TypedEmitter<RegistrarEvents> {
  private readonly bindings = new Map<string, Map<string, Entry>>();
  private readonly min: number;
  private readonly max: number;
  private readonly def: number;

  constructor(private readonly opts: RegistrarOptions) {
    super();
    this.min = opts.minExpires ?? 60;
    this.max = opts.maxExpires ?? 3600;
    this.def = opts.defaultExpires ?? 3600;
  }

  lookup(aor: string): Binding[] {
    return [...(this.bindings.get(aor)?.values() ?? [])].map((e) => e.binding);
  }

  /** Whether a live binding was registered from this source address and port (a phone's flow). */
  boundFrom(host: string, port: number): boolean {
    for (const m of this.bindings.values()) for (const e of m.values()) if (e.binding.source.host === host && e.binding.source.port === port) return true;
    return false;
  }

  get size(): number {
    let n = 0;
    for (const m of this.bindings.values()) n += m.size;
    return n;
  }

  handle(sreq: ServerRequest): void {
    const req = sreq.request;
    const to = parseNameAddr(req.headers.get('to')!);
    if (!to) return void sreq.respond(400, { reason: 'Malformed To Header' });
    if (this.opts.digest) {
      // The nonce is bound to the source address: a header captured and replayed from elsewhere fails.
      const from = sreq.flow.dest.host;
      const v = this.opts.digest.verify('REGISTER', req.headers.get('authorization'), (u, a) => this.opts.ha1?.(u, a), from);
      // An address throttled after too many failed answers: refused outright, no challenge to answer.
      if (!v.ok && v.reason === 'blocked') return void sreq.respond(403, { reason: 'Forbidden: Too Many Failed Authentications' });
      if (!v.ok) return void sreq.respond(401, { headers: { 'www-authenticate': this.opts.digest.challenge(v.stale, from) } });
      // An authenticated user may only register their own AOR (10.3 step 6).
      if (to.uri.user !== v.username) return void sreq.respond(403, { reason: 'Forbidden: AOR Does Not Match User' });
    }
    const aor = aorOf(to.uri);
    const contacts = req.headers.getAll('contact');
    const headerExpires = req.headers.get('expires');
    if (headerExpires !== undefined && !/^\d{1,10}$/.test(headerExpires)) return void sreq.respond(400, { reason: 'Malformed Expires Header' });
    const now = this.opts.clock.now();

    if (contacts.length === 1 && contacts[0] === '*') {
      // 10.3 step 6: "*" only with Expires: 0.
      if (headerExpires !== '0') return void sreq.respond(400, { reason: 'Wildcard Contact Requires Expires 0' });
      for (const b of this.lookup(aor)) this.remove(b, 'unregistered');
      return void this.ok(sreq, aor);
    }
    const updates: Array<{ contact: string; expires: number }> = [];
    for (const c of contacts) {
      if (c === '*') return void sreq.respond(400, { reason: 'Wildcard Contact Mixed With Others' });
      const na = parseNameAddr(c);
      if (!na) return void sreq.respond(400, { reason: 'Malformed Contact Header' });
      const pe = na.params.get('expires');
      const raw = pe ?? headerExpires;
      let expires = raw === undefined || raw === null ? this.def : Number(raw);
      if (!Number.isFinite(expires)) return void sreq.respond(400, { reason: 'Malformed Contact Expires' });
      if (expires > 0 && expires < this.min) {
        return void sreq.respond(423, { headers: { 'min-expires': String(this.min) } });
      }
      expires = Math.min(expires, this.max);
      updates.push({ contact: serializeUri(na.uri), expires });
    }
    const callId = req.headers.get('call-id')!;
    const cseq = cseqOf(req)!.seq;
    for (const u of updates) {
      const existing = this.bindings.get(aor)?.get(u.contact);
      // 10.3 step 7: same Call-ID with a CSeq not higher is out of order.
      if (existing && existing.binding.callId === callId && existing.binding.cseq >= cseq) {
        return void sreq.respond(500, { reason: 'Out Of Order REGISTER' });
      }
      if (u.expires === 0) {
        if (existing) this.remove(existing.binding, 'unregistered');
        continue;
      }
      this.put({ aor, contact: u.contact, expiresAt: now + u.expires * 1000, callId, cseq, source: { ...sreq.flow.dest }, transport: sreq.flow.transport.protocol });
    }
    this.ok(sreq, aor);
  }

  private put(b: Binding): void {
    let m = this.bindings.get(b.aor);
    if (!m) this.bindings.set(b.aor, (m = new Map()));
    const old = m.get(b.contact);
    if (old) this.opts.clock.clearTimeout(old.timer);
    const timer = this.opts.clock.setTimeout(() => this.remove(b, 'expired'), b.expiresAt - this.opts.clock.now());
    m.set(b.contact, { binding: b, timer });
    this.emit('registered', b);
  }

  private remove(b: Binding, why: 'unregistered' | 'expired'): void {
    const m = this.bindings.get(b.aor);
    const e = m?.get(b.contact);
    if (!m || !e || e.binding !== b) return;
    this.opts.clock.clearTimeout(e.timer);
    m.delete(b.contact);
    if (m.size === 0) this.bindings.delete(b.aor);
    this.emit(why, b);
  }

  private ok(sreq: ServerRequest, aor: string): void {
    const now = this.opts.clock.now();
    const contacts = this.lookup(aor).map((b) => `<${b.contact}>;expires=${Math.max(0, Math.round((b.expiresAt - now) / 1000))}`);
    const headers: Record<string, string | string[]> = { date: new Date(now).toUTCString() };
    if (contacts.length > 0) headers['contact'] = contacts;
    sreq.respond(200, { headers });
  }

  /** Drops every binding and its timer. */
  clear(): void {
    for (const m of this.bindings.values()) for (const e of m.values()) this.opts.clock.clearTimeout(e.timer);
    this.bindings.clear();
  }
}
