import { createCipheriv, randomBytes, type Cipher } from 'node:crypto';
import { MediaError } from '../errors';

/**
 * SRTP crypto suites we speak (RFC 4568 6.2): AES counter mode with a 128-bit key and HMAC-SHA1,
 * the RTP tag 80 or 32 bits; SRTCP's tag is 80 bits in both.
 */
export type SrtpSuite = 'AES_CM_128_HMAC_SHA1_80' | 'AES_CM_128_HMAC_SHA1_32';

export const SRTP_SUITES: Readonly<Record<SrtpSuite, { rtpTagLength: number; rtcpTagLength: number }>> = {
  AES_CM_128_HMAC_SHA1_80: { rtpTagLength: 10, rtcpTagLength: 10 },
  AES_CM_128_HMAC_SHA1_32: { rtpTagLength: 4, rtcpTagLength: 10 },
};

export function isSrtpSuite(s: string): s is SrtpSuite {
  return Object.hasOwn(SRTP_SUITES, s);
}

/** One direction's master key: a suite and 30 bytes (16 key || 14 salt), as SDES carries it inline. */
export interface SrtpMasterKey {
  suite: SrtpSuite;
  /** 16-byte master key followed by the 14-byte master salt. */
  keySalt: Buffer;
}

export const MASTER_KEY_LENGTH = 16;
export const MASTER_SALT_LENGTH = 14;

/** A fresh random master key (for our side of an SDES exchange). */
export function newMasterKey(suite: SrtpSuite = 'AES_CM_128_HMAC_SHA1_80'): SrtpMasterKey {
  return { suite, keySalt: randomBytes(MASTER_KEY_LENGTH + MASTER_SALT_LENGTH) };
}

/**
 * AES-128 counter-mode keystream (RFC 3711 4.1.1) from one ECB cipher kept for the key's life:
 * per packet we only write counter blocks and encrypt them, no cipher object is created.
 */
export class AesCounter {
  private readonly ecb: Cipher;
  private ctr = Buffer.alloc(16 * 96);

  constructor(key: Buffer) {
    if (key.length !== 16) throw new MediaError('MEDIA_BAD_ARGUMENT', 'AES-128 needs a 16-byte key');
    this.ecb = createCipheriv('aes-128-ecb', key, null);
    this.ecb.setAutoPadding(false);
  }

  /**
   * XORs `len` bytes of buf at `off` with the keystream starting at counter block `iv` (16 bytes,
   * its low 16 bits zero: RFC 3711 leaves them for the block counter).
   */
  xor(iv: Buffer, buf: Buffer, off: number, len: number): void {
    if (len <= 0) return;
    const blocks = (len + 15) >>> 4;
    if (blocks * 16 > this.ctr.length) this.ctr = Buffer.alloc(blocks * 16);
    const ctr = this.ctr;
    // Counter blocks in JS (a native copy per block costs more than the bytes): the low 16 bits
    // count blocks; the IV's are zero, so no carry reaches byte 13.
    for (let b = 0; b < blocks; b++) {
      const o = b * 16;
      for (let j = 0; j < 14; j++) ctr[o + j] = iv[j]!;
      ctr[o + 14] = b >>> 8;
      ctr[o + 15] = b & 0xff;
    }
    const ks = this.ecb.update(ctr.subarray(0, blocks * 16));
    for (let i = 0; i < len; i++) buf[off + i] = buf[off + i]! ^ ks[i]!;
  }

  /** `len` bytes of keystream from counter block `iv` (the key derivation's PRF, RFC 3711 4.3.3). */
  keystream(iv: Buffer, len: number): Buffer {
    const out = Buffer.alloc(len);
    this.xor(iv, out, 0, len);
    return out;
  }
}

/** Key derivation labels (RFC 3711 4.3.1, 4.3.2). */
export const LABEL = { rtpCipher: 0, rtpAuth: 1, rtpSalt: 2, rtcpCipher: 3, rtcpAuth: 4, rtcpSalt: 5 } as const;

/** Session keys for one direction of RTP or RTCP. */
export interface SessionKeys {
  cipherKey: Buffer;
  authKey: Buffer;
  salt: Buffer;
}

/**
 * RFC 3711 4.3 with key_derivation_rate 0 (the default, and what SDES uses without a KDR
 * parameter): x = label at byte 7 of the salt, times 2^16; the PRF is AES-CM under the master key.
 */
export function deriveKey(masterKey: Buffer, masterSalt: Buffer, label: number, length: number): Buffer {
  const iv = Buffer.alloc(16);
  masterSalt.copy(iv, 0, 0, MASTER_SALT_LENGTH);
  iv[7] = iv[7]! ^ label;
  return new AesCounter(masterKey).keystream(iv, length);
}

/** The three session keys for RTP (`rtcp` false) or RTCP from a master key. */
export function deriveSessionKeys(master: SrtpMasterKey, rtcp: boolean): SessionKeys {
  if (master.keySalt.length !== MASTER_KEY_LENGTH + MASTER_SALT_LENGTH) {
    throw new MediaError('MEDIA_BAD_ARGUMENT', `an SRTP master key is ${MASTER_KEY_LENGTH + MASTER_SALT_LENGTH} bytes, got ${master.keySalt.length}`);
  }
  const key = master.keySalt.subarray(0, MASTER_KEY_LENGTH);
  const salt = master.keySalt.subarray(MASTER_KEY_LENGTH);
  const base = rtcp ? LABEL.rtcpCipher : LABEL.rtpCipher;
  return {
    cipherKey: deriveKey(key, salt, base, 16),
    authKey: deriveKey(key, salt, base + 1, 20),
    salt: deriveKey(key, salt, base + 2, 14),
  };
}

/**
 * The counter block for a packet (RFC 3711 4.1.1): (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16),
 * with i the 48-bit packet index (SRTP) or the 31-bit SRTCP index, written into `iv`.
 */
export function packetIv(iv: Buffer, salt: Buffer, ssrc: number, indexHigh: number, indexLow16: number): Buffer {
  salt.copy(iv, 0, 0, 14);
  iv[14] = 0;
  iv[15] = 0;
  iv[4] = iv[4]! ^ (ssrc >>> 24);
  iv[5] = iv[5]! ^ ((ssrc >>> 16) & 0xff);
  iv[6] = iv[6]! ^ ((ssrc >>> 8) & 0xff);
  iv[7] = iv[7]! ^ (ssrc & 0xff);
  iv[8] = iv[8]! ^ (indexHigh >>> 24);
  iv[9] = iv[9]! ^ ((indexHigh >>> 16) & 0xff);
  iv[10] = iv[10]! ^ ((indexHigh >>> 8) & 0xff);
  iv[11] = iv[11]! ^ (indexHigh & 0xff);
  iv[12] = iv[12]! ^ (indexLow16 >>> 8);
  iv[13] = iv[13]! ^ (indexLow16 & 0xff);
  return iv;
}
