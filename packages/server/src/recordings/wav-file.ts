import { open } from 'node:fs/promises';

/** Where a WAV's samples are: enough to compute peaks and to serve byte ranges. */
export interface WavInfo {
  size: number;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  dataOffset: number;
  dataBytes: number;
}

/**
 * Reads the RIFF header (walking the chunks to `data`). A file still being written has a data
 * size of 0 in its header until the recorder patches it on stop; the size of the file is then
 * what is true, so the smaller of the two is not used: the bytes present are.
 */
export async function readWavInfo(path: string): Promise<WavInfo> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const head = Buffer.alloc(Math.min(size, 4096));
    await fh.read(head, 0, head.length, 0);
    if (head.length < 12 || head.toString('ascii', 0, 4) !== 'RIFF' || head.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${path} is not a WAV file`);
    let pos = 12;
    let fmt: { channels: number; sampleRate: number; bits: number } | null = null;
    while (pos + 8 <= head.length) {
      const id = head.toString('ascii', pos, pos + 4);
      const len = head.readUInt32LE(pos + 4);
      if (id === 'fmt ') fmt = { channels: head.readUInt16LE(pos + 10), sampleRate: head.readUInt32LE(pos + 12), bits: head.readUInt16LE(pos + 22) };
      if (id === 'data') {
        if (!fmt) throw new Error(`${path}: data before fmt`);
        const dataOffset = pos + 8;
        return { size, sampleRate: fmt.sampleRate, channels: fmt.channels, bitsPerSample: fmt.bits, dataOffset, dataBytes: size - dataOffset };
      }
      pos += 8 + len + (len % 2);
    }
    throw new Error(`${path}: no data chunk in its first 4 KiB`);
  } finally {
    await fh.close();
  }
}

/**
 * Peak levels (0..1, two decimals) in `buckets` equal slices of the file, per channel, for a
 * waveform: read in 256 KiB chunks, so a long call never sits in memory whole.
 */
export async function wavPeaks(path: string, info: WavInfo, buckets: number): Promise<number[][]> {
  if (info.bitsPerSample !== 16) throw new Error(`${path}: ${info.bitsPerSample}-bit samples (16 expected)`);
  const frameBytes = 2 * info.channels;
  const frames = Math.floor(info.dataBytes / frameBytes);
  const peaks = Array.from({ length: info.channels }, () => new Array<number>(buckets).fill(0));
  if (frames === 0) return peaks;
  const perBucket = frames / buckets;
  const fh = await open(path, 'r');
  try {
    const chunkFrames = 65_536;
    const buf = Buffer.alloc(chunkFrames * frameBytes);
    for (let f0 = 0; f0 < frames; f0 += chunkFrames) {
      const n = Math.min(chunkFrames, frames - f0);
      const { bytesRead } = await fh.read(buf, 0, n * frameBytes, info.dataOffset + f0 * frameBytes);
      const got = Math.floor(bytesRead / frameBytes);
      for (let i = 0; i < got; i++) {
        const b = Math.min(buckets - 1, Math.floor((f0 + i) / perBucket));
        for (let ch = 0; ch < info.channels; ch++) {
          const v = Math.abs(buf.readInt16LE(i * frameBytes + ch * 2));
          const row = peaks[ch]!;
          if (v > row[b]!) row[b] = v;
        }
      }
    }
  } finally {
    await fh.close();
  }
  return peaks.map((row) => row.map((v) => Math.round((v / 32768) * 100) / 100));
}

export type ByteRange = { start: number; end: number };

/**
 * One `Range: bytes=…` request against a file of `size` bytes (RFC 9110 14.1.2): a range, 'all'
 * (no header, a multi-range or another unit: answer 200 with the whole file, which the RFC allows),
 * or 'unsatisfiable' (416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'all' | 'unsatisfiable' {
  if (!header) return 'all';
  const m = /^bytes=\s*(\d*)-(\d*)\s*$/.exec(header);
  if (!m) return header.startsWith('bytes=') && header.includes(',') ? 'all' : header.startsWith('bytes=') ? 'unsatisfiable' : 'all';
  const [, a, b] = m;
  if (a === '' && b === '') return 'unsatisfiable';
  if (a === '') {
    // Suffix: the last n bytes.
    const n = Number(b);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  if (start >= size) return 'unsatisfiable';
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (end < start) return 'unsatisfiable';
  return { start, end };
}
