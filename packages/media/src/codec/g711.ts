/**
 * G.711 µ-law (PCMU) and A-law (PCMA), table-driven (ITU-T G.711; the
 * reference arithmetic is Sun's public-domain g711.c). Decoding is one lookup
 * per byte; encoding one lookup in a 64 KiB table indexed by the 16-bit
 * sample; PCMU<->PCMA transcoding is a single 256-byte table each way.
 */

const SEG_AEND = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];

function ulawToLinearRef(u: number): number {
  u = ~u & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const sample = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return sign ? -sample : sample;
}

function linearToUlawRef(pcm: number): number {
  const BIAS = 0x84;
  const CLIP = 32635;
  let sign = 0;
  if (pcm < 0) {
    sign = 0x80;
    pcm = -pcm;
  }
  if (pcm > CLIP) pcm = CLIP;
  pcm += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (pcm & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (pcm >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function alawToLinearRef(a: number): number {
  a ^= 0x55;
  let t = (a & 0x0f) << 4;
  const seg = (a & 0x70) >> 4;
  if (seg === 0) t += 8;
  else if (seg === 1) t += 0x108;
  else t = (t + 0x108) << (seg - 1);
  return a & 0x80 ? t : -t;
}

function linearToAlawRef(pcm: number): number {
  let v = pcm >> 3;
  let mask: number;
  if (v >= 0) mask = 0xd5;
  else {
    mask = 0x55;
    v = -v - 1;
  }
  let seg = 0;
  while (seg < 8 && v > SEG_AEND[seg]!) seg++;
  if (seg >= 8) return (0x7f ^ mask) & 0xff;
  let aval = seg << 4;
  aval |= seg < 2 ? (v >> 1) & 0x0f : (v >> seg) & 0x0f;
  return (aval ^ mask) & 0xff;
}

export const ULAW_TO_LINEAR = new Int16Array(256);
export const ALAW_TO_LINEAR = new Int16Array(256);
/** Indexed by the sample as an unsigned 16-bit value (`s & 0xffff`). */
export const LINEAR_TO_ULAW = new Uint8Array(65536);
export const LINEAR_TO_ALAW = new Uint8Array(65536);
export const ULAW_TO_ALAW = new Uint8Array(256);
export const ALAW_TO_ULAW = new Uint8Array(256);

for (let i = 0; i < 256; i++) {
  ULAW_TO_LINEAR[i] = ulawToLinearRef(i);
  ALAW_TO_LINEAR[i] = alawToLinearRef(i);
}
for (let i = 0; i < 65536; i++) {
  const s = i >= 32768 ? i - 65536 : i;
  LINEAR_TO_ULAW[i] = linearToUlawRef(s);
  LINEAR_TO_ALAW[i] = linearToAlawRef(s);
}
for (let i = 0; i < 256; i++) {
  ULAW_TO_ALAW[i] = LINEAR_TO_ALAW[ULAW_TO_LINEAR[i]! & 0xffff]!;
  ALAW_TO_ULAW[i] = LINEAR_TO_ULAW[ALAW_TO_LINEAR[i]! & 0xffff]!;
}

/** The byte that decodes to (near) silence. */
export const ULAW_SILENCE = 0xff;
export const ALAW_SILENCE = 0xd5;

export type G711Codec = 'PCMU' | 'PCMA';

export function encodeUlaw(sample: number): number {
  return LINEAR_TO_ULAW[sample & 0xffff]!;
}
export function decodeUlaw(byte: number): number {
  return ULAW_TO_LINEAR[byte & 0xff]!;
}
export function encodeAlaw(sample: number): number {
  return LINEAR_TO_ALAW[sample & 0xffff]!;
}
export function decodeAlaw(byte: number): number {
  return ALAW_TO_LINEAR[byte & 0xff]!;
}

/** Decodes `n` bytes at src[srcOff] into dst[dstOff..]. */
export function decodeG711(codec: G711Codec, src: Uint8Array, srcOff: number, n: number, dst: Int16Array, dstOff = 0): void {
  const table = codec === 'PCMU' ? ULAW_TO_LINEAR : ALAW_TO_LINEAR;
  for (let i = 0; i < n; i++) dst[dstOff + i] = table[src[srcOff + i]!]!;
}

/** Encodes `n` samples at src[srcOff] into dst[dstOff..]. */
export function encodeG711(codec: G711Codec, src: Int16Array, srcOff: number, n: number, dst: Uint8Array, dstOff = 0): void {
  const table = codec === 'PCMU' ? LINEAR_TO_ULAW : LINEAR_TO_ALAW;
  for (let i = 0; i < n; i++) dst[dstOff + i] = table[src[srcOff + i]! & 0xffff]!;
}

/** Rewrites `n` bytes in place from one law to the other (no-op if equal). */
export function transcodeG711InPlace(from: G711Codec, to: G711Codec, buf: Uint8Array, off: number, n: number): void {
  if (from === to) return;
  const table = from === 'PCMU' ? ULAW_TO_ALAW : ALAW_TO_ULAW;
  for (let i = off, end = off + n; i < end; i++) buf[i] = table[buf[i]!]!;
}

export function silenceByte(codec: G711Codec): number {
  return codec === 'PCMU' ? ULAW_SILENCE : ALAW_SILENCE;
}
