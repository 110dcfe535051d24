import { loudness, readWav, toneBlocks } from './wav-analysis';

/** A phone whose dump of what it heard on its latest call can be read (baresip's sndfile dump). */
export interface HeardDump {
  recordings(): { dec: string | undefined };
}

/** Runs shorter than this (60 ms) are glitches: a late or lost packet in a mix, a burst of a prompt. */
const GLITCH_BLOCKS = 3;

/**
 * What a phone heard, in order: runs of 20 ms blocks labelled by which of the tones were present
 * (several mixed count at a lower share; with `other`, sound that is none of them, such as music
 * on hold or a prompt, is labelled 'other'); glitches dropped and the pieces of a run they broke
 * joined again; then runs under `minBlocks` and silent ones dropped. A dump grows only with
 * packets received, so its time axis is not wall time: the order of what it heard is compared.
 */
export function heardInOrder(phone: HeardDump, tones: Record<string, number | readonly number[]>, minBlocks = 20, other = false, minRatio = 0.12): string[] {
  const dec = phone.recordings().dec;
  if (!dec) throw new Error('the phone has no dump of what it heard');
  const w = readWav(dec);
  const names = Object.keys(tones);
  const per = names.map((n) => anyToneBlocks(w.samples, w.rate, tones[n]!, minRatio));
  const loud = (i: number) => loudness(w.samples, w.rate, i * 0.02, (i + 1) * 0.02) > 300;
  const labels = per[0]!.map((_, i) => names.filter((_, k) => per[k]![i]).join('+') || (other && loud(i) ? 'other' : ''));
  const runs = joinRuns(labels.map((label) => ({ label, n: 1 })));
  const steady = joinRuns(runs.filter((r) => r.n >= GLITCH_BLOCKS));
  const out: string[] = [];
  for (const r of steady) if (r.label && r.n >= minBlocks && out.at(-1) !== r.label) out.push(r.label);
  return out;
}

/** Per 20 ms block: is the tone (or any of several, such as music's notes) present? */
export function anyToneBlocks(samples: Int16Array, rate: number, freqs: number | readonly number[], minRatio: number): boolean[] {
  const per = (typeof freqs === 'number' ? [freqs] : freqs).map((f) => toneBlocks(samples, f, rate, minRatio, 5e3));
  return per[0]!.map((_, i) => per.some((p) => p[i]));
}

/** Neighbouring runs with the same label as one. */
function joinRuns(runs: Array<{ label: string; n: number }>): Array<{ label: string; n: number }> {
  const out: Array<{ label: string; n: number }> = [];
  for (const r of runs) {
    const last = out.at(-1);
    if (last && last.label === r.label) last.n += r.n;
    else out.push({ ...r });
  }
  return out;
}
