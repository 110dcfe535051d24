import { TelephonyError } from '../errors';
import { compileRules, rewriteNumber, type CompiledRule, type RewriteRule } from './number-rewrite';
import type { SignalTransport } from '../signalling/call-signal';

export type TrunkTransport = 'udp' | 'tcp' | 'tls';

/** A trunk as the operator writes it in the workspace file. */
export interface TrunkConfig {
  name: string;
  /** "host:port" (port defaults to 5060). */
  address: string;
  transport?: TrunkTransport;
  /** Digest credentials the carrier asks for (401/407). */
  credentials?: { username: string; password: string };
  /** The number we present as caller (From user) when the application gives none. */
  callerId?: string;
  /** Rules applied to the number dialled out through this trunk (first match wins). */
  outboundRewrite?: RewriteRule[];
  /** Rules applied to the called and calling numbers of calls arriving from this trunk. */
  inboundRewrite?: RewriteRule[];
  /** Seconds we let it ring before giving up with no_answer (default 60). */
  ringTimeoutSec?: number;
  /** Most simultaneous calls on this trunk (default unlimited). */
  maxCalls?: number;
  /** The carrier sends DTMF as tones in the audio: detect them (Goertzel) on this trunk's legs. */
  inbandDtmf?: boolean;
  /**
   * Source ports the carrier sends from, when not only the address's port (a carrier's SBC
   * pool). A request from the trunk's host on any other port is not the trunk's. Default: the
   * address's port over UDP; over TCP (or TLS) any port, but only on that transport (a connection's source port is
   * ephemeral: declare a range, or use inboundCredentials, to bind a TCP trunk tighter).
   */
  sourcePorts?: { min: number; max: number };
  /**
   * The trunk authenticates instead of being trusted by address: its INVITEs are challenged
   * (407) and must answer with these digest credentials, from wherever they come.
   */
  inboundCredentials?: { username: string; password: string };
  /** Offer SRTP (RTP/SAVP, SDES keys) on calls out through this trunk (use with transport tls). */
  srtp?: boolean;
  /**
   * With transport tls: the SHA-256 fingerprints (hex, colons optional) of the certificates the
   * carrier may present on connections it opens to us. A request from its address on a connection
   * with no certificate, or another one, is not the trunk's (challenged like any stranger).
   */
  tlsFingerprints?: string[];
}

/** A validated trunk, its rules compiled. */
export class Trunk {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly transport: TrunkTransport;
  readonly credentials: { username: string; password: string } | undefined;
  readonly callerId: string | undefined;
  readonly ringTimeoutMs: number;
  readonly maxCalls: number;
  readonly inbandDtmf: boolean;
  readonly sourcePorts: { min: number; max: number };
  readonly inboundCredentials: { username: string; password: string } | undefined;
  readonly srtp: boolean;
  /** Normalised "AB:CD:…" (upper case); empty: any certificate, or none. */
  readonly tlsFingerprints: readonly string[];
  private readonly outRules: CompiledRule[];
  private readonly inRules: CompiledRule[];

  constructor(cfg: TrunkConfig) {
    const where = `trunk ${JSON.stringify(cfg?.name)}`;
    if (!cfg || typeof cfg.name !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(cfg.name)) {
      throw new TelephonyError('TEL_BAD_CONFIG', `${where}: name must be 1-64 letters, digits, '_', '.', '-'`);
    }
    const hp = parseAddress(cfg.address);
    if (!hp) throw new TelephonyError('TEL_BAD_CONFIG', `${where}: address must be host[:port], got ${JSON.stringify(cfg.address)}`);
    const transport = cfg.transport ?? 'udp';
    if (transport !== 'udp' && transport !== 'tcp' && transport !== 'tls') throw new TelephonyError('TEL_BAD_CONFIG', `${where}: transport must be udp, tcp or tls`);
    if (cfg.srtp !== undefined && typeof cfg.srtp !== 'boolean') throw new TelephonyError('TEL_BAD_CONFIG', `${where}: srtp must be true or false`);
    if (cfg.credentials && (typeof cfg.credentials.username !== 'string' || typeof cfg.credentials.password !== 'string')) {
      throw new TelephonyError('TEL_BAD_CONFIG', `${where}: credentials need username and password`);
    }
    const sp = cfg.sourcePorts ?? (transport === 'udp' ? { min: hp.port, max: hp.port } : { min: 1, max: 65535 });
    if (!sp || !Number.isInteger(sp.min) || !Number.isInteger(sp.max) || sp.min < 1 || sp.max > 65535 || sp.min > sp.max) {
      throw new TelephonyError('TEL_BAD_CONFIG', `${where}: sourcePorts must be { min, max } within 1-65535`);
    }
    const ic = cfg.inboundCredentials;
    if (ic && (typeof ic.username !== 'string' || !/^[A-Za-z0-9_.+-]{1,64}$/.test(ic.username) || typeof ic.password !== 'string' || ic.password.length === 0)) {
      throw new TelephonyError('TEL_BAD_CONFIG', `${where}: inboundCredentials need a username (letters, digits, _ . + -) and a password`);
    }
    const fps = cfg.tlsFingerprints ?? [];
    if (!Array.isArray(fps) || fps.some((f) => normalFingerprint(f) === undefined)) {
      throw new TelephonyError('TEL_BAD_CONFIG', `${where}: tlsFingerprints must be SHA-256 fingerprints (64 hex digits, colons optional)`);
    }
    if (fps.length > 0 && transport !== 'tls') throw new TelephonyError('TEL_BAD_CONFIG', `${where}: tlsFingerprints need transport tls`);
    const ring = cfg.ringTimeoutSec ?? 60;
    if (!(ring > 0 && ring <= 600)) throw new TelephonyError('TEL_BAD_CONFIG', `${where}: ringTimeoutSec must be in (0, 600]`);
    const max = cfg.maxCalls ?? Number.POSITIVE_INFINITY;
    if (!(max > 0)) throw new TelephonyError('TEL_BAD_CONFIG', `${where}: maxCalls must be positive`);
    this.name = cfg.name;
    this.host = hp.host;
    this.port = hp.port;
    this.transport = transport;
    this.credentials = cfg.credentials ? { ...cfg.credentials } : undefined;
    this.callerId = cfg.callerId;
    this.ringTimeoutMs = ring * 1000;
    this.maxCalls = max;
    this.inbandDtmf = cfg.inbandDtmf ?? false;
    this.sourcePorts = { min: sp.min, max: sp.max };
    this.inboundCredentials = ic ? { ...ic } : undefined;
    this.srtp = cfg.srtp ?? false;
    this.tlsFingerprints = fps.map((f) => normalFingerprint(f)!);
    this.outRules = compileRules(cfg.outboundRewrite ?? [], `${where} outboundRewrite`);
    this.inRules = compileRules(cfg.inboundRewrite ?? [], `${where} inboundRewrite`);
  }

  /** The number to put in the Request-URI when dialling `number` through this trunk. */
  outboundNumber(number: string): string {
    return rewriteNumber(number, this.outRules);
  }

  /** A number from this trunk, as the application should see it. */
  inboundNumber(number: string): string {
    return rewriteNumber(number, this.inRules);
  }

  /**
   * True when a request from `address`:`port` comes from this trunk: its host and a port it
   * sends from (the address's port, or `sourcePorts`). Anything else on the carrier's host (another
   * customer of a shared SBC, a process on the same machine) is not trusted as the trunk. A trunk
   * with inboundCredentials is never trusted by address: it authenticates. A trunk with
   * tlsFingerprints also needs the connection's certificate to be one of them.
   */
  matchesSource(address: string, port: number, transport: SignalTransport, tlsFingerprint?: string): boolean {
    if (this.inboundCredentials || transport !== this.transport) return false;
    if (this.tlsFingerprints.length > 0 && (tlsFingerprint === undefined || !this.tlsFingerprints.includes(tlsFingerprint.toUpperCase()))) return false;
    return address === this.host && port >= this.sourcePorts.min && port <= this.sourcePorts.max;
  }
}

/** "ab:cd:…" or "abcd…" (SHA-256, 32 bytes) as "AB:CD:…"; undefined if it is not one. */
function normalFingerprint(f: unknown): string | undefined {
  if (typeof f !== 'string') return undefined;
  const hex = f.replace(/:/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join(':');
}

function parseAddress(a: unknown): { host: string; port: number } | undefined {
  if (typeof a !== 'string') return undefined;
  const m = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/.exec(a.trim());
  if (!m) return undefined;
  const port = m[2] === undefined ? 5060 : Number(m[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host: m[1]!, port };
}

function addTo(map: Map<string, Trunk>, cfg: TrunkConfig): Trunk {
  const t = new Trunk(cfg);
  if (map.has(t.name)) throw new TelephonyError('TEL_BAD_CONFIG', `duplicate trunk ${t.name}`);
  map.set(t.name, t);
  return t;
}

/** All trunks by name; a duplicate name is a configuration error. */
export class TrunkTable {
  private byName = new Map<string, Trunk>();

  constructor(configs: readonly TrunkConfig[] = []) {
    for (const c of configs) this.add(c);
  }

  add(cfg: TrunkConfig): Trunk {
    return addTo(this.byName, cfg);
  }

  /**
   * The whole table at once (a workspace reload): every config is checked first, so a bad one
   * (TEL_BAD_CONFIG) leaves the table as it was. Calls already up keep going; new calls and
   * new inbound requests see the new trunks.
   */
  replace(configs: readonly TrunkConfig[]): void {
    const next = new Map<string, Trunk>();
    for (const c of configs) addTo(next, c);
    this.byName = next;
  }

  get(name: string): Trunk {
    const t = this.byName.get(name);
    if (!t) throw new TelephonyError('TEL_NO_SUCH_TRUNK', `no trunk named ${name}`, 404);
    return t;
  }

  /** The trunk a request from this source address and port belongs to, if any. */
  fromSource(address: string, port: number, transport: SignalTransport, tlsFingerprint?: string): Trunk | undefined {
    for (const t of this.byName.values()) if (t.matchesSource(address, port, transport, tlsFingerprint)) return t;
    return undefined;
  }

  /** The trunk whose inbound digest username is `username`, if any. */
  byInboundUser(username: string): Trunk | undefined {
    for (const t of this.byName.values()) if (t.inboundCredentials?.username === username) return t;
    return undefined;
  }

  list(): Trunk[] {
    return [...this.byName.values()];
  }
}
