import { ContextMemory } from './context-memory';
import { sha1Block as compress, sha1Digest20Block } from './sha1-block';

/** Bytes of state an HmacSha1 keeps in its memory (see ContextMemory): 4 SHA-1 states, 2 tail blocks, the digest. */
export const HMAC_MEMORY = 320;

/**
 * HMAC-SHA1 (RFC 2104) for SRTP's per-packet tags, in JS: the key's inner and outer pad blocks are
 * hashed once, so a packet costs its own SHA-1 blocks and one more, with no object created, the
 * blocks in unrolled straight-line code (sha1-block.ts). Measured (bench/results/srtp.md): about
 * 0.5 µs for a 172-byte packet, against 2.4 µs for node:crypto's createHmac per packet, whose cost
 * is mostly setting up a native object per call, not hashing 176 bytes.
 *
 * Its state lives in HMAC_MEMORY bytes of a ContextMemory from byte `at` (a multiple of 64):
 * words at/4 + 0..4 the inner pad's state, +5..9 the outer's, +10..14 the inner hash, +15..19
 * the outer hash; bytes at+128..255 the tail blocks, at+256..275 the digest. The outer block
 * (the inner digest and fixed padding) is hashed from the words, not written out as bytes.
 */
export class HmacSha1 {
  private readonly b: Buffer;
  private readonly w: Int32Array;
  private readonly s: number;
  private readonly tail: number;
  /** Where mac() leaves the 20-byte digest in `bytes`. */
  readonly digestAt: number;

  constructor(key: Uint8Array, mem: ContextMemory = new ContextMemory(HMAC_MEMORY), at = 0) {
    if (key.length > 64) throw new RangeError('HMAC-SHA1 keys here are at most 64 bytes');
    if (at % 64 !== 0 || at + HMAC_MEMORY > mem.bytes.length) throw new RangeError('HMAC-SHA1 memory: a 64-byte aligned region of HMAC_MEMORY bytes');
    this.b = mem.bytes;
    this.w = mem.words;
    this.s = at >>> 2;
    this.tail = at + 128;
    this.digestAt = at + 256;
    const pad = Buffer.alloc(64);
    const w = this.w;
    for (let i = 0; i < 64; i++) pad[i] = (key[i] ?? 0) ^ 0x36;
    for (let i = 0; i < 5; i++) w[this.s + i] = INIT[i]!;
    compress(w, this.s, pad, 0);
    for (let i = 0; i < 64; i++) pad[i] = (key[i] ?? 0) ^ 0x5c;
    for (let i = 0; i < 5; i++) w[this.s + 5 + i] = INIT[i]!;
    compress(w, this.s + 5, pad, 0);
  }

  /** The memory the digest is left in, at `digestAt`. */
  get bytes(): Buffer {
    return this.b;
  }

  /**
   * HMAC of data[off, off+len) followed by `trailer` as 4 big-endian bytes when `trailerBytes`
   * is 4 (SRTP's ROC) or nothing when 0; the 20-byte digest into bytes[digestAt…]. Whole blocks
   * are hashed where they lie; only the tail is copied, to add the padding.
   */
  mac(data: Uint8Array, off: number, len: number, trailer: number, trailerBytes: 0 | 4): void {
    const w = this.w;
    const s = this.s;
    const h = s + 10;
    for (let i = 0; i < 5; i++) w[h + i] = w[s + i]!;
    const whole = len >>> 6;
    for (let k = 0; k < whole; k++) compress(w, h, data, off + k * 64);
    const rest = len - whole * 64;
    const total = rest + trailerBytes;
    // The tail, the trailer, 0x80 and the length: one block, or two when they do not fit in 64.
    const padded = total + 9 <= 64 ? 64 : 128;
    const b = this.b;
    const t = this.tail;
    const from = off + whole * 64;
    for (let i = 0; i < rest; i++) b[t + i] = data[from + i]!;
    if (trailerBytes === 4) putInt(b, t + rest, trailer);
    b[t + total] = 0x80;
    // Loops, not Buffer#fill: its argument checks cost more than the few bytes (a CPU profile showed it).
    for (let i = total + 1; i < padded - 4; i++) b[t + i] = 0;
    // The message's bit length, counting the pad block already hashed (always < 2^32 here).
    putInt(b, t + padded - 4, (64 + len + trailerBytes) * 8);
    for (let o = 0; o < padded; o += 64) compress(w, h, b, t + o);
    // Outer: the 20-byte inner digest in a block whose padding and length never change.
    const o = s + 15;
    for (let i = 0; i < 5; i++) w[o + i] = w[s + 5 + i]!;
    sha1Digest20Block(w, o, h);
    const d = this.digestAt;
    for (let i = 0; i < 5; i++) putInt(b, d + i * 4, w[o + i]!);
  }
}

const INIT = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0];

function putInt(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}
