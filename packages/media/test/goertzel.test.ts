import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goertzelPower, isTonePresent, toneLevel, toneRatio } from '../src/dtmf/goertzel';
import { renderTone } from '../src/tone/tone-generator';

test('detects a 1 kHz tone and rejects 2 kHz', () => {
  const tone = renderTone({ freqs: [1000], amplitude: 8000 }, 500);
  assert.ok(isTonePresent(tone, 1000));
  assert.ok(!isTonePresent(tone, 2000));
  assert.ok(toneRatio(tone, 1000, 8000, 0, 160) > 0.95);
  assert.ok(toneRatio(tone, 2000, 8000, 0, 160) < 0.01);
  // level ≈ amplitude²/2
  assert.ok(Math.abs(toneLevel(tone, 1000, 8000, 0, 160) - 8000 ** 2 / 2) < 8000 ** 2 * 0.02);
});

test('a 2 kHz tone is found at 2 kHz, not at 1 kHz', () => {
  const tone = renderTone({ freqs: [2000] }, 200);
  assert.ok(isTonePresent(tone, 2000));
  assert.ok(!isTonePresent(tone, 1000));
});

test('silence and noise carry no tone', () => {
  assert.ok(!isTonePresent(new Int16Array(1600), 1000));
  let seed = 1;
  const noise = Int16Array.from({ length: 1600 }, () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 4000) - 2000);
  assert.ok(!isTonePresent(noise, 1000));
  assert.equal(goertzelPower(new Int16Array(10), 1000), 0);
});

test('two tones mixed share the energy', () => {
  const t = renderTone({ freqs: [600, 1400], amplitude: 6000 }, 100);
  const r1 = toneRatio(t, 600, 8000, 0, 160);
  const r2 = toneRatio(t, 1400, 8000, 0, 160);
  assert.ok(r1 > 0.4 && r2 > 0.4, `${r1} ${r2}`);
});
