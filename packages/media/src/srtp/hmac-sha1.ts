import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/**
 * HMAC-SHA1 (RFC 2104) for SRTP's per-packet tags. The key is a KeyObject made once (cheaper per
 * packet than a raw Buffer key); the packet and the trailer (SRTP's ROC, SRTCP's index) go in one
 * update. A JS SHA-1 with pre-hashed pads was tried: slower than node:crypto here.
 */
export class HmacSha1 {
  private readonly key: KeyObject;
  private scratch = Buffer.alloc(1600);

  constructor(key: Buffer) {
    this.key = createSecretKey(key);
  }

  /** HMAC of data[0, len) followed by `extra`, 20 bytes into `out`. */
  mac(data: Buffer, len: number, extra: Buffer, out: Buffer): void {
    const total = len + extra.length;
    if (total > this.scratch.length) this.scratch = Buffer.alloc(total);
    data.copy(this.scratch, 0, 0, len);
    extra.copy(this.scratch, len);
    createHmac('sha1', this.key).update(this.scratch.subarray(0, total)).digest().copy(out, 0, 0, 20);
  }
}
