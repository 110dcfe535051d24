import { silentLogger, systemClock, type Clock, type Logger } from '@switchboard/shared';
import { MediaEngine, type PortRange } from '@switchboard/media';
import { AuthThrottle, type AuthBlock, type ConnectionLimits, type DigestAlgorithm, type Ha1Lookup, type SipTimerConfig } from '@switchboard/sip';
import { PhoneRegistrar } from '../registrar/phone-registrar';
import { SipSignalling, type SipTlsConfig } from '../signalling/sip-signalling';
import type { TrunkConfig } from '../trunk/trunk-config';
import type { SignalTransport } from '../signalling/call-signal';
import { TelephonyEngine } from './telephony-engine';

export interface CreateEngineOptions {
  /** SIP and RTP bind address (default 127.0.0.1). */
  host?: string;
  sipUdpPort?: number;
  sipTcpPort?: number;
  /** SIP over TLS (5061 by convention); needs `sipTls`. */
  sipTlsPort?: number;
  /** Certificate and key for SIP over TLS (PEM paths), CAs for carriers, whether to check them. */
  sipTls?: SipTlsConfig;
  rtpPorts?: PortRange;
  /** UDP ports for WebRTC (ICE) legs. */
  webrtcPorts?: [number, number];
  trunks?: TrunkConfig[];
  /** Agents' phones: realm and stored HA1s (enables REGISTER and authenticated INVITEs). */
  phones?: PhoneAuthOptions;
  clock?: Clock;
  logger?: Logger;
  sipTimers?: Partial<SipTimerConfig>;
  /** SIP over TCP and TLS: read timeout, idle lifetime and connection caps (sip's DEFAULT_CONNECTION_LIMITS). */
  sipConnections?: Partial<ConnectionLimits>;
  /** RTP inactivity timeout before a leg ends with `network` (default 30 s, 0: never). */
  rtpTimeoutMs?: number;
  /** RTP sockets on this many I/O threads (0, the default: on the media thread). See MediaEngine. */
  rtpIoThreads?: number;
  /** SO_RCVBUF for each RTP socket (default: the OS's). */
  rtpSocketBufferBytes?: number;
}

/** Failed digest authentication per source address (sip's AuthThrottle); the defaults in DEFAULT_AUTH_THROTTLE. */
export interface AuthThrottleSettings {
  maxFailures: number;
  windowSeconds: number;
  blockSeconds: number;
}

/** As Kamailio's pike in front of a registrar: 20 wrong answers in a minute block the address for 5 minutes. */
export const DEFAULT_AUTH_THROTTLE: AuthThrottleSettings = { maxFailures: 20, windowSeconds: 60, blockSeconds: 300 };

export interface PhoneAuthOptions {
  realm: string;
  /** The stored HA1 (hex) of a phone's digest user name for an algorithm; undefined: no such user. */
  ha1: Ha1Lookup;
  algorithms?: DigestAlgorithm[];
  /** Failed authentication per source address (default DEFAULT_AUTH_THROTTLE); null: no throttle. */
  throttle?: AuthThrottleSettings | null;
  /** An address was blocked (also logged here): for the audit. */
  onBlocked?: (block: AuthBlock) => void;
}

export interface EngineStack {
  engine: TelephonyEngine;
  signalling: SipSignalling;
  media: MediaEngine;
  registrar: PhoneRegistrar | undefined;
  /** Failed phone authentication per source address (absent without phones, or turned off). */
  authThrottle: AuthThrottle | undefined;
}

/** The composition the server uses: SIP endpoint + media engine + registrar + engine. */
export async function createEngine(o: CreateEngineOptions): Promise<EngineStack> {
  const clock = o.clock ?? systemClock;
  const logger = o.logger ?? silentLogger;
  const host = o.host ?? '127.0.0.1';
  const throttle = o.phones ? authThrottle(o.phones, clock, logger) : undefined;
  const registrar = o.phones
    ? new PhoneRegistrar({
        clock,
        realm: o.phones.realm,
        ha1: o.phones.ha1,
        ...(o.phones.algorithms ? { algorithms: o.phones.algorithms } : {}),
        ...(throttle ? { throttle } : {}),
      })
    : undefined;
  registrar?.addDomain(host);
  // Requests from a trunk's host skip phone authentication; the engine's table is read per
  // request, so trunks replaced on a workspace reload count at once.
  let engineRef: TelephonyEngine | undefined;
  const signalling = await SipSignalling.listen({
    host,
    ...(o.sipUdpPort === undefined ? {} : { udpPort: o.sipUdpPort }),
    ...(o.sipTcpPort === undefined ? {} : { tcpPort: o.sipTcpPort }),
    ...(o.sipTlsPort === undefined ? {} : { tlsPort: o.sipTlsPort }),
    ...(o.sipTls ? { tls: o.sipTls } : {}),
    clock,
    logger,
    ...(o.sipTimers ? { timers: o.sipTimers } : {}),
    ...(o.sipConnections ? { connections: o.sipConnections } : {}),
    ...(registrar
      ? {
          registrar,
          phoneAuth: {
            digest: registrar.digest,
            ha1: o.phones!.ha1,
            // A phone registered from that address and port is a phone, even on a trunk's host (the
            // sandbox trusts every port of this host): its calls are challenged and carry its user.
            trusted: (h: string, p: number, t: SignalTransport, fp: string | undefined) =>
              engineRef?.trunks.fromSource(h, p, t, fp) !== undefined && !registrar.registrar.boundFrom(h, p),
            trunkUser: (u: string) => {
              const t = engineRef?.trunks.byInboundUser(u);
              return t?.inboundCredentials ? { trunk: t.name, password: t.inboundCredentials.password } : undefined;
            },
          },
        }
      : {}),
  });
  const media = new MediaEngine({
    clock,
    logger,
    bindAddress: host,
    ...(o.rtpPorts ? { portRange: o.rtpPorts } : {}),
    ...(o.rtpTimeoutMs === undefined ? {} : { timeoutMs: o.rtpTimeoutMs }),
    ...(o.rtpIoThreads ? { ioThreads: o.rtpIoThreads } : {}),
    ...(o.rtpSocketBufferBytes ? { socketBufferBytes: o.rtpSocketBufferBytes } : {}),
  });
  const engine = new TelephonyEngine({
    signalling,
    media,
    trunks: o.trunks ?? [],
    ...(registrar ? { contacts: registrar } : {}),
    ...(o.webrtcPorts ? { webrtcPorts: o.webrtcPorts } : {}),
    clock,
    logger,
  });
  engineRef = engine;
  if (registrar) {
    registrar.on('registered', (e) => engine.emit('registered', e));
    registrar.on('unregistered', (e) => engine.emit('unregistered', e));
  }
  return { engine, signalling, media, registrar, authThrottle: throttle };
}

function authThrottle(p: PhoneAuthOptions, clock: Clock, logger: Logger): AuthThrottle | undefined {
  if (p.throttle === null) return undefined;
  const s = p.throttle ?? DEFAULT_AUTH_THROTTLE;
  const t = new AuthThrottle({ clock, maxFailures: s.maxFailures, windowMs: s.windowSeconds * 1000, blockMs: s.blockSeconds * 1000 });
  t.on('blocked', (b) => {
    logger.warn(
      { component: 'sip-auth', address: b.address, failures: b.failures, users: b.users, until: new Date(b.until).toISOString() },
      'SIP source blocked after failed digest authentication',
    );
    p.onBlocked?.(b);
  });
  return t;
}
