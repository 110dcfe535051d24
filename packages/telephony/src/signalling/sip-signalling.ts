import { silentLogger, type Clock, type Logger } from '@switchboard/shared';
import {
  SipEndpoint,
  TcpTransport,
  TlsTransport,
  UdpTransport,
  parseNameAddr,
  type ConnectionLimits,
  passwordHa1,
  type DigestServer,
  type Ha1Lookup,
  refuseReplaces,
  type Dialog,
  type IncomingInvite,
  type ServerRequest,
  type SipTimerConfig,
} from '@switchboard/sip';
import type { CallSignal, IncomingCallInfo, OutgoingCallTarget, SignallingPort, SignalTransport } from './call-signal';
import { TelephonyError } from '../errors';
import { SipInboundSignal, SipOutboundSignal, type DialogSignals } from './sip-call-signal';

export interface SipSignallingOptions {
  host?: string;
  /** UDP port (0: ephemeral; undefined: no UDP). */
  udpPort?: number;
  /** TCP port (0: ephemeral; undefined: no TCP). */
  tcpPort?: number;
  clock?: Clock;
  logger?: Logger;
  timers?: Partial<SipTimerConfig>;
  /** TLS port (0: ephemeral; undefined: no TLS); needs `tls`. */
  tlsPort?: number;
  /** Our certificate and key (PEM paths or text), and how we check servers we connect to. */
  tls?: SipTlsConfig;
  /** TCP and TLS connection timeouts and caps. */
  connections?: Partial<ConnectionLimits>;
  /** User part of our Contact. */
  user?: string;
  /** REGISTER goes here (the PhoneRegistrar). */
  registrar?: { handle(req: ServerRequest): void };
  /**
   * INVITEs from anything but a trusted source (a trunk) must carry digest credentials of a
   * known user (an agent's phone): a 407 challenge otherwise. No open relay.
   */
  phoneAuth?: {
    digest: DigestServer;
    /** An agent phone's stored HA1 per algorithm. */
    ha1: Ha1Lookup;
    /** A trunk trusted by its address, source port and transport (and TLS certificate, if it declares one): no challenge. */
    trusted: (host: string, port: number, transport: SignalTransport, tlsFingerprint: string | undefined) => boolean;
    /** A trunk that authenticates: the trunk's name and password for a digest username. */
    trunkUser?: (user: string) => { trunk: string; password: string } | undefined;
  };
}

export interface SipTlsConfig {
  cert: string;
  key: string;
  /** CAs to trust for carriers we connect to (default: the system's). */
  ca?: string;
  /** Check carriers' certificates (default true). */
  verifyServer?: boolean;
}

const TRANSPORT: Readonly<Record<string, SignalTransport>> = { UDP: 'udp', TCP: 'tcp', TLS: 'tls', WS: 'ws', WSS: 'ws' };
const PROTOCOL = { udp: 'UDP', tcp: 'TCP', tls: 'TLS', ws: 'WS' } as const;

/** The engine's SignallingPort on sip's SipEndpoint, over UDP, TCP and/or TLS. */
export class SipSignalling implements SignallingPort {
  private handler: ((s: CallSignal, i: IncomingCallInfo) => void) | undefined;
  private readonly log: Logger;
  /** Each dialog's call signal: a Replaces (in an INVITE or a REFER's Refer-To) names a dialog. */
  private readonly bySignal = new WeakMap<Dialog, CallSignal>();
  private readonly dialogs: DialogSignals = {
    register: (d, s) => void this.bySignal.set(d, s),
    signalOf: (d) => this.bySignal.get(d),
  };

  private constructor(
    readonly endpoint: SipEndpoint,
    private readonly o: SipSignallingOptions,
  ) {
    this.log = (o.logger ?? silentLogger).child({ component: 'sip-signalling' });
    endpoint.on('invite', (inv) => this.incoming(inv));
  }

  static async listen(o: SipSignallingOptions): Promise<SipSignalling> {
    const host = o.host ?? '127.0.0.1';
    const endpoint = new SipEndpoint({
      ...(o.clock ? { clock: o.clock } : {}),
      ...(o.logger ? { logger: o.logger } : {}),
      ...(o.timers ? { timers: o.timers } : {}),
      ...(o.user ? { user: o.user } : {}),
      // We are a B2BUA: any call may be forwarded (to an agent's phone, through a trunk).
      forwards: true,
      // RFC 3891: an INVITE may replace one of our calls (checked in incoming(), after auth).
      supported: ['replaces'],
      ...(o.registrar ? { registrar: { handle: (r: ServerRequest) => o.registrar!.handle(r) } } : {}),
    });
    if (o.udpPort !== undefined) endpoint.addTransport(await UdpTransport.listen({ host, port: o.udpPort, ...(o.logger ? { logger: o.logger } : {}) }));
    if (o.tcpPort !== undefined) {
      endpoint.addTransport(
        await TcpTransport.listen({
          host,
          port: o.tcpPort,
          ...(o.logger ? { logger: o.logger } : {}),
          ...(o.clock ? { clock: o.clock } : {}),
          ...(o.connections ? { connections: o.connections } : {}),
        }),
      );
    }
    if (o.tlsPort !== undefined) {
      if (!o.tls) throw new TelephonyError('TEL_BAD_CONFIG', 'a TLS port needs a certificate and key (tls.cert, tls.key)');
      endpoint.addTransport(
        await TlsTransport.listen({
          host,
          port: o.tlsPort,
          cert: o.tls.cert,
          key: o.tls.key,
          ...(o.tls.ca ? { ca: o.tls.ca } : {}),
          ...(o.tls.verifyServer === undefined ? {} : { verifyServer: o.tls.verifyServer }),
          ...(o.logger ? { logger: o.logger } : {}),
          ...(o.clock ? { clock: o.clock } : {}),
          ...(o.connections ? { connections: o.connections } : {}),
        }),
      );
    }
    return new SipSignalling(endpoint, o);
  }

  /** Where we listen, per transport. */
  local(protocol: 'UDP' | 'TCP' | 'TLS' = 'UDP'): { host: string; port: number } | undefined {
    return this.endpoint.transport(protocol)?.local;
  }

  onIncoming(handler: (signal: CallSignal, info: IncomingCallInfo) => void): void {
    this.handler = handler;
  }

  private incoming(inv: IncomingInvite): void {
    const req = inv.request;
    const flow = inv.serverRequest.flow;
    // The packet's real source: a trunk is matched on it, never on a Via port the sender wrote.
    const source = inv.serverRequest.source;
    // The endpoint (forwards: true) answered 483 at zero; what is left we pass on, less one.
    const mf = req.headers.get('max-forwards');
    const maxForwards = mf === undefined ? undefined : Number(mf);
    let user: string | undefined;
    const auth = this.o.phoneAuth;
    let trunk: string | undefined;
    const transport = TRANSPORT[flow.transport.protocol] ?? 'udp';
    // Over TLS: the certificate the far end presented on this connection (a trunk may be pinned to it).
    const conn = flow.dest.connectionId;
    const tlsFingerprint =
      transport === 'tls' && conn !== undefined ? (flow.transport as { peerFingerprint?: (id: string) => string | undefined }).peerFingerprint?.(conn) : undefined;
    if (auth && !auth.trusted(source.host, source.port, transport, tlsFingerprint)) {
      // A trunk's credentials first: they are the operator's, and a phone must not pass as a trunk.
      const trunkHa1 = passwordHa1(auth.digest.realm, (u) => auth.trunkUser?.(u)?.password);
      const ha1: Ha1Lookup = (u, a) => trunkHa1(u, a) ?? auth.ha1(u, a);
      const v = auth.digest.verify('INVITE', req.headers.get('proxy-authorization'), ha1, flow.dest.host);
      // An address throttled after too many failed answers: 403, no challenge to answer.
      if (!v.ok && v.reason === 'blocked') return void inv.reject(403, { reason: 'Forbidden: Too Many Failed Authentications' });
      if (!v.ok) {
        inv.reject(407, { headers: { 'proxy-authenticate': auth.digest.challenge(v.stale, flow.dest.host).join(', ') } });
        return;
      }
      trunk = auth.trunkUser?.(v.username)?.trunk;
      if (trunk === undefined) user = v.username;
    }
    let replaces: CallSignal | undefined;
    if (inv.replaces) {
      // Judged only once the caller is authenticated (RFC 3891's security considerations: replacing
      // a call must be authorised), so an unknown caller cannot probe which dialogs exist.
      const refusal = refuseReplaces(inv.replaces, inv.replacedDialog);
      if (refusal) return inv.reject(refusal.status, { reason: refusal.reason });
      replaces = inv.replacedDialog && this.bySignal.get(inv.replacedDialog);
      if (!replaces) return inv.reject(481, { reason: 'Replaces: No Such Call' });
    }
    const from = parseNameAddr(req.headers.get('from') ?? '')?.uri.user ?? 'anonymous';
    const info: IncomingCallInfo = {
      from,
      to: req.uri.user ?? '',
      sourceAddress: source.host,
      sourcePort: source.port,
      transport,
      user,
      maxForwards,
      ...(tlsFingerprint ? { tlsFingerprint } : {}),
      ...(trunk !== undefined ? { trunk } : {}),
      ...(replaces ? { replaces } : {}),
    };
    const signal = new SipInboundSignal(inv, this.log, this.dialogs);
    if (!this.handler) return inv.reject(480);
    this.handler(signal, info);
  }

  invite(target: OutgoingCallTarget, sdp: string): CallSignal {
    // (A WebSocket phone is not dialled through here: it keeps the UDP default it always had.)
    const protocol = target.transport === 'ws' ? 'UDP' : PROTOCOL[target.transport];
    const local = this.local(protocol) ?? { host: '127.0.0.1', port: 5060 };
    const fromUser = /^[A-Za-z0-9+*#._-]+$/.test(target.from) ? target.from : 'anonymous';
    const out = this.endpoint.invite({
      uri: target.uri,
      route: { host: target.host, port: target.port },
      transport: protocol,
      from: `sip:${fromUser}@${local.host}:${local.port}`,
      body: sdp,
      contentType: 'application/sdp',
      ...(target.credentials ? { auth: target.credentials } : {}),
      ...(target.maxForwards !== undefined ? { headers: { 'max-forwards': String(target.maxForwards) } } : {}),
    });
    return new SipOutboundSignal(out, this.log, this.dialogs);
  }

  close(): Promise<void> {
    return this.endpoint.close();
  }
}
