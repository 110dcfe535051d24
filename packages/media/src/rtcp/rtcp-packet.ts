/**
 * RTCP sender and receiver reports (RFC 3550 §6.4), one report block each:
 * enough for loss and jitter monitoring of a G.711 call. Built and parsed
 * every few seconds, so plain objects are fine here.
 */
export const RTCP_SR = 200;
export const RTCP_RR = 201;

export interface ReportBlock {
  ssrc: number;
  fractionLost: number;
  cumulativeLost: number;
  extendedHighestSeq: number;
  jitter: number;
  lastSr: number;
  delaySinceLastSr: number;
}

export interface SenderInfo {
  ntpSec: number;
  ntpFrac: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
}

export interface RtcpReport {
  type: 'SR' | 'RR';
  ssrc: number;
  sender?: SenderInfo;
  blocks: ReportBlock[];
}

function writeBlock(buf: Buffer, o: number, b: ReportBlock): void {
  buf.writeUInt32BE(b.ssrc >>> 0, o);
  buf[o + 4] = b.fractionLost & 0xff;
  const lost = b.cumulativeLost & 0xffffff;
  buf[o + 5] = (lost >> 16) & 0xff;
  buf[o + 6] = (lost >> 8) & 0xff;
  buf[o + 7] = lost & 0xff;
  buf.writeUInt32BE(b.extendedHighestSeq >>> 0, o + 8);
  buf.writeUInt32BE(b.jitter >>> 0, o + 12);
  buf.writeUInt32BE(b.lastSr >>> 0, o + 16);
  buf.writeUInt32BE(b.delaySinceLastSr >>> 0, o + 20);
}

export function buildRtcpReport(r: RtcpReport): Buffer {
  const isSr = r.type === 'SR' && r.sender !== undefined;
  const len = (isSr ? 28 : 8) + 24 * r.blocks.length;
  const buf = Buffer.alloc(len);
  buf[0] = 0x80 | (r.blocks.length & 0x1f);
  buf[1] = isSr ? RTCP_SR : RTCP_RR;
  buf.writeUInt16BE(len / 4 - 1, 2);
  buf.writeUInt32BE(r.ssrc >>> 0, 4);
  let o = 8;
  if (isSr) {
    const s = r.sender!;
    buf.writeUInt32BE(s.ntpSec >>> 0, 8);
    buf.writeUInt32BE(s.ntpFrac >>> 0, 12);
    buf.writeUInt32BE(s.rtpTimestamp >>> 0, 16);
    buf.writeUInt32BE(s.packetCount >>> 0, 20);
    buf.writeUInt32BE(s.octetCount >>> 0, 24);
    o = 28;
  }
  for (const b of r.blocks) {
    writeBlock(buf, o, b);
    o += 24;
  }
  return buf;
}

/** Parses the SR/RR packets in a compound RTCP datagram; other types are skipped. */
export function parseRtcp(buf: Buffer): RtcpReport[] {
  const out: RtcpReport[] = [];
  let o = 0;
  while (o + 4 <= buf.length) {
    if (buf[o]! >>> 6 !== 2) break;
    const count = buf[o]! & 0x1f;
    const type = buf[o + 1]!;
    const len = (buf.readUInt16BE(o + 2) + 1) * 4;
    if (o + len > buf.length) break;
    if ((type === RTCP_SR || type === RTCP_RR) && len >= 8) {
      const ssrc = buf.readUInt32BE(o + 4);
      let p = o + 8;
      let sender: SenderInfo | undefined;
      if (type === RTCP_SR && len >= 28) {
        sender = {
          ntpSec: buf.readUInt32BE(o + 8),
          ntpFrac: buf.readUInt32BE(o + 12),
          rtpTimestamp: buf.readUInt32BE(o + 16),
          packetCount: buf.readUInt32BE(o + 20),
          octetCount: buf.readUInt32BE(o + 24),
        };
        p = o + 28;
      }
      const blocks: ReportBlock[] = [];
      for (let i = 0; i < count && p + 24 <= o + len; i++, p += 24) {
        let lost = (buf[p + 5]! << 16) | (buf[p + 6]! << 8) | buf[p + 7]!;
        if (lost & 0x800000) lost -= 0x1000000;
        blocks.push({
          ssrc: buf.readUInt32BE(p),
          fractionLost: buf[p + 4]!,
          cumulativeLost: lost,
          extendedHighestSeq: buf.readUInt32BE(p + 8),
          jitter: buf.readUInt32BE(p + 12),
          lastSr: buf.readUInt32BE(p + 16),
          delaySinceLastSr: buf.readUInt32BE(p + 20),
        });
      }
      out.push(sender ? { type: 'SR', ssrc, sender, blocks } : { type: 'RR', ssrc, blocks });
    }
    o += len;
  }
  return out;
}

/** Wall-clock ms to the 64-bit NTP timestamp (seconds since 1900, fraction). */
export function toNtp(ms: number): { sec: number; frac: number } {
  const secs = ms / 1000 + 2208988800;
  const sec = Math.floor(secs);
  return { sec: sec >>> 0, frac: Math.floor((secs - sec) * 0x100000000) >>> 0 };
}
