import { open, type FileHandle } from 'node:fs/promises';
import { endianness } from 'node:os';
import { MediaError } from '../errors';

/** The canonical 44-byte header of a 16-bit PCM WAV file. */
export function wavHeader(sampleRate: number, channels: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(Math.min(0xffffffff, 36 + dataBytes), 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * channels * 2, 28);
  h.writeUInt16LE(channels * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(Math.min(0xffffffff, dataBytes), 40);
  return h;
}

/**
 * A WAV file written as it goes: a placeholder header first, PCM appended in
 * batches (one write per `flushBytes`, not per frame), the header patched with
 * the real sizes on close. Writes are chained so they land in order; a crash
 * leaves a file whose data chunk size is 0, which readers (ours included)
 * treat as "to the end of the file".
 *
 * Cheap per frame: `reserve()` lets a producer (the recorder) build its frame
 * straight in the batch, and batch buffers are recycled once their write has
 * landed (no 32 KB allocation and zero-fill per flush). `firstFlushBytes`
 * staggers the first flush so recordings started together do not all hand
 * their batch to the file system in the same tick for the rest of the call.
 */
export class WavWriter {
  private fh: FileHandle | undefined;
  private chain: Promise<void>;
  private batch: Buffer;
  /** A 16-bit view of `batch`, in host order (swapped to little-endian at flush on big-endian hosts). */
  private batch16: Int16Array;
  private batchLen = 0;
  private limit: number;
  private readonly le = endianness() === 'LE';
  private readonly spare: Buffer[] = [];
  private dataBytes = 0;
  private dataBytesWritten = 0;
  private closed = false;
  private failure: unknown;

  constructor(
    readonly path: string,
    readonly sampleRate = 8000,
    readonly channels = 1,
    private readonly flushBytes = 32000,
    firstFlushBytes = flushBytes,
  ) {
    this.batch = Buffer.allocUnsafeSlow(Math.max(2, flushBytes & ~1));
    this.batch16 = new Int16Array(this.batch.buffer, this.batch.byteOffset, this.batch.length >> 1);
    this.limit = Math.max(2, Math.min(this.batch.length, firstFlushBytes & ~1));
    this.chain = open(path, 'w').then(async (fh) => {
      this.fh = fh;
      await fh.write(wavHeader(sampleRate, channels, 0), 0, 44, 0);
    });
    this.chain.catch((err: unknown) => (this.failure = err));
  }

  /** Bytes of PCM accepted so far (written or batched). */
  get bytes(): number {
    return this.dataBytes;
  }

  /** Duration accepted so far, in ms. */
  get durationMs(): number {
    return (this.dataBytes / (2 * this.channels) / this.sampleRate) * 1000;
  }

  /** Appends interleaved samples. */
  write(samples: Int16Array, n = samples.length): void {
    this.assertOpen();
    let i = 0;
    while (i < n) {
      if (this.batchLen + 2 > this.limit) this.flush();
      const take = Math.min(n - i, (this.limit - this.batchLen) >> 1);
      this.batch16.set(samples.subarray(i, i + take), this.batchLen >> 1);
      this.batchLen += 2 * take;
      i += take;
    }
    this.dataBytes += n * 2;
  }

  /**
   * Makes room for `n` samples and counts them as written: the caller fills
   * `samples[at .. at + n)` (host order) before its next call into the writer.
   * Returns `at`. `n` must fit in one batch.
   */
  reserve(n: number): number {
    this.assertOpen();
    if (2 * n > this.batch.length) throw new MediaError('MEDIA_BAD_ARGUMENT', `reserve(${n}) exceeds the ${this.batch.length}-byte batch`);
    if (this.batchLen + 2 * n > this.limit) this.flush();
    if (this.batchLen + 2 * n > this.batch.length) this.flush(); // a short first batch
    const at = this.batchLen >> 1;
    this.batchLen += 2 * n;
    this.dataBytes += 2 * n;
    return at;
  }

  /** The current batch as samples (valid until the next reserve/write/flush). */
  get samples(): Int16Array {
    return this.batch16;
  }

  /** Hands the batch to the file (the buffer is then owned by the pending write). */
  flush(): void {
    if (this.batchLen === 0) return;
    const full = this.batch;
    const chunk = full.subarray(0, this.batchLen);
    if (!this.le) chunk.swap16();
    const at = 44 + this.dataBytesWritten;
    this.dataBytesWritten += this.batchLen;
    this.batch = this.spare.pop() ?? Buffer.allocUnsafeSlow(full.length);
    this.batch16 = new Int16Array(this.batch.buffer, this.batch.byteOffset, this.batch.length >> 1);
    this.batchLen = 0;
    this.limit = this.batch.length;
    this.chain = this.chain.then(async () => {
      await this.fh!.write(chunk, 0, chunk.length, at);
      if (this.spare.length < 2) this.spare.push(full);
    });
    this.chain.catch((err: unknown) => (this.failure = err));
  }

  /** Flushes, patches the header with the final sizes and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return this.chain;
    this.flush();
    this.closed = true;
    this.chain = this.chain.then(async () => {
      await this.fh!.write(wavHeader(this.sampleRate, this.channels, this.dataBytes), 0, 44, 0);
      await this.fh!.close();
    });
    await this.chain;
    if (this.failure) throw this.failure;
  }

  private assertOpen(): void {
    if (this.closed) throw new MediaError('MEDIA_RECORDER_CLOSED', `${this.path} is closed`);
  }
}
