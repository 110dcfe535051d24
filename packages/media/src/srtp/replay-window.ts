import { ContextMemory } from './context-memory';

/** Bytes a ReplayWindow keeps in its memory. */
export const REPLAY_MEMORY = 512;

/**
 * The receiver's replay list (RFC 3711 3.3.2) over the last 128 packet indices: a slot per index
 * modulo 128 holds the low 32 bits of the index last seen there, so a check and a mark are one
 * array access each. Low 32 bits suffice: an index is only looked up when within 128 of the
 * highest, and two indices of one slot that agree in their low 32 bits are 2^32 apart. A slot
 * starts at a value no index of it can have (slot + 1 is not ≡ slot mod 128). The slots live in a
 * context's memory (context-memory.ts) from byte `at`, next to the rest of its per-packet state.
 */
export class ReplayWindow {
  private readonly seen: Int32Array;
  private readonly s: number;
  private highest = -1;

  constructor(mem: ContextMemory = new ContextMemory(REPLAY_MEMORY), at = 0) {
    if (at % 4 !== 0 || at + REPLAY_MEMORY > mem.bytes.length) throw new RangeError('replay window memory: a word-aligned region of REPLAY_MEMORY bytes');
    this.seen = mem.words;
    this.s = at >>> 2;
    for (let i = 0; i < 128; i++) this.seen[this.s + i] = i + 1;
  }

  /** Not seen before and not older than the window. */
  fresh(index: number): boolean {
    return replayFresh(this.seen, this.s, this.highest, index);
  }

  mark(index: number): void {
    replayMark(this.seen, this.s, index);
    if (index > this.highest) this.highest = index;
  }
}

/**
 * The list's check as a function of its slots (words[s, s+128), set up by a ReplayWindow) and the
 * highest index marked (-1 for none): SRTP's per-packet path keeps both in its own context.
 */
export function replayFresh(words: Int32Array, s: number, highest: number, index: number): boolean {
  if (highest >= 0 && index <= highest - 128) return false;
  return words[s + (index & 127)] !== (index | 0);
}

/** Marks `index` seen in the slots (the caller raises its highest). */
export function replayMark(words: Int32Array, s: number, index: number): void {
  words[s + (index & 127)] = index | 0;
}
