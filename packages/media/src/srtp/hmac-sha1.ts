import { ContextMemory } from './context-memory';
import { sha1Block as compress } from './sha1-block';

/** Bytes of state an HmacSha1 keeps in its memory (see ContextMemory): the two pads' SHA-1 states. */
export const HMAC_MEMORY = 64;

// Per-packet working memory, one for the process and not one per key: the inner and outer hashes
// (words 0-4, 5-9), the tail blocks (bytes 64-191), the outer block (192-255: the inner digest,
// then padding that never changes) and the digest (256-275). Every packet uses it, so it stays in
// the CPU's cache; a key's own memory is cold by the time its stream's next packet comes (the
// relay handles hundreds of others in between), so it is kept to the 40 bytes that must persist.
// mac() leaves the digest here; callers read it before the next mac(): one thread, no await.
const SCRATCH = new ContextMemory(320);
const TAIL = 64;
const OUTER = 192;
const DIGEST = 256;
SCRATCH.bytes[OUTER + 20] = 0x80;
putInt(SCRATCH.bytes, OUTER + 60, (64 + 20) * 8);

/**
 * HMAC-SHA1 (RFC 2104) for SRTP's per-packet tags, in JS: the key's inner and outer pad blocks are
 * hashed once, so a packet costs its own SHA-1 blocks and one more, with no object created, the
 * blocks in unrolled straight-line code (sha1-block.ts). Measured (bench/results/srtp.md): about
 * 0.7 µs for a 172-byte packet, against 2.4 µs for node:crypto's createHmac per packet, whose cost
 * is mostly setting up a native object per call, not hashing 176 bytes.
 *
 * The key's state lives in HMAC_MEMORY bytes of a ContextMemory from byte `at` (a multiple of
 * 64): words at/4 + 0..4 the inner pad's state, +5..9 the outer's. The rest is the shared SCRATCH.
 */
export class HmacSha1 {
  private readonly w: Int32Array;
  private readonly s: number;
  /** Where mac() leaves the 20-byte digest in `bytes`. */
  readonly digestAt = DIGEST;

  constructor(key: Uint8Array, mem: ContextMemory = new ContextMemory(HMAC_MEMORY), at = 0) {
    if (key.length > 64) throw new RangeError('HMAC-SHA1 keys here are at most 64 bytes');
    if (at % 64 !== 0 || at + HMAC_MEMORY > mem.bytes.length) throw new RangeError('HMAC-SHA1 memory: a 64-byte aligned region of HMAC_MEMORY bytes');
    this.w = mem.words;
    this.s = at >>> 2;
    const pad = Buffer.alloc(64);
    const w = this.w;
    for (let i = 0; i < 64; i++) pad[i] = (key[i] ?? 0) ^ 0x36;
    for (let i = 0; i < 5; i++) w[this.s + i] = INIT[i]!;
    compress(w, this.s, pad, 0);
    for (let i = 0; i < 64; i++) pad[i] = (key[i] ?? 0) ^ 0x5c;
    for (let i = 0; i < 5; i++) w[this.s + 5 + i] = INIT[i]!;
    compress(w, this.s + 5, pad, 0);
  }

  /** The memory the digest is left in, at `digestAt` (shared: read it before the next mac()). */
  get bytes(): Buffer {
    return SCRATCH.bytes;
  }

  /**
   * HMAC of data[off, off+len) followed by `trailer` as 4 big-endian bytes when `trailerBytes`
   * is 4 (SRTP's ROC) or nothing when 0; the 20-byte digest into bytes[digestAt…]. Whole blocks
   * are hashed where they lie; only the tail is copied, to add the padding.
   */
  mac(data: Uint8Array, off: number, len: number, trailer: number, trailerBytes: 0 | 4): void {
    hmacSha1(this.w, this.s, data, off, len, trailer, trailerBytes);
  }
}

/** Where hmacSha1() leaves its 20-byte digest: MAC_BYTES[MAC_AT…] (shared: read it before the next). */
export const MAC_BYTES: Buffer = SCRATCH.bytes;
export const MAC_AT = DIGEST;

/**
 * HMAC-SHA1 with the key whose pad states lie at words key[s, s+10) (as HmacSha1 computes them)
 * of data[off, off+len) followed by `trailer` as 4 big-endian bytes when `trailerBytes` is 4
 * (SRTP's ROC) or nothing when 0; the digest into MAC_BYTES at MAC_AT. A function, not a method:
 * SRTP's per-packet path reaches the key's words from its own context, one object fewer to load.
 */
export function hmacSha1(key: Int32Array, s: number, data: Uint8Array, off: number, len: number, trailer: number, trailerBytes: 0 | 4): void {
  const w = SCRATCH.words;
  const b = SCRATCH.bytes;
  for (let i = 0; i < 5; i++) w[i] = key[s + i]!;
  const whole = len >>> 6;
  for (let k = 0; k < whole; k++) compress(w, 0, data, off + k * 64);
  const rest = len - whole * 64;
  const total = rest + trailerBytes;
  // The tail, the trailer, 0x80 and the length: one block, or two when they do not fit in 64.
  const padded = total + 9 <= 64 ? 64 : 128;
  const from = off + whole * 64;
  for (let i = 0; i < rest; i++) b[TAIL + i] = data[from + i]!;
  if (trailerBytes === 4) putInt(b, TAIL + rest, trailer);
  b[TAIL + total] = 0x80;
  // Loops, not Buffer#fill: its argument checks cost more than the few bytes (a CPU profile showed it).
  for (let i = total + 1; i < padded - 4; i++) b[TAIL + i] = 0;
  // The message's bit length, counting the pad block already hashed (always < 2^32 here).
  putInt(b, TAIL + padded - 4, (64 + len + trailerBytes) * 8);
  for (let o = 0; o < padded; o += 64) compress(w, 0, b, TAIL + o);
  // Outer: the 20-byte inner digest in a block whose padding was written once.
  for (let i = 0; i < 5; i++) {
    putInt(b, OUTER + i * 4, w[i]!);
    w[5 + i] = key[s + 5 + i]!;
  }
  compress(w, 5, b, OUTER);
  for (let i = 0; i < 5; i++) putInt(b, DIGEST + i * 4, w[5 + i]!);
}

const INIT = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0];

function putInt(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}
