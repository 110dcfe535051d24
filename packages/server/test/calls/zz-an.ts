import { readWav } from '@switchboard/testkit';
import { toneLevel, toneRatio } from '@switchboard/media';
const f = process.argv[2]!;
const w = readWav(f);
const freqs = [1200, 400, 850, 1500, 1000, 523, 659];
const block = 160 * 25; // 0.5 s
for (let s = 0; s + block <= w.samples.length; s += block) {
  const row = freqs.map((fr) => `${fr}:${toneRatio(w.samples, fr, 8000, s, s + block).toFixed(2)}`).join(' ');
  let e = 0; for (let i = s; i < s + block; i++) e += Math.abs(w.samples[i]!);
  console.log((s / 8000).toFixed(1), (e / block).toFixed(0), row);
}
