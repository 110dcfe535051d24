import { TypedEmitter, type Clock } from '@switchboard/shared';
import { DigestServer, Registrar, parseUri, type AuthThrottle, type Binding, type DigestAlgorithm, type Ha1Lookup, type ServerRequest } from '@switchboard/sip';
import type { ContactLookup } from '../engine/call-target';
import type { SignalTransport } from '../signalling/call-signal';

export interface PhoneRegistrarOptions {
  clock: Clock;
  /** Digest realm (the SIP domain phones register to). */
  realm: string;
  /** The stored HA1 of a user name per algorithm, if that user exists (an agent's phone). */
  ha1: Ha1Lookup;
  /** Digest algorithms challenged, in order (default MD5, SHA-256; see DigestServer). */
  algorithms?: DigestAlgorithm[];
  minExpires?: number;
  maxExpires?: number;
  /** Failed authentication per source address (REGISTER and the phones' INVITEs share it). */
  throttle?: AuthThrottle;
}

export interface PhoneRegistrarEvents {
  [event: string]: unknown;
  registered: { user: string; contact: string; expires: number };
  unregistered: { user: string };
}

/**
 * Agents' phones: REGISTER with digest auth (sip's Registrar and DigestServer) and where to
 * reach each user. A phone behind NAT is reached where its REGISTER came from, not at the
 * Contact it wrote.
 */
export class PhoneRegistrar extends TypedEmitter<PhoneRegistrarEvents> implements ContactLookup {
  readonly digest: DigestServer;
  readonly registrar: Registrar;
  private readonly seenHosts: Set<string>;

  constructor(private readonly o: PhoneRegistrarOptions) {
    super();
    this.seenHosts = new Set([o.realm.toLowerCase()]);
    this.digest = new DigestServer({ realm: o.realm, clock: o.clock, ...(o.algorithms ? { algorithms: o.algorithms } : {}), ...(o.throttle ? { throttle: o.throttle } : {}) });
    this.registrar = new Registrar({
      clock: o.clock,
      digest: this.digest,
      ha1: o.ha1,
      ...(o.minExpires === undefined ? {} : { minExpires: o.minExpires }),
      ...(o.maxExpires === undefined ? {} : { maxExpires: o.maxExpires }),
    });
    const user = (b: Binding): string => /^sips?:([^@]*)@/.exec(b.aor)?.[1] ?? b.aor;
    this.registrar.on('registered', (b) => this.emit('registered', { user: user(b), contact: b.contact, expires: Math.round((b.expiresAt - o.clock.now()) / 1000) }));
    this.registrar.on('unregistered', (b) => this.emit('unregistered', { user: user(b) }));
    this.registrar.on('expired', (b) => this.emit('unregistered', { user: user(b) }));
  }

  /** Hand REGISTER requests here (SipEndpoint's `registrar` option). */
  handle(req: ServerRequest): void {
    this.registrar.handle(req);
  }

  /** The newest binding of `user` in our realm. */
  contactFor(user: string): { uri: string; host: string; port: number; transport: SignalTransport } | undefined {
    const all = this.bindingsOf(user);
    const b = all.sort((x, y) => y.expiresAt - x.expiresAt)[0];
    if (!b) return undefined;
    const t = b.transport.toLowerCase();
    const transport = t === 'tcp' ? 'tcp' : t === 'tls' ? 'tls' : t === 'ws' || t === 'wss' ? 'ws' : 'udp';
    return { uri: b.contact, host: b.source.host, port: b.source.port, transport };
  }

  isRegistered(user: string): boolean {
    return this.bindingsOf(user).length > 0;
  }

  private bindingsOf(user: string): Binding[] {
    const out: Binding[] = [];
    // Bindings are keyed by AOR (sip:user@host); phones may write the domain or our IP.
    for (const aor of this.aorsFor(user)) out.push(...this.registrar.lookup(aor));
    return out;
  }

  private aorsFor(user: string): string[] {
    return [...this.seenHosts].map((h) => `sip:${user}@${h}`);
  }

  /** Lets lookups find AORs written with this host (our IP as well as the realm). */
  addDomain(host: string): void {
    const r = parseUri(`sip:x@${host}`);
    if (r.ok) this.seenHosts.add(r.uri.host.toLowerCase());
  }
}
