import { HmacSha1 } from './hmac-sha1';
import { ReplayWindow } from './replay-window';
import { tagMatches } from './srtp-context';
import { AesCounter, deriveSessionKeys, packetIv, SRTP_SUITES, type SrtpMasterKey } from './srtp-keys';

/**
 * One direction of SRTCP (RFC 3711 3.4): everything after the first report's 8-byte header is
 * encrypted, then the E flag with the 31-bit SRTCP index and an 80-bit tag are appended.
 */
export class SrtcpContext {
  private readonly tagLength: number;
  private readonly aes: AesCounter;
  private readonly hmac: HmacSha1;
  private readonly salt: Buffer;
  private readonly iv = Buffer.alloc(16);
  private index = 0;
  private readonly replay = new ReplayWindow();
  /** Reports refused by unprotect (too short, bad tag, replayed). */
  dropped = 0;

  constructor(master: SrtpMasterKey) {
    const k = deriveSessionKeys(master, true);
    this.tagLength = SRTP_SUITES[master.suite].rtcpTagLength;
    this.aes = new AesCounter(k.cipherKey);
    this.hmac = new HmacSha1(k.authKey);
    this.salt = k.salt;
  }

  /** A new buffer: the compound RTCP packet encrypted, with its index and tag. */
  protect(rtcp: Buffer): Buffer {
    const len = rtcp.length;
    const out = Buffer.alloc(len + 4 + this.tagLength);
    rtcp.copy(out);
    // Pre-incremented, as libsrtp does: the first report carries index 1.
    this.index = (this.index + 1) & 0x7fffffff;
    const i = this.index;
    this.aes.xor(packetIv(this.iv, this.salt, out.readUInt32BE(4), i >>> 16, i & 0xffff), out, 8, len - 8);
    out.writeUInt32BE((0x80000000 | i) >>> 0, len);
    this.hmac.mac(out, 0, len + 4, 0, 0);
    this.hmac.bytes.copy(out, len + 4, this.hmac.digestAt, this.hmac.digestAt + this.tagLength);
    return out;
  }

  /** The plain compound RTCP packet (a view of `srtcp`, decrypted in place), or undefined to drop it. */
  unprotect(srtcp: Buffer): Buffer | undefined {
    const len = srtcp.length - 4 - this.tagLength;
    if (len < 8) {
      this.dropped++;
      return undefined;
    }
    const e = srtcp.readUInt32BE(len);
    const i = e & 0x7fffffff;
    this.hmac.mac(srtcp, 0, len + 4, 0, 0);
    if (!this.replay.fresh(i) || !tagMatches(this.hmac.bytes, this.hmac.digestAt, srtcp, len + 4, this.tagLength)) {
      this.dropped++;
      return undefined;
    }
    this.replay.mark(i);
    // E clear: the sender did not encrypt (RFC 3711 3.4 allows it); authenticated all the same.
    if (e & 0x80000000) this.aes.xor(packetIv(this.iv, this.salt, srtcp.readUInt32BE(4), i >>> 16, i & 0xffff), srtcp, 8, len - 8);
    return srtcp.subarray(0, len);
  }
}
