import { readFile } from 'node:fs/promises';
import { MediaError } from '../errors';
import type { AudioSource } from './audio-source';

export interface WavData {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Interleaved samples when channels > 1. */
  samples: Int16Array;
}

/** Parses a RIFF/WAVE PCM 16-bit file (any chunk order; unknown chunks skipped). */
export function parseWav(buf: Buffer): WavData {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new MediaError('MEDIA_BAD_WAV', 'not a RIFF/WAVE file');
  }
  let o = 12;
  let fmt: { format: number; channels: number; rate: number; bits: number } | undefined;
  let data: Buffer | undefined;
  while (o + 8 <= buf.length) {
    const id = buf.toString('ascii', o, o + 4);
    let size = buf.readUInt32LE(o + 4);
    const body = o + 8;
    // A streaming writer that never patched its header leaves 0 or 0xFFFFFFFF.
    if (id === 'data' && (size === 0 || body + size > buf.length)) size = buf.length - body;
    if (id === 'fmt ' && size >= 16) {
      fmt = { format: buf.readUInt16LE(body), channels: buf.readUInt16LE(body + 2), rate: buf.readUInt32LE(body + 4), bits: buf.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      data = buf.subarray(body, body + size);
    }
    o = body + size + (size & 1);
  }
  if (!fmt || !data) throw new MediaError('MEDIA_BAD_WAV', 'WAV file without fmt or data chunk');
  if ((fmt.format !== 1 && fmt.format !== 0xfffe) || fmt.bits !== 16) {
    throw new MediaError('MEDIA_BAD_WAV', `only 16-bit PCM WAV is supported (format ${fmt.format}, ${fmt.bits} bits)`);
  }
  const n = Math.floor(data.length / 2);
  const samples = new Int16Array(n);
  for (let i = 0; i < n; i++) samples[i] = data.readInt16LE(i * 2);
  return { sampleRate: fmt.rate, channels: fmt.channels, bitsPerSample: 16, samples };
}

/** Reads a prompt: must be 8 kHz 16-bit mono, what G.711 legs play. */
export async function readPromptWav(path: string): Promise<Int16Array> {
  const wav = parseWav(await readFile(path));
  if (wav.sampleRate !== 8000 || wav.channels !== 1) {
    throw new MediaError('MEDIA_BAD_WAV', `${path}: prompts must be 8 kHz mono (got ${wav.sampleRate} Hz, ${wav.channels} ch)`, { path });
  }
  return wav.samples;
}

/** Plays samples from memory once (or `loops` times; Infinity for music on hold). */
export class PcmSource implements AudioSource {
  private pos = 0;
  private done = 0;

  constructor(
    private readonly samples: Int16Array,
    private readonly loops = 1,
  ) {}

  read(out: Int16Array, n: number): number {
    let w = 0;
    while (w < n && this.done < this.loops && this.samples.length > 0) {
      const take = Math.min(n - w, this.samples.length - this.pos);
      out.set(this.samples.subarray(this.pos, this.pos + take), w);
      w += take;
      this.pos += take;
      if (this.pos === this.samples.length) {
        this.pos = 0;
        this.done++;
      }
    }
    return w;
  }
}
