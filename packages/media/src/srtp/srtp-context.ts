import { rtpHeaderLength } from '../rtp/packet';
import { ContextMemory } from './context-memory';
import { HMAC_MEMORY, HmacSha1, hmacSha1, MAC_AT, MAC_BYTES } from './hmac-sha1';
import { AesCounter, deriveSessionKeys, packetIv, SRTP_SUITES, type SrtpMasterKey } from './srtp-keys';
import { KEYSTREAM_MEMORY, KeystreamCache, xorKeystream } from './keystream-cache';
import { REPLAY_MEMORY, ReplayWindow, replayFresh, replayMark } from './replay-window';

// One buffer per context for its per-packet state (context-memory.ts): the HMAC key's pad states,
// the replay list, the keystream. The HMAC's working memory is shared (hmac-sha1.ts).
const HMAC_AT = 0;
const REPLAY_AT = HMAC_AT + HMAC_MEMORY;
const KEYSTREAM_AT = (REPLAY_AT + REPLAY_MEMORY + 63) & ~63;
const MEMORY = KEYSTREAM_AT + KEYSTREAM_MEMORY;
const HMAC_WORD = HMAC_AT >>> 2;
const REPLAY_WORD = REPLAY_AT >>> 2;
const KS_BYTES = KeystreamCache.BYTES;
const KS_PACKETS = KeystreamCache.PACKETS;

/** Why a packet was refused on the way in. */
export type SrtpDrop = 'short' | 'auth' | 'replay';

/**
 * One direction of SRTP for RTP packets (RFC 3711 3.3): `protect` for what we send, `unprotect`
 * for what we receive, one SSRC's rollover counter each (a leg sends one stream and receives one).
 */
export class SrtpContext {
  readonly tagLength: number;
  private readonly aes: AesCounter;
  private readonly ks: KeystreamCache;
  private readonly salt: Buffer;
  private readonly iv = Buffer.alloc(16);
  private readonly mem = new ContextMemory(MEMORY);
  // The per-packet path reads its state through these two and this object's own fields only (the
  // HMAC, replay list and keystream objects set the memory up): between two packets of a stream
  // the relay handles hundreds of others, so every object on the way is a likely cache miss, and
  // a chain of them (context → window → its array → the data) costs one miss after another.
  private readonly b = this.mem.bytes;
  private readonly w = this.mem.words;
  private ksSsrc = -1;
  private ksBase = -1;
  private highest = -1;
  // Where warm() leaves what it read, so that the reads are not optimized away.
  private warmth = 0;
  // Sender and receiver state (RFC 3711 3.2.1): the rollover counter and the highest sequence number.
  private roc = 0;
  private sl = -1;
  /** Packets refused by unprotect, by reason. */
  readonly drops: Record<SrtpDrop, number> = { short: 0, auth: 0, replay: 0 };

  constructor(master: SrtpMasterKey) {
    const k = deriveSessionKeys(master, false);
    this.tagLength = SRTP_SUITES[master.suite].rtpTagLength;
    this.aes = new AesCounter(k.cipherKey);
    this.ks = new KeystreamCache(k.cipherKey, k.salt, this.mem, KEYSTREAM_AT);
    // These set the memory up: the key's pad states, the replay list's empty slots.
    new HmacSha1(k.authKey, this.mem, HMAC_AT);
    new ReplayWindow(this.mem, REPLAY_AT);
    this.salt = k.salt;
  }

  /**
   * Encrypts the RTP packet [off, off+len) of `buf` into `out` at `outOff` and appends the tag;
   * returns the SRTP length (len + tag). `out` must hold outOff + len + 10 bytes. `out` may be
   * `buf` at `off` (in place: what the relay does with a datagram that came with a tag of its
   * own); otherwise `buf` is left as it was.
   */
  protect(buf: Buffer, off: number, len: number, out: Buffer, outOff = 0): number {
    const h = rtpHeaderLength(buf, off, len);
    if (h < 0) return -1;
    const seq = buf.readUInt16BE(off + 2);
    if (this.sl >= 0 && seq < this.sl && this.sl - seq > 0x8000) this.roc = (this.roc + 1) >>> 0;
    if (this.sl < 0 || seq > this.sl || this.sl - seq > 0x8000) this.sl = seq;
    const ssrc = buf.readUInt32BE(off + 8);
    this.warm(this.roc * 0x10000 + seq);
    // The header as it is, the payload encrypted on its way into `out`.
    if (out !== buf || outOff !== off) for (let i = 0; i < h; i++) out[outOff + i] = buf[off + i]!;
    if (!this.xorPayload(ssrc, this.roc * 0x10000 + seq, buf, off + h, out, outOff + h, len - h)) {
      if (out !== buf || outOff !== off) buf.copy(out, outOff + h, off + h, off + len);
      this.aes.xor(packetIv(this.iv, this.salt, ssrc, this.roc, seq), out, outOff + h, len - h);
    }
    hmacSha1(this.w, HMAC_WORD, out, outOff, len, this.roc, 4);
    for (let i = 0; i < this.tagLength; i++) out[outOff + len + i] = MAC_BYTES[MAC_AT + i]!;
    return len + this.tagLength;
  }

  /**
   * Authenticates and decrypts the SRTP packet [off, off+len) of `buf` in place; returns the RTP
   * length (without the tag), or -1 when it must be dropped (see `drops`).
   */
  unprotect(buf: Buffer, off: number, len: number): number {
    const rtpLen = len - this.tagLength;
    const h = rtpLen < 12 ? -1 : rtpHeaderLength(buf, off, rtpLen);
    if (h < 0) {
      this.drops.short++;
      return -1;
    }
    const seq = buf.readUInt16BE(off + 2);
    // RFC 3711 3.3.1: guess the ROC the sender used from where this SEQ lies against s_l.
    let v = this.roc;
    if (this.sl >= 0) {
      if (this.sl < 0x8000) {
        if (seq - this.sl > 0x8000) v = this.roc - 1;
      } else if (this.sl - 0x8000 > seq) v = this.roc + 1;
    }
    if (v < 0) v = 0;
    v >>>= 0;
    const index = v * 0x10000 + seq;
    this.warm(index);
    if (this.sl >= 0 && !replayFresh(this.w, REPLAY_WORD, this.highest, index)) {
      this.drops.replay++;
      return -1;
    }
    hmacSha1(this.w, HMAC_WORD, buf, off, rtpLen, v, 4);
    if (!tagMatches(MAC_BYTES, MAC_AT, buf, off + rtpLen, this.tagLength)) {
      this.drops.auth++;
      return -1;
    }
    const ssrc = buf.readUInt32BE(off + 8);
    if (!this.xorPayload(ssrc, index, buf, off + h, buf, off + h, rtpLen - h)) this.aes.xor(packetIv(this.iv, this.salt, ssrc, v, seq), buf, off + h, rtpLen - h);
    // 3.3.1: update s_l and the ROC only once the packet is authentic.
    if (this.sl < 0) this.sl = seq;
    else if (v === (this.roc + 1) >>> 0) {
      this.roc = v;
      this.sl = seq;
    } else if (v === this.roc && seq > this.sl) this.sl = seq;
    replayMark(this.w, REPLAY_WORD, index);
    if (index > this.highest) this.highest = index;
    return rtpLen;
  }

  /**
   * Reads one byte of each cache line packet `index` will use of this context's memory (the HMAC
   * key's states, its replay slot, its keystream) before any is needed. The memory is cold by the
   * time a stream's next packet comes; read as they are used, the keystream's lines come after the
   * HMAC's work (or before the key's, in protect) and each wait is paid in turn; asked for together
   * here, the CPU fetches them at once.
   */
  private warm(index: number): void {
    const b = this.b;
    let x = b[HMAC_AT]! ^ b[REPLAY_AT + ((index & 127) << 2)]!;
    const d = index - this.ksBase;
    if (d >= 0 && d < KS_PACKETS) {
      const k = KEYSTREAM_AT + d * KS_BYTES;
      x ^= b[k]! ^ b[k + 64]! ^ b[k + 128]! ^ b[k + KS_BYTES - 1]!;
    }
    this.warmth = x;
  }

  /** The payload XOR the keystream cache's window for packet `index`; false when the payload is too long for it. */
  private xorPayload(ssrc: number, index: number, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, len: number): boolean {
    if (len > KS_BYTES) return false;
    if (ssrc !== this.ksSsrc || index < this.ksBase || index >= this.ksBase + KS_PACKETS) {
      this.ks.refill(ssrc, index);
      this.ksSsrc = ssrc;
      this.ksBase = index;
    }
    xorKeystream(this.b, KEYSTREAM_AT + (index - this.ksBase) * KS_BYTES, src, srcOff, dst, dstOff, len);
    return true;
  }
}

/** Constant-time comparison of our tag (at tagAt) with the packet's (at `at`): no early exit, no allocation. */
export function tagMatches(tag: Uint8Array, tagAt: number, buf: Uint8Array, at: number, n: number): boolean {
  let diff = 0;
  for (let i = 0; i < n; i++) diff |= tag[tagAt + i]! ^ buf[at + i]!;
  return diff === 0;
}
