import { silentLogger, systemClock, type Clock, type Logger } from '@switchboard/shared';
import { MediaEngine, type PortRange } from '@switchboard/media';
import { SipSignalling } from '../signalling/sip-signalling';
import { SandboxCarrier } from './sandbox-carrier';

export interface SandboxOptions {
  host?: string;
  /** Its own SIP port (UDP, and TCP on the same number when tcp is true). */
  port: number;
  tcp?: boolean;
  rtpPorts: PortRange;
  wavPath?: string;
  greetingMs?: number;
  clock?: Clock;
  logger?: Logger;
}

/** A SandboxCarrier listening on its own SIP port with its own RTP range. */
export async function startSandboxCarrier(o: SandboxOptions): Promise<SandboxCarrier> {
  const clock = o.clock ?? systemClock;
  const logger = (o.logger ?? silentLogger).child({ sandbox: true });
  const host = o.host ?? '127.0.0.1';
  const signalling = await SipSignalling.listen({ host, udpPort: o.port, ...(o.tcp ? { tcpPort: o.port } : {}), clock, logger, user: 'sandbox' });
  const media = new MediaEngine({ clock, logger, bindAddress: host, portRange: o.rtpPorts });
  return new SandboxCarrier({ signalling, media, clock, logger, ...(o.wavPath ? { wavPath: o.wavPath } : {}), ...(o.greetingMs ? { greetingMs: o.greetingMs } : {}) });
}
