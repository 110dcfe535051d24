/**
 * Anything that yields 8 kHz 16-bit audio a frame at a time: a WAV file, a
 * tone, a cadence. read() fills up to `n` samples and returns how many it
 * wrote; fewer than asked means the source is finished.
 */
export interface AudioSource {
  read(out: Int16Array, n: number): number;
}
