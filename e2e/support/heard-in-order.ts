import { heardInOrder as heard, loudness, readWav, toneBlocks } from '@switchboard/testkit';
import type { Baresip } from './real-phones';

/** What a baresip phone heard on its latest call, in order (testkit's, shared with the server's real-call tests). */
export const heardInOrder = (phone: Baresip, tones: Record<string, number>, minBlocks = 20, other = false): string[] => heard(phone, tones, minBlocks, other);

/** `expected` appears in `seq` in this order (other labels may come between). */
export function inOrder(seq: readonly string[], expected: readonly string[]): boolean {
  let k = 0;
  for (const l of seq) if (l === expected[k]) k++;
  return k === expected.length;
}

/** How many samples the phone's dump of its latest call holds now (0 while its header is being written). */
export function dumpLength(phone: Baresip): number {
  const dec = phone.recordings().dec;
  try {
    return dec ? readWav(dec).samples.length : 0;
  } catch {
    return 0;
  }
}

/** Per tone, the share of the 20 ms blocks in samples [from, to) of the dump where it is heard; `other`: blocks with sound and none of them. */
export function heardBetween(phone: Baresip, tones: Record<string, number>, from: number, to: number): { blocks: number; share: Record<string, number> } {
  const w = readWav(phone.recordings().dec!);
  const seg = w.samples.subarray(from, to);
  const names = Object.keys(tones);
  const per = names.map((n) => toneBlocks(seg, tones[n]!, w.rate, 0.12, 5e3));
  const blocks = per[0]!.length;
  const round = (n: number) => Number((n / Math.max(1, blocks)).toFixed(2));
  const share: Record<string, number> = Object.fromEntries(names.map((n, k) => [n, round(per[k]!.filter(Boolean).length)]));
  let other = 0;
  for (let i = 0; i < blocks; i++) if (!per.some((p) => p[i]) && loudness(seg, w.rate, i * 0.02, (i + 1) * 0.02) > 300) other++;
  share.other = round(other);
  return { blocks, share };
}
