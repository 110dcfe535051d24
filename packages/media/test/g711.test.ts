import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALAW_TO_ULAW, decodeAlaw, decodeG711, decodeUlaw, encodeAlaw, encodeG711, encodeUlaw, transcodeG711InPlace, ULAW_TO_ALAW } from '../src/codec/g711';

test('µ-law known values', () => {
  assert.equal(encodeUlaw(0), 0xff);
  assert.equal(decodeUlaw(0xff), 0);
  assert.equal(decodeUlaw(0x7f), 0);
  assert.equal(decodeUlaw(0x00), -32124);
  assert.equal(decodeUlaw(0x80), 32124);
  assert.equal(encodeUlaw(32767), 0x80);
  assert.equal(encodeUlaw(-32768), 0x00);
  assert.equal(encodeUlaw(-1), 0x7f);
});

test('A-law known values', () => {
  assert.equal(encodeAlaw(0), 0xd5);
  assert.equal(decodeAlaw(0xd5), 8);
  assert.equal(decodeAlaw(0x55), -8);
  assert.equal(decodeAlaw(0xaa), 32256);
  assert.equal(decodeAlaw(0x2a), -32256);
  assert.equal(encodeAlaw(32767), 0xaa);
  assert.equal(encodeAlaw(-32768), 0x2a);
});

test('every code word survives decode → encode (both laws)', () => {
  for (let b = 0; b < 256; b++) {
    if (b !== 0x7f) assert.equal(encodeUlaw(decodeUlaw(b)), b, `µ-law ${b}`); // 0x7f is -0, encodes as +0
    assert.equal(encodeAlaw(decodeAlaw(b)), b, `A-law ${b}`);
  }
});

test('round trip of linear samples stays within the quantisation step', () => {
  for (let s = -32768; s < 32768; s += 7) {
    const u = decodeUlaw(encodeUlaw(s));
    const a = decodeAlaw(encodeAlaw(s));
    const tol = Math.max(8, Math.abs(s) / 16); // ~ half a step at each segment
    assert.ok(Math.abs(u - s) <= tol + 2, `µ-law ${s} -> ${u}`);
    assert.ok(Math.abs(a - s) <= tol + 16, `A-law ${s} -> ${a}`);
  }
});

test('block encode/decode and PCMU<->PCMA transcoding', () => {
  const pcm = Int16Array.from({ length: 160 }, (_, i) => Math.round(8000 * Math.sin(i / 5)));
  const u = new Uint8Array(160);
  encodeG711('PCMU', pcm, 0, 160, u);
  const a = Uint8Array.from(u);
  transcodeG711InPlace('PCMU', 'PCMA', a, 0, 160);
  const back = new Int16Array(160);
  decodeG711('PCMA', a, 0, 160, back);
  for (let i = 0; i < 160; i++) assert.ok(Math.abs(back[i]! - pcm[i]!) < 300, `sample ${i}`);
  // transcoding twice returns to a µ-law word that decodes to nearly the same value
  for (let b = 0; b < 256; b++) {
    const again = ALAW_TO_ULAW[ULAW_TO_ALAW[b]!]!;
    assert.ok(Math.abs(decodeUlaw(again) - decodeUlaw(b)) <= Math.max(16, Math.abs(decodeUlaw(b)) / 8));
  }
});
