import type { Cipher } from 'node:crypto';
import { createCipheriv } from 'node:crypto';
import { packetIv } from './srtp-keys';

/** Packets per refill, and keystream bytes kept per packet (a 20 ms G.711 payload needs 160). */
const PACKETS = 32;
const BYTES = 176;

/**
 * Keystream for the next packets of one SRTP stream, made ahead in one AES call: a stream's SSRC
 * is fixed and its packet index rises by one, so the counter blocks of the next 32 packets are
 * known before they arrive. One native call per 32 packets instead of one each (the call and
 * its result buffer, not the AES rounds, were most of the cost). A packet outside the window (an
 * SSRC change, a jump, a late one) refills from its index; a payload over 176 bytes is not
 * served (the caller falls back to AesCounter).
 */
export class KeystreamCache {
  private readonly ecb: Cipher;
  private readonly ctr = Buffer.alloc(PACKETS * BYTES);
  private readonly iv = Buffer.alloc(16);
  // Where the keystream is kept (copied from the cipher's output): allocated once, so aligned for words.
  private readonly stream = Buffer.alloc(PACKETS * BYTES);
  private readonly stream32 = new Int32Array(this.stream.buffer, this.stream.byteOffset, (PACKETS * BYTES) >>> 2);
  private ssrc = -1;
  private base = -1;

  constructor(
    key: Buffer,
    private readonly salt: Buffer,
  ) {
    this.ecb = createCipheriv('aes-128-ecb', key, null);
    this.ecb.setAutoPadding(false);
  }

  /**
   * XORs dst[dstOff, dstOff+len) with src[srcOff, …) and the keystream of packet `index` (48 bits)
   * of `ssrc`; false when len is over 176 (nothing done).
   */
  xor(ssrc: number, index: number, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, len: number): boolean {
    if (len > BYTES) return false;
    if (ssrc !== this.ssrc || index < this.base || index >= this.base + PACKETS) this.refill(ssrc, index);
    const ks = this.stream;
    const k = (index - this.base) * BYTES;
    let i = 0;
    // 32-bit words where both packets are 4-byte aligned (an RTP payload without CSRCs or header
    // extension is, in the buffers dgram and the leg hand us): about half the time of bytes, view
    // creation included.
    const a = src.byteOffset + srcOff;
    const b = dst.byteOffset + dstOff;
    if (((a | b) & 3) === 0 && len >= 16) {
      const n = len >>> 2;
      const s32 = new Int32Array(src.buffer, a, n);
      const d32 = new Int32Array(dst.buffer, b, n);
      const ks32 = this.stream32;
      const k32 = k >>> 2;
      for (let w = 0; w < n; w++) d32[w] = s32[w]! ^ ks32[k32 + w]!;
      i = n * 4;
    }
    for (; i < len; i++) dst[dstOff + i] = src[srcOff + i]! ^ ks[k + i]!;
    return true;
  }

  private refill(ssrc: number, index: number): void {
    const ctr = this.ctr;
    const salt = this.salt;
    // Bytes 0-7 (salt ^ SSRC) and 14-15 (block number) only change with the SSRC: rewrite them then.
    if (ssrc !== this.ssrc) {
      const iv = packetIv(this.iv, salt, ssrc, 0, 0);
      for (let o = 0; o < PACKETS * BYTES; o += 16) {
        for (let j = 0; j < 8; j++) ctr[o + j] = iv[j]!;
        ctr[o + 14] = 0;
        ctr[o + 15] = (o % BYTES) >>> 4;
      }
    }
    // Bytes 8-13: salt ^ the 48-bit index (RFC 3711 4.1.1), written here, not through packetIv,
    // whose salt copy is a native call per packet.
    for (let p = 0; p < PACKETS; p++) {
      const i = index + p;
      const hi = Math.floor(i / 0x10000) >>> 0;
      const b8 = salt[8]! ^ (hi >>> 24);
      const b9 = salt[9]! ^ ((hi >>> 16) & 0xff);
      const b10 = salt[10]! ^ ((hi >>> 8) & 0xff);
      const b11 = salt[11]! ^ (hi & 0xff);
      const b12 = salt[12]! ^ ((i >>> 8) & 0xff);
      const b13 = salt[13]! ^ (i & 0xff);
      for (let o = p * BYTES; o < (p + 1) * BYTES; o += 16) {
        ctr[o + 8] = b8;
        ctr[o + 9] = b9;
        ctr[o + 10] = b10;
        ctr[o + 11] = b11;
        ctr[o + 12] = b12;
        ctr[o + 13] = b13;
      }
    }
    this.stream.set(this.ecb.update(ctr));
    this.ssrc = ssrc;
    this.base = index;
  }
}
