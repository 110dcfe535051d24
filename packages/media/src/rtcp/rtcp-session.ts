import type { Socket } from 'node:dgram';
import type { TimerHandle } from '@switchboard/shared';
import type { MediaLeg } from '../leg/media-leg';
import type { SrtpSession } from '../srtp/srtp-session';
import { buildRtcpReport, parseRtcp, toNtp, type ReportBlock } from './rtcp-packet';

/**
 * Basic RTCP for one RTP leg: every `intervalMs` a sender report (if we have
 * sent) or receiver report about the stream we receive, and each incoming
 * report surfaced as the leg's 'rtcp' event.
 */
export class RtcpSession {
  private address = '';
  private port = 0;
  private timer: TimerHandle | undefined;
  private lastSrMid = 0;
  private lastSrAt = -1;
  private remoteSsrc = 0;
  private octetsOut = 0;
  private srtp: SrtpSession | undefined;
  private readonly tick = (): void => this.send();

  constructor(
    private readonly leg: MediaLeg,
    private readonly socket: Socket,
    private readonly intervalMs: number,
  ) {
    socket.on('message', (msg) => this.onMessage(msg));
    socket.on('error', () => {});
  }

  setRemote(address: string, port: number): void {
    this.address = address;
    this.port = port;
  }

  /** SRTCP with the leg's SRTP keys (RFC 3711 3.4), or plain RTCP. */
  setSrtp(s: SrtpSession | undefined): void {
    this.srtp = s;
  }

  start(): void {
    if (this.intervalMs > 0 && !this.timer) this.timer = this.leg.clock.setTimeout(this.tick, this.intervalMs);
  }

  stop(): void {
    this.leg.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      try {
        this.socket.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }

  /** Builds the report we would send now (exposed for tests). */
  buildReport(): Buffer {
    const leg = this.leg;
    const st = leg.stats;
    const blocks: ReportBlock[] = [];
    if (st.received > 0) {
      const now = leg.clock.monotonic();
      blocks.push({
        ssrc: this.remoteSsrc,
        fractionLost: st.takeFractionLost(),
        cumulativeLost: st.cumulativeLost,
        extendedHighestSeq: st.extendedMaxSeq,
        jitter: st.jitterValue,
        lastSr: this.lastSrMid,
        delaySinceLastSr: this.lastSrAt < 0 ? 0 : Math.round(((now - this.lastSrAt) / 1000) * 65536),
      });
    }
    if (leg.packetsOut > 0) {
      const ntp = toNtp(leg.clock.now());
      this.octetsOut = leg.packetsOut * 160;
      return buildRtcpReport({
        type: 'SR',
        ssrc: leg.rewriter.ssrc,
        sender: { ntpSec: ntp.sec, ntpFrac: ntp.frac, rtpTimestamp: leg.rewriter.outTs, packetCount: leg.packetsOut, octetCount: this.octetsOut },
        blocks,
      });
    }
    return buildRtcpReport({ type: 'RR', ssrc: leg.rewriter.ssrc, blocks });
  }

  private send(): void {
    this.timer = undefined;
    if (this.leg.closed) return;
    if (this.port !== 0) {
      const report = this.buildReport();
      this.socket.send(this.srtp ? this.srtp.rtcpTx.protect(report) : report, this.port, this.address);
    }
    this.start();
  }

  private onMessage(data: Buffer): void {
    const msg = this.srtp ? this.srtp.rtcpRx.unprotect(data) : data;
    if (!msg) return;
    for (const r of parseRtcp(msg)) {
      this.remoteSsrc = r.ssrc;
      if (r.sender) {
        this.lastSrMid = ((r.sender.ntpSec & 0xffff) << 16) | (r.sender.ntpFrac >>> 16);
        this.lastSrAt = this.leg.clock.monotonic();
      }
      const b = r.blocks.find((x) => x.ssrc === this.leg.rewriter.ssrc) ?? r.blocks[0];
      this.leg.emit('rtcp', {
        legId: this.leg.id,
        fractionLost: b ? b.fractionLost / 256 : 0,
        cumulativeLost: b?.cumulativeLost ?? 0,
        jitter: b?.jitter ?? 0,
        senderReport: r.type === 'SR',
      });
    }
  }
}
