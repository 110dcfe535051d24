/**
 * RTP fixed header (RFC 3550 §5.1), read and written in place on a Buffer.
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 *  |                           timestamp                           |
 *  |           synchronization source (SSRC) identifier            |
 *  |            contributing source (CSRC) identifiers (CC)        |
 *  |   [extension: profile(16) length(16) words...]                |
 *
 * Plain functions over (buf, off): no objects are created per packet, so the
 * hot path can parse and rewrite without allocating.
 */

export const RTP_HEADER_SIZE = 12;

export function rtpVersion(buf: Buffer, off = 0): number {
  return buf[off]! >>> 6;
}
export function rtpPadding(buf: Buffer, off = 0): boolean {
  return (buf[off]! & 0x20) !== 0;
}
export function rtpExtension(buf: Buffer, off = 0): boolean {
  return (buf[off]! & 0x10) !== 0;
}
export function rtpCsrcCount(buf: Buffer, off = 0): number {
  return buf[off]! & 0x0f;
}
export function rtpMarker(buf: Buffer, off = 0): boolean {
  return (buf[off + 1]! & 0x80) !== 0;
}
export function rtpPayloadType(buf: Buffer, off = 0): number {
  return buf[off + 1]! & 0x7f;
}
export function rtpSeq(buf: Buffer, off = 0): number {
  return buf.readUInt16BE(off + 2);
}
export function rtpTimestamp(buf: Buffer, off = 0): number {
  return buf.readUInt32BE(off + 4);
}
export function rtpSsrc(buf: Buffer, off = 0): number {
  return buf.readUInt32BE(off + 8);
}
/** SSRC and timestamp as signed 32-bit ints: small integers in V8, never boxed. */
export function rtpSsrc32(buf: Buffer, off = 0): number {
  return buf.readInt32BE(off + 8);
}
export function rtpTimestamp32(buf: Buffer, off = 0): number {
  return buf.readInt32BE(off + 4);
}

export function setRtpMarker(buf: Buffer, off: number, marker: boolean): void {
  buf[off + 1] = marker ? buf[off + 1]! | 0x80 : buf[off + 1]! & 0x7f;
}
export function setRtpPayloadType(buf: Buffer, off: number, pt: number): void {
  buf[off + 1] = (buf[off + 1]! & 0x80) | (pt & 0x7f);
}
export function setRtpSeq(buf: Buffer, off: number, seq: number): void {
  buf.writeUInt16BE(seq & 0xffff, off + 2);
}
export function setRtpTimestamp(buf: Buffer, off: number, ts: number): void {
  buf.writeUInt32BE(ts >>> 0, off + 4);
}
export function setRtpSsrc(buf: Buffer, off: number, ssrc: number): void {
  buf.writeUInt32BE(ssrc >>> 0, off + 8);
}

/**
 * Length of the header including CSRCs and any extension, or -1 when the
 * packet is not a well-formed RTP v2 packet of `len` bytes.
 */
export function rtpHeaderLength(buf: Buffer, off: number, len: number): number {
  if (len < RTP_HEADER_SIZE || buf[off]! >>> 6 !== 2) return -1;
  let h = RTP_HEADER_SIZE + 4 * (buf[off]! & 0x0f);
  if (buf[off]! & 0x10) {
    if (len < h + 4) return -1;
    h += 4 + 4 * buf.readUInt16BE(off + h + 2);
  }
  return h <= len ? h : -1;
}

/** Payload length after the header, minus RFC 3550 padding; -1 if malformed. */
export function rtpPayloadLength(buf: Buffer, off: number, len: number, headerLen: number): number {
  let p = len - headerLen;
  if (buf[off]! & 0x20) {
    const pad = buf[off + len - 1]!;
    if (pad === 0 || pad > p) return -1;
    p -= pad;
  }
  return p;
}

/**
 * Writes a plain 12-byte header (no CSRC, no extension) at `off`. Timestamp
 * and SSRC may be given signed or unsigned: only their low 32 bits count.
 */
export function writeRtpHeader(buf: Buffer, off: number, pt: number, seq: number, ts: number, ssrc: number, marker = false): void {
  buf[off] = 0x80;
  buf[off + 1] = (marker ? 0x80 : 0) | (pt & 0x7f);
  buf[off + 2] = (seq >> 8) & 0xff;
  buf[off + 3] = seq & 0xff;
  buf[off + 4] = (ts >>> 24) & 0xff;
  buf[off + 5] = (ts >>> 16) & 0xff;
  buf[off + 6] = (ts >>> 8) & 0xff;
  buf[off + 7] = ts & 0xff;
  buf[off + 8] = (ssrc >>> 24) & 0xff;
  buf[off + 9] = (ssrc >>> 16) & 0xff;
  buf[off + 10] = (ssrc >>> 8) & 0xff;
  buf[off + 11] = ssrc & 0xff;
}

/** A parsed view, for tests and tools (allocates: keep it off the hot path). */
export interface RtpHeaderInfo {
  version: number;
  padding: boolean;
  extension: boolean;
  csrcCount: number;
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  headerLength: number;
  payloadLength: number;
}

export function parseRtpHeader(buf: Buffer, off = 0, len = buf.length - off): RtpHeaderInfo | undefined {
  const h = rtpHeaderLength(buf, off, len);
  if (h < 0) return undefined;
  const p = rtpPayloadLength(buf, off, len, h);
  if (p < 0) return undefined;
  return {
    version: 2,
    padding: rtpPadding(buf, off),
    extension: rtpExtension(buf, off),
    csrcCount: rtpCsrcCount(buf, off),
    marker: rtpMarker(buf, off),
    payloadType: rtpPayloadType(buf, off),
    sequenceNumber: rtpSeq(buf, off),
    timestamp: rtpTimestamp(buf, off),
    ssrc: rtpSsrc(buf, off),
    headerLength: h,
    payloadLength: p,
  };
}

/** A random 32-bit SSRC. */
export function randomSsrc(): number {
  return (Math.random() * 0x100000000) >>> 0;
}
