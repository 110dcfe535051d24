import type { Cipher } from 'node:crypto';
import { createCipheriv } from 'node:crypto';
import { packetIv } from './srtp-keys';

/** Packets per refill, and keystream bytes kept per packet (a 20 ms G.711 payload needs 160). */
const PACKETS = 32;
const BYTES = 176;
const BLOCKS = BYTES / 16;

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
  private stream = Buffer.alloc(0);
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
    for (let i = 0; i < len; i++) dst[dstOff + i] = src[srcOff + i]! ^ ks[k + i]!;
    return true;
  }

  private refill(ssrc: number, index: number): void {
    const ctr = this.ctr;
    const iv = this.iv;
    // Bytes 0-7 (salt ^ SSRC) and 14-15 (block number) only change with the SSRC: rewrite them then.
    const full = ssrc !== this.ssrc;
    for (let p = 0; p < PACKETS; p++) {
      const i = index + p;
      packetIv(iv, this.salt, ssrc, Math.floor(i / 0x10000) >>> 0, i % 0x10000);
      for (let b = 0; b < BLOCKS; b++) {
        const o = (p * BLOCKS + b) * 16;
        if (full) {
          for (let j = 0; j < 8; j++) ctr[o + j] = iv[j]!;
          ctr[o + 14] = 0;
          ctr[o + 15] = b;
        }
        for (let j = 8; j < 14; j++) ctr[o + j] = iv[j]!;
      }
    }
    this.stream = this.ecb.update(ctr);
    this.ssrc = ssrc;
    this.base = index;
  }
}
