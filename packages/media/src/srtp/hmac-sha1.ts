import { sha1Block as compress } from './sha1-block';

/**
 * HMAC-SHA1 (RFC 2104) for SRTP's per-packet tags, in JS: the key's inner and outer pad blocks are
 * hashed once, so a packet costs its own SHA-1 blocks and one more, with no object created, the
 * blocks in unrolled straight-line code (sha1-block.ts). Measured (bench/results/srtp.md): about
 * 0.5 µs for a 172-byte packet, against 2.4 µs for node:crypto's createHmac per packet, whose cost
 * is mostly setting up a native object per call, not hashing 176 bytes.
 */
export class HmacSha1 {
  private readonly inner = new Int32Array(5);
  private readonly outer = new Int32Array(5);
  private readonly h = new Int32Array(5);
  // A Buffer, as the packets are: sha1Block then sees one kind of array (a second deoptimised it).
  private scratch = Buffer.alloc(1600);
  /** The outer hash's one block: 20 digest bytes, then 0x80, zeros and the bit length (64 + 20) * 8. */
  private readonly outerBlock = Buffer.alloc(64);

  constructor(key: Uint8Array) {
    if (key.length > 64) throw new RangeError('HMAC-SHA1 keys here are at most 64 bytes');
    const pad = Buffer.alloc(64);
    for (let i = 0; i < 64; i++) pad[i] = (key[i] ?? 0) ^ 0x36;
    this.inner.set(INIT);
    compress(this.inner, pad, 0);
    for (let i = 0; i < 64; i++) pad[i] = (key[i] ?? 0) ^ 0x5c;
    this.outer.set(INIT);
    compress(this.outer, pad, 0);
    this.outerBlock[20] = 0x80;
    putInt(this.outerBlock, 60, (64 + 20) * 8);
  }

  /**
   * HMAC of data[off, off+len) followed by `extra` (SRTP's ROC, SRTCP's index), 20 bytes into
   * `out`. Whole blocks are hashed where they lie; only the tail is copied, to add the padding.
   */
  mac(data: Uint8Array, off: number, len: number, extra: Uint8Array, out: Uint8Array): void {
    const h = this.h;
    const inner = this.inner;
    for (let i = 0; i < 5; i++) h[i] = inner[i]!;
    const whole = len >>> 6;
    for (let k = 0; k < whole; k++) compress(h, data, off + k * 64);
    const rest = len - whole * 64;
    const total = rest + extra.length;
    const padded = (((total + 8) >>> 6) + 1) * 64;
    if (padded > this.scratch.length) this.scratch = Buffer.alloc(padded);
    const s = this.scratch;
    const from = off + whole * 64;
    for (let i = 0; i < rest; i++) s[i] = data[from + i]!;
    for (let i = 0; i < extra.length; i++) s[rest + i] = extra[i]!;
    s[total] = 0x80;
    // Loops, not Buffer#fill: its argument checks cost more than the few bytes (a CPU profile showed it).
    for (let i = total + 1; i < padded - 4; i++) s[i] = 0;
    // The message's bit length, counting the pad block already hashed (always < 2^32 here).
    putInt(s, padded - 4, (64 + len + extra.length) * 8);
    for (let o = 0; o < padded; o += 64) compress(h, s, o);
    // Outer: the 20-byte inner digest in a block whose padding and length never change.
    const ob = this.outerBlock;
    for (let i = 0; i < 5; i++) putInt(ob, i * 4, h[i]!);
    const outer = this.outer;
    for (let i = 0; i < 5; i++) h[i] = outer[i]!;
    compress(h, ob, 0);
    for (let i = 0; i < 5; i++) putInt(out, i * 4, h[i]!);
  }
}

const INIT = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0];

function putInt(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}
