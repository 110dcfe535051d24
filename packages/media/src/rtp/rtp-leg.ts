import type { Socket } from 'node:dgram';
import { payloadMapFor, type PayloadMap } from '../codec/payload-types';
import { MediaError } from '../errors';
import { MediaLeg, type MediaLegOptions } from '../leg/media-leg';
import { canReceive, type MediaDirection } from '../leg/leg-state';
import { rtpSsrc } from './packet';
import { RtcpSession } from '../rtcp/rtcp-session';
import type { RtpSocket } from '../io/rtp-socket';
import type { TimerHandle } from '@switchboard/shared';
import { SrtpSession, type SrtpKeyPair } from '../srtp/srtp-session';

const SRTP_POOL = 16;

/**
 * The datagram being handled (set while a leg's receive path runs, relay included): its buffer
 * and where it ends. An SRTP datagram relayed from one SRTP leg to another is re-protected in
 * place, into the bytes its own tag took, and sent as it lies: no copy, no cold output buffer.
 */
let rxBuf: Buffer | undefined;
let rxEnd = 0;

export interface LegSdpInfo {
  address: string;
  port: number;
  formats: Array<{ pt: number; encoding: string; clockRate: number }>;
  fmtp?: Record<number, string>;
  ptimeMs: number;
  direction: MediaDirection;
}

export interface RtpLegOptions extends MediaLegOptions {
  /** The RTP socket: on this thread (DgramRtpSocket) or on an I/O thread. */
  rtp: RtpSocket;
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
  private readonly symmetric: boolean;
  private readonly socket: RtpSocket;
  private readonly rtcp: RtcpSession;
  private readonly timeoutMs: number;
  private timeoutTimer: TimerHandle | undefined;
  private timedOut = false;
  private readonly onClosed: ((leg: RtpLeg) => void) | undefined;
  private srtp: SrtpSession | undefined;
  private srtpOut: Buffer[] = [];
  /** Per pool slot, a view of exactly the last packet's length: sent whole, dgram makes no slice of it. */
  private srtpView: Buffer[] = [];
  private srtpOutIdx = 0;
  private readonly onMessage = (buf: Buffer, off: number, len: number, address: string, port: number): void => this.onDatagram(buf, off, len, address, port);
  private readonly onTimeoutCheck = (): void => this.checkTimeout();

  constructor(opts: RtpLegOptions) {
    super(opts);
    this.socket = opts.rtp;
    this.localAddress = opts.localAddress;
    this.localPort = opts.localPort;
    this.symmetric = opts.symmetric ?? true;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.onClosed = opts.onClosed;
    this.socket.setReceiver(this.onMessage);
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
    this.socket.disconnect();
    if (typeof payload === 'number') {
      if (payload !== 0 && payload !== 8) throw new MediaError('MEDIA_UNSUPPORTED_CODEC', `payload type ${payload} is not G.711`);
      this.setPayload(payloadMapFor(payload === 0 ? 'PCMU' : 'PCMA', this.payload.telephoneEventPt));
    } else if (payload) this.setPayload(payload);
    this.rtcp.setRemote(address, port + 1);
    if (this.sm.state === 'idle') this.activate();
  }

  /**
   * SRTP (SDES keys, RFC 4568): from now on what we send is protected with `keys.local` and what
   * we receive must authenticate under `keys.remote` (else it is dropped); undefined: plain RTP.
   * Inside the leg (relay, taps, recorder, mixer) media stays plain. A direction whose key is
   * unchanged keeps its rollover counter and replay list (a re-INVITE).
   */
  setSrtp(keys: SrtpKeyPair | undefined): void {
    this.srtp = keys ? new SrtpSession(keys, this.srtp) : undefined;
    if (this.srtp && this.srtpOut.length === 0)
      for (let i = 0; i < SRTP_POOL; i++) {
        this.srtpOut.push(Buffer.alloc(1500));
        this.srtpView.push(Buffer.alloc(0));
      }
    this.rtcp.setSrtp(this.srtp);
  }

  /** Is media on this leg SRTP? */
  get secure(): boolean {
    return this.srtp !== undefined;
  }

  /** SRTP packets refused on the way in (bad tag, replayed, too short); zeros for plain RTP. */
  get srtpDrops(): { short: number; auth: number; replay: number } {
    return this.srtp ? { ...this.srtp.rx.drops } : { short: 0, auth: 0, replay: 0 };
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
    if (this.remotePort === 0) return;
    const srtp = this.srtp;
    if (!srtp) {
      this.socket.send(buf, off, len, this.remotePort, this.remoteAddress);
      return;
    }
    const tagLength = srtp.tx.tagLength;
    if (buf === rxBuf && off + len + tagLength <= rxEnd) {
      const n = srtp.tx.protect(buf, off, len, buf, off);
      if (n > 0) this.socket.send(buf, off, n, this.remotePort, this.remoteAddress);
      return;
    }
    // A ring of output buffers, as for local audio: a send may still hold one for a moment.
    const i = this.srtpOutIdx;
    const out = this.srtpOut[i]!;
    this.srtpOutIdx = (i + 1) % SRTP_POOL;
    const n = len + tagLength <= out.length ? srtp.tx.protect(buf, off, len, out) : -1;
    if (n <= 0) return;
    let view = this.srtpView[i]!;
    if (view.length !== n) this.srtpView[i] = view = out.subarray(0, n);
    this.socket.send(view, 0, n, this.remotePort, this.remoteAddress);
  }

  private onDatagram(buf: Buffer, off: number, len0: number, address: string, port: number): void {
    if (this.closed) return;
    let len = len0;
    if (this.srtp) {
      // Authenticated before anything else: an unauthentic packet must not latch nor count as media.
      len = this.srtp.rx.unprotect(buf, off, len0);
      if (len < 0) {
        this.packetsDropped++;
        return;
      }
    }
    if (!this.symmetric) {
      // Plain RTP: accept from anywhere, always send to the SDP address.
      if (this.sm.state === 'idle') return;
    } else if (port !== this.remotePort || address !== this.remoteAddress) {
      if (this.latched) {
        this.packetsDropped++; // someone else: after latching, only the latched source counts
        return;
      }
      if (len < 12 || buf[off]! >>> 6 !== 2) return;
      this.remoteAddress = address;
      this.remotePort = port;
      this.rtcp.setRemote(address, port + 1);
      this.log.debug({ address, port }, 'symmetric RTP: latched');
      if (this.sm.state === 'idle') this.activate();
    }
    if (this.symmetric && !this.latched) {
      this.latched = true;
      this.socket.connect(this.remotePort, this.remoteAddress);
    }
    this.timedOut = false;
    rxBuf = buf;
    rxEnd = off + len0;
    try {
      this.receive(buf, off, len);
    } finally {
      rxBuf = undefined;
    }
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
    if (!canReceive(this.direction))
      this.lastRxAt = this.clock.monotonic(); // on hold: silence is expected
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
    this.socket.setReceiver(undefined);
    await Promise.all([this.socket.close(), this.rtcp.close()]);
    this.onClosed?.(this);
  }
}
