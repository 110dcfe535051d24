import { silentLogger, systemClock, type Clock, type Logger } from '@switchboard/shared';
import { MediaEngine, type PortRange } from '@switchboard/media';
import type { ConnectionLimits, DigestAlgorithm, SipTimerConfig } from '@switchboard/sip';
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
  /** Agents' phones: realm and passwords (enables REGISTER and authenticated INVITEs). */
  phones?: { realm: string; password: (user: string) => string | undefined; algorithms?: DigestAlgorithm[] };
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

export interface EngineStack {
  engine: TelephonyEngine;
  signalling: SipSignalling;
  media: MediaEngine;
  registrar: PhoneRegistrar | undefined;
}

/** The composition the server uses: SIP endpoint + media engine + registrar + engine. */
export async function createEngine(o: CreateEngineOptions): Promise<EngineStack> {
  const clock = o.clock ?? systemClock;
  const logger = o.logger ?? silentLogger;
  const host = o.host ?? '127.0.0.1';
  const registrar = o.phones
    ? new PhoneRegistrar({ clock, realm: o.phones.realm, password: o.phones.password, ...(o.phones.algorithms ? { algorithms: o.phones.algorithms } : {}) })
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
            password: o.phones!.password,
            trusted: (h: string, p: number, t: SignalTransport) => engineRef?.trunks.fromSource(h, p, t) !== undefined,
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
  return { engine, signalling, media, registrar };
}
