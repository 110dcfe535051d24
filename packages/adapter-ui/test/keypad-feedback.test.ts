import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeypadFeedback, type FeedbackAudio } from '../src/audio/keypad-feedback';
import { dtmfPair } from '../src/audio/dtmf-pair';

/** Records what the feedback asks of WebAudio (a unit-test stand-in for an AudioContext). */
function fakeAudio(state = 'running') {
  const tones: Array<{ freq: number; start: number; stop: number }> = [];
  let resumed = 0;
  const node = () => ({ connect: (n: unknown) => n, disconnect: () => undefined });
  const ctx = {
    currentTime: 5,
    destination: node(),
    state,
    resume: async () => void resumed++,
    createGain: () => ({ ...node(), gain: { setValueAtTime: () => undefined, linearRampToValueAtTime: () => undefined } }),
    createOscillator: () => {
      const t = { freq: 0, start: 0, stop: 0 };
      tones.push(t);
      return {
        ...node(),
        frequency: {
          set value(v: number) {
            t.freq = v;
          },
        },
        start: (s: number) => void (t.start = s),
        stop: (s: number) => void (t.stop = s),
        onended: null,
      };
    },
  };
  return { ctx: ctx as unknown as FeedbackAudio, tones, resumed: () => resumed };
}

test('keypad pairs: rows and columns of the telephone keypad', () => {
  assert.deepEqual(dtmfPair('1'), [697, 1209]);
  assert.deepEqual(dtmfPair('0'), [941, 1336]);
  assert.deepEqual(dtmfPair('#'), [941, 1477]);
  assert.deepEqual(dtmfPair('d'), [941, 1633]);
  assert.equal(dtmfPair('x'), undefined);
});

test('a key press plays its pair briefly on the local output; other keys and no audio play nothing', () => {
  const a = fakeAudio('suspended');
  let made = 0;
  const fb = new KeypadFeedback(() => (made++, a.ctx));
  assert.equal(fb.press('5'), true);
  assert.deepEqual(
    a.tones.map((t) => t.freq).sort((x, y) => x - y),
    [770, 1336],
  );
  for (const t of a.tones) assert.ok(t.start >= 5 && t.stop - t.start > 0.05 && t.stop - t.start < 0.3, 'a short tone');
  assert.equal(a.resumed(), 1, 'a suspended context is resumed on the press');
  assert.equal(fb.press('?'), false);
  assert.equal(a.tones.length, 2);
  fb.press('#');
  assert.equal(made, 1, 'one context for every press');
  assert.equal(new KeypadFeedback(() => undefined).press('1'), false, 'no audio: nothing, no error');
});
