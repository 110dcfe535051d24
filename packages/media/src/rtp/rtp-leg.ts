import type { RemoteInfo, Socket } from 'node:dgram';
import { payloadMapFor, type PayloadMap } from '../codec/payload-types';
import { MediaError } from '../errors';
import { MediaLeg, type MediaLegOptions } from '../leg/media-leg';
import { canReceive, type MediaDirection } from '../leg/leg-state';
import { rtpSsrc } from './packet';
import { RtcpSession } from '../rtcp/rtcp-session';
import type { TimerHandle } from '@switchboard/shared';

export interface LegSdpInfo {
  address: string;
  port: number;
  formats: Array<{ pt: number; encoding: string; clockRate: number }>;
  fmtp?: Record<number, string>;
  ptimeMs: number;
  direction: MediaDirection;
}

export interface RtpLegOptions extends MediaLegOptions {
  rtp: Socket;
  rtcp: Socket;
  localAddress: string;
  localPort: number;
  /**
   * Symmetric RTP (default true): latch onto the first packet's source address
   * (NAT) and then ignore other sources. false: accept packets from anywhere
   * and always send to the address from SDP.
   */
  symmetric?: boolean;
  /** Emit 'timeout' after this long without packets (0: never). Default 30 s. */
  timeoutMs?: number;
  /** RTCP report interval (0: no RTCP). Default 5 s. */
  rtcpIntervalMs?: number;
  onClosed?: (leg: RtpLeg) => void;
}

/**
 * A plain RTP/AVP leg on a dgram socket pair (RTP on an even port, RTCP on
 * the next). The remote address comes from SDP (setRemote) and, with
 * symmetric RTP, is corrected to wherever the first packet really came from
 * (a phone behind NAT advertises an address it cannot receive on).
 */
export class RtpLeg extends MediaLeg {
  readonly localAddress: string;
  readonly localPort: number;
  remoteAddress = '';
  remotePort = 0;
  private latched = false;
  /** Connected UDP socket (after latching): sends skip the address lookup and the kernel filters strangers. */
  private connectState: 'none' | 'connecting' | 'connected' = 'none';
  private connectGen = 0;
  private readonly symmetric: boolean;
  private readonly socket: Socket;
  private readonly rtcp: RtcpSession;
  private readonly timeoutMs: number;
  private timeoutTimer: TimerHandle | undefined;
  private timedOut = false;
  private readonly onClosed: ((leg: RtpLeg) => void) | undefined;
  private readonly onMessage = (msg: Buffer, rinfo: RemoteInfo): void => this.onDatagram(msg, rinfo);
  private readonly onTimeoutCheck = (): void => this.checkTimeout();

  constructor(opts: RtpLegOptions) {
    super(opts);
    this.socket = opts.rtp;
    this.localAddress = opts.localAddress;
    this.localPort = opts.localPort;
    this.symmetric = opts.symmetric ?? true;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.onClosed = opts.onClosed;
    this.socket.on('message', this.onMessage);
    this.socket.on('error', (err) => this.log.warn({ err }, 'rtp socket error'));
    this.rtcp = new RtcpSession(this, opts.rtcp, opts.rtcpIntervalMs ?? 5000);
  }

  /**
   * Where to send (from the far end's SDP), and optionally what it
   * negotiated: an audio payload type (0 PCMU, 8 PCMA) or a full map.
   */
  setRemote(address: string, port: number, payload?: number | PayloadMap): void {
    if (this.closed) throw new MediaError('MEDIA_LEG_CLOSED', `leg ${this.id} is closed`);
    if (!(port > 0 && port < 65536)) throw new MediaError('MEDIA_BAD_ARGUMENT', `bad remote port ${port}`);
    this.remoteAddress = address;
    this.remotePort = port;
    this.latched = false;
    this.disconnectSocket();
    if (typeof payload === 'number') {
      if (payload !== 0 && payload !== 8) throw new MediaError('MEDIA_UNSUPPORTED_CODEC', `payload type ${payload} is not G.711`);
      this.setPayload(payloadMapFor(payload === 0 ? 'PCMU' : 'PCMA', this.payload.telephoneEventPt));
    } else if (payload) this.setPayload(payload);
    this.rtcp.setRemote(address, port + 1);
    if (this.sm.state === 'idle') this.activate();
  }

  /** The SDP connection line / port to advertise for this leg. */
  get local(): { address: string; port: number } {
    return { address: this.localAddress, port: this.localPort };
  }

  /**
   * What to put in our SDP for this leg (the sip package renders it): c= address,
   * m= port, payload types with rtpmap, telephone-event, ptime, direction.
   */
  sdpInfo(): LegSdpInfo {
    const p = this.payload;
    const formats: LegSdpInfo['formats'] = [{ pt: p.audioPt, encoding: p.codec, clockRate: 8000 }];
    if (p.telephoneEventPt >= 0) formats.push({ pt: p.telephoneEventPt, encoding: 'telephone-event', clockRate: 8000 });
    return {
      address: this.localAddress,
      port: this.localPort,
      formats,
      ...(p.telephoneEventPt >= 0 ? { fmtp: { [p.telephoneEventPt]: '0-16' } } : {}),
      ptimeMs: this.ptimeMs,
      direction: this.direction,
    };
  }

  get isLatched(): boolean {
    return this.latched;
  }

  protected transmit(buf: Buffer, off: number, len: number): void {
    // The whole datagram (the usual relay case: header rewritten in place) goes without offset and
    // length, so dgram does not build a slice of it per packet.
    const whole = off === 0 && len === buf.length;
    if (this.connectState === 'connected') {
      if (whole) this.socket.send(buf);
      else this.socket.send(buf, off, len);
    } else if (this.remotePort !== 0) {
      if (whole) this.socket.send(buf, this.remotePort, this.remoteAddress);
      else this.socket.send(buf, off, len, this.remotePort, this.remoteAddress);
    }
  }

  /** Connects the socket to the latched source (symmetric RTP only). */
  private connectSocket(): void {
    const gen = ++this.connectGen;
    const address = this.remoteAddress;
    const port = this.remotePort;
    this.connectState = 'connecting';
    try {
      this.socket.connect(port, address, () => {
        if (gen === this.connectGen && !this.closed) this.connectState = 'connected';
        else if (!this.closed) this.safeDisconnect(); // the remote changed meanwhile
      });
    } catch (err) {
      this.connectState = 'none';
      this.log.debug({ err }, 'rtp socket connect failed');
    }
  }

  private disconnectSocket(): void {
    this.connectGen++;
    if (this.connectState === 'connected') this.safeDisconnect();
    else this.connectState = 'none';
  }

  private safeDisconnect(): void {
    try {
      this.socket.disconnect();
    } catch {
      // not connected (yet): nothing to undo
    }
    this.connectState = 'none';
  }

  private onDatagram(msg: Buffer, rinfo: RemoteInfo): void {
    if (this.closed) return;
    if (!this.symmetric) {
      // Plain RTP: accept from anywhere, always send to the SDP address.
      if (this.sm.state === 'idle') return;
    } else if (rinfo.port !== this.remotePort || rinfo.address !== this.remoteAddress) {
      if (this.latched) {
        this.packetsDropped++; // someone else: after latching, only the latched source counts
        return;
      }
      if (msg.length < 12 || msg[0]! >>> 6 !== 2) return;
      this.remoteAddress = rinfo.address;
      this.remotePort = rinfo.port;
      this.rtcp.setRemote(rinfo.address, rinfo.port + 1);
      this.log.debug({ address: rinfo.address, port: rinfo.port }, 'symmetric RTP: latched');
      if (this.sm.state === 'idle') this.activate();
    }
    if (this.symmetric && !this.latched) {
      this.latched = true;
      this.connectSocket();
    }
    this.timedOut = false;
    this.receive(msg, 0, msg.length);
  }

  protected override onFirstAudio(buf: Buffer, off: number): void {
    this.started = true;
    this.emit('rtpStarted', { legId: this.id, remoteAddress: this.remoteAddress, remotePort: this.remotePort, ssrc: rtpSsrc(buf, off) });
  }

  private activate(): void {
    this.sm.transition('active');
    this.lastRxAt = this.clock.monotonic();
    this.rtcp.start();
    if (this.timeoutMs > 0) this.timeoutTimer = this.clock.setTimeout(this.onTimeoutCheck, Math.min(1000, this.timeoutMs));
  }

  private checkTimeout(): void {
    if (this.closed) return;
    const silent = this.clock.monotonic() - this.lastRxAt;
    if (!canReceive(this.direction)) this.lastRxAt = this.clock.monotonic(); // on hold: silence is expected
    else if (silent >= this.timeoutMs && !this.timedOut) {
      this.timedOut = true;
      this.emit('timeout', { legId: this.id, silentMs: Math.round(silent) });
    }
    this.timeoutTimer = this.clock.setTimeout(this.onTimeoutCheck, Math.min(1000, this.timeoutMs));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.clock.clearTimeout(this.timeoutTimer);
    this.rtcp.stop();
    this.markClosed();
    this.socket.off('message', this.onMessage);
    await Promise.all([closeSocket(this.socket), this.rtcp.close()]);
    this.onClosed?.(this);
  }
}

export function closeSocket(s: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      s.close(() => resolve());
    } catch {
      resolve(); // already closed
    }
  });
}
