import type { Cipher } from 'node:crypto';
import { createCipheriv } from 'node:crypto';
import { ContextMemory } from './context-memory';
import { packetIv } from './srtp-keys';

/** Packets per refill, and keystream bytes kept per packet (a 20 ms G.711 payload needs 160). */
const PACKETS = 32;
const BYTES = 176;
/** Bytes of keystream a KeystreamCache keeps in its memory. */
export const KEYSTREAM_MEMORY = PACKETS * BYTES;

/**
 * Keystream for the next packets of one SRTP stream, made ahead in one AES call: a stream's SSRC
 * is fixed and its packet index rises by one, so the counter blocks of the next 32 packets are
 * known before they arrive. One native call per 32 packets instead of one each (the call and
 * its result buffer, not the AES rounds, were most of the cost). A packet outside the window (an
 * SSRC change, a jump, a late one) refills from its index; a payload over 176 bytes is not
 * served (the caller falls back to AesCounter). The keystream lives in a context's memory
 * (context-memory.ts) from byte `at`, next to the rest of its per-packet state.
 */
export class KeystreamCache {
  private readonly ecb: Cipher;
  private readonly ctr = Buffer.alloc(PACKETS * BYTES);
  private readonly iv = Buffer.alloc(16);
  // Where the keystream is kept (copied from the cipher's output).
  private readonly stream: Buffer;
  private readonly from: number;
  private ssrc = -1;
  private hi = -1;

  constructor(
    key: Buffer,
    private readonly salt: Buffer,
    mem: ContextMemory = new ContextMemory(KEYSTREAM_MEMORY),
    at = 0,
  ) {
    if (at + KEYSTREAM_MEMORY > mem.bytes.length) throw new RangeError('keystream memory: a region of KEYSTREAM_MEMORY bytes');
    this.ecb = createCipheriv('aes-128-ecb', key, null);
    this.ecb.setAutoPadding(false);
    this.stream = mem.bytes;
    this.from = at;
  }

  /** Bytes of keystream per packet, the most a payload served from the cache may have. */
  static readonly BYTES = BYTES;
  static readonly PACKETS = PACKETS;

  /**
   * Makes the keystream of packets index … index+31 of `ssrc` into the memory from `at`, BYTES a
   * packet, in one AES call. The caller (SrtpContext) keeps the window's place and XORs from it
   * (xorKeystream).
   */
  refill(ssrc: number, index: number): void {
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
    // whose salt copy is a native call per packet. Bytes 8-11 (the index's top 32 bits) change once
    // in 65536 packets: when the whole window keeps those already written, only 12-13 are.
    const hi0 = Math.floor(index / 0x10000) >>> 0;
    const same = ssrc === this.ssrc && hi0 === this.hi && Math.floor((index + PACKETS - 1) / 0x10000) === hi0;
    for (let p = 0; p < PACKETS; p++) {
      const i = index + p;
      const b12 = salt[12]! ^ ((i >>> 8) & 0xff);
      const b13 = salt[13]! ^ (i & 0xff);
      if (same) {
        for (let o = p * BYTES; o < (p + 1) * BYTES; o += 16) {
          ctr[o + 12] = b12;
          ctr[o + 13] = b13;
        }
        continue;
      }
      const hi = Math.floor(i / 0x10000) >>> 0;
      const b8 = salt[8]! ^ (hi >>> 24);
      const b9 = salt[9]! ^ ((hi >>> 16) & 0xff);
      const b10 = salt[10]! ^ ((hi >>> 8) & 0xff);
      const b11 = salt[11]! ^ (hi & 0xff);
      for (let o = p * BYTES; o < (p + 1) * BYTES; o += 16) {
        ctr[o + 8] = b8;
        ctr[o + 9] = b9;
        ctr[o + 10] = b10;
        ctr[o + 11] = b11;
        ctr[o + 12] = b12;
        ctr[o + 13] = b13;
      }
    }
    // What bytes 8-11 hold now for every packet of the window, or -1 when they differ.
    this.hi = Math.floor((index + PACKETS - 1) / 0x10000) === hi0 ? hi0 : -1;
    this.stream.set(this.ecb.update(ctr), this.from);
    this.ssrc = ssrc;
  }
}

/**
 * dst[dstOff, dstOff+len) = src[srcOff, …) ^ ks[k, …): four bytes a turn, fewer loop turns and
 * bounds checks than one (a typed-array view over the datagram, for word XORs, costs more to make
 * per packet than it saves).
 */
export function xorKeystream(ks: Uint8Array, k: number, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, len: number): void {
  const n4 = len & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const a = srcOff + i;
    const b = dstOff + i;
    const c = k + i;
    const x0 = src[a]! ^ ks[c]!;
    const x1 = src[a + 1]! ^ ks[c + 1]!;
    const x2 = src[a + 2]! ^ ks[c + 2]!;
    const x3 = src[a + 3]! ^ ks[c + 3]!;
    dst[b] = x0;
    dst[b + 1] = x1;
    dst[b + 2] = x2;
    dst[b + 3] = x3;
  }
  for (; i < len; i++) dst[dstOff + i] = src[srcOff + i]! ^ ks[k + i]!;
}
