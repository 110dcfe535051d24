import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_DIGITS, frequenciesFor, type DtmfDigit } from '../src/dtmf/dtmf-digits';
import { InbandDtmfDetector } from '../src/dtmf/inband-detector';
import { decodeG711, encodeG711 } from '../src/codec/g711';
import { dtmfTone, renderTone } from '../src/tone/tone-generator';

function render(digits: readonly DtmfDigit[], onMs = 80, offMs = 60, amplitude = 6000): Int16Array {
  const parts: Int16Array[] = [];
  for (const d of digits) {
    const t = new Int16Array(onMs * 8);
    dtmfTone(frequenciesFor(d), onMs, amplitude).read(t, t.length);
    parts.push(t, new Int16Array(offMs * 8));
  }
  const out = new Int16Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) out.set(p, o), (o += p.length);
  return out;
}

function detect(samples: Int16Array, frame = 160): { starts: string[]; ends: number } {
  const starts: string[] = [];
  let ends = 0;
  const det = new InbandDtmfDetector((d, phase) => (phase === 'start' ? starts.push(d) : ends++));
  for (let o = 0; o + frame <= samples.length; o += frame) det.process(samples, o, frame);
  return { starts, ends };
}

test('all 16 digits are detected from generated tones', () => {
  const r = detect(render(ALL_DIGITS));
  assert.deepEqual(r.starts, [...ALL_DIGITS]);
  assert.equal(r.ends, 16);
});

test('detected through G.711 µ-law and A-law, 30 ms frames', () => {
  const pcm = render(['1', '5', '9', '#', '0', '*']);
  for (const codec of ['PCMU', 'PCMA'] as const) {
    const bytes = new Uint8Array(pcm.length);
    encodeG711(codec, pcm, 0, pcm.length, bytes);
    const back = new Int16Array(pcm.length);
    decodeG711(codec, bytes, 0, bytes.length, back);
    assert.deepEqual(detect(back, 240).starts, ['1', '5', '9', '#', '0', '*'], codec);
  }
});

test('rejects a tone shorter than the minimum duration', () => {
  assert.deepEqual(detect(render(['5'], 20, 100)).starts, []);
});

test('rejects excessive twist and quiet tones', () => {
  const [row, col] = frequenciesFor('5');
  const twisted = new Int16Array(800);
  const a = renderTone({ freqs: [row], amplitude: 1500 }, 100);
  const b = renderTone({ freqs: [col], amplitude: 9000 }, 100); // +15.6 dB column
  for (let i = 0; i < 800; i++) twisted[i] = a[i]! + b[i]!;
  assert.deepEqual(detect(twisted).starts, []);
  assert.deepEqual(detect(render(['5'], 100, 50, 100)).starts, []);
});

test('a single tone, a chord and speech-like noise are not digits', () => {
  assert.deepEqual(detect(renderTone({ freqs: [1000] }, 300)).starts, []);
  assert.deepEqual(detect(renderTone({ freqs: [697, 1209, 440] }, 300)).starts, []);
  let seed = 7;
  const noise = Int16Array.from({ length: 4000 }, () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 12000) - 6000);
  assert.deepEqual(detect(noise).starts, []);
});
