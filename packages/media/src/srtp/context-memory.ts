/**
 * One buffer for all of a context's per-packet state, as bytes and as 32-bit words (the same
 * memory). Between two packets of a stream the relay handles hundreds of others, so a packet's
 * state is back in main memory by then: each typed array touched costs a cache miss for its
 * object and more for its data. Kept in one buffer, the state is a few adjacent lines.
 */
export class ContextMemory {
  readonly bytes: Buffer;
  readonly words: Int32Array;

  constructor(size: number) {
    // Its own ArrayBuffer (not the Buffer pool): word-aligned, and nothing else shares its lines.
    const ab = new ArrayBuffer((size + 63) & ~63);
    this.bytes = Buffer.from(ab);
    this.words = new Int32Array(ab);
  }
}
