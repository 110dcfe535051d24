/**
 * HMAC-SHA1 (RFC 2104) for SRTP's per-packet tags, in JS: the key's inner and outer pad blocks are
 * hashed once, so a packet costs its own SHA-1 blocks and one more, with no object created. Measured
 * (bench/srtp.ts era): about half the time of node:crypto's createHmac per packet, whose cost is
 * mostly setting up a native object per call, not hashing 176 bytes.
 */
export class HmacSha1 {
  private readonly inner = new Int32Array(5);
  private readonly outer = new Int32Array(5);
  private readonly h = new Int32Array(5);
  private readonly w = new Int32Array(80);
  private scratch = new Uint8Array(1600);

  constructor(key: Uint8Array) {
    if (key.length > 64) throw new RangeError('HMAC-SHA1 keys here are at most 64 bytes');
    const pad = new Uint8Array(64);
    for (let i = 0; i < 64; i++) pad[i] = (key[i] ?? 0) ^ 0x36;
    this.inner.set(INIT);
    compress(this.inner, this.w, pad, 0);
    for (let i = 0; i < 64; i++) pad[i] = (key[i] ?? 0) ^ 0x5c;
    this.outer.set(INIT);
    compress(this.outer, this.w, pad, 0);
  }

  /**
   * HMAC of data[off, off+len) followed by `extra` (SRTP's ROC, SRTCP's index), 20 bytes into
   * `out`. Whole blocks are hashed where they lie; only the tail is copied, to add the padding.
   */
  mac(data: Uint8Array, off: number, len: number, extra: Uint8Array, out: Uint8Array): void {
    const h = this.h;
    const w = this.w;
    h.set(this.inner);
    const whole = len >>> 6;
    for (let k = 0; k < whole; k++) compress(h, w, data, off + k * 64);
    const rest = len - whole * 64;
    const total = rest + extra.length;
    const padded = (((total + 8) >>> 6) + 1) * 64;
    if (padded > this.scratch.length) this.scratch = new Uint8Array(padded);
    const s = this.scratch;
    const from = off + whole * 64;
    for (let i = 0; i < rest; i++) s[i] = data[from + i]!;
    for (let i = 0; i < extra.length; i++) s[rest + i] = extra[i]!;
    s[total] = 0x80;
    s.fill(0, total + 1, padded - 4);
    // The message's bit length, counting the pad block already hashed (always < 2^32 here).
    putInt(s, padded - 4, (64 + len + extra.length) * 8);
    for (let o = 0; o < padded; o += 64) compress(h, w, s, o);
    // Outer: the 20-byte inner digest, padded to one block.
    for (let i = 0; i < 5; i++) putInt(s, i * 4, h[i]!);
    s[20] = 0x80;
    s.fill(0, 21, 60);
    putInt(s, 60, (64 + 20) * 8);
    h.set(this.outer);
    compress(h, w, s, 0);
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

/** One SHA-1 block (FIPS 180-4 6.1.2), the 80 rounds split by function so each loop stays monomorphic. */
function compress(h: Int32Array, w: Int32Array, b: Uint8Array, o: number): void {
  for (let i = 0; i < 16; i++) {
    const p = o + i * 4;
    w[i] = (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
  }
  for (let i = 16; i < 80; i++) {
    const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
    w[i] = (x << 1) | (x >>> 31);
  }
  let a = h[0]!;
  let bb = h[1]!;
  let c = h[2]!;
  let d = h[3]!;
  let e = h[4]!;
  for (let i = 0; i < 20; i++) {
    const t = (((a << 5) | (a >>> 27)) + ((bb & c) | (~bb & d)) + e + 0x5a827999 + w[i]!) | 0;
    e = d;
    d = c;
    c = (bb << 30) | (bb >>> 2);
    bb = a;
    a = t;
  }
  for (let i = 20; i < 40; i++) {
    const t = (((a << 5) | (a >>> 27)) + (bb ^ c ^ d) + e + 0x6ed9eba1 + w[i]!) | 0;
    e = d;
    d = c;
    c = (bb << 30) | (bb >>> 2);
    bb = a;
    a = t;
  }
  for (let i = 40; i < 60; i++) {
    const t = (((a << 5) | (a >>> 27)) + ((bb & c) | (bb & d) | (c & d)) + e - 0x70e44324 + w[i]!) | 0;
    e = d;
    d = c;
    c = (bb << 30) | (bb >>> 2);
    bb = a;
    a = t;
  }
  for (let i = 60; i < 80; i++) {
    const t = (((a << 5) | (a >>> 27)) + (bb ^ c ^ d) + e - 0x359d3e2a + w[i]!) | 0;
    e = d;
    d = c;
    c = (bb << 30) | (bb >>> 2);
    bb = a;
    a = t;
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + bb) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
}
