import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '@switchboard/shared';
import { CallRecorder } from '../src/record/call-recorder';
import { parseWav } from '../src/play/wav-reader';
import { FrameTicker } from '../src/util/frame-ticker';
import { blockEnergy, isTonePresent } from '../src/dtmf/goertzel';
import { renderTone } from '../src/tone/tone-generator';
import { Feeder, memLeg } from './helpers/media-fixtures';
import { LateClock } from './helpers/late-clock';

/** Left channel of a stereo WAV file. */
function readLeft(path: string): { left: Int16Array; frames: number } {
  const wav = parseWav(readFileSync(path));
  assert.equal(wav.channels, 2);
  const frames = wav.samples.length / 2;
  return { left: Int16Array.from({ length: frames }, (_, i) => wav.samples[2 * i]!), frames };
}

function markersOf(path: string): Record<string, { offsetMs: number }> {
  const doc = JSON.parse(readFileSync(path.replace(/\.wav$/, '.markers.json'), 'utf8')) as { durationMs: number; markers: Array<{ name: string; offsetMs: number }> };
  return Object.fromEntries(doc.markers.map((m) => [m.name, m]));
}

/** A recorder on a ticker driven by a clock that can stall; the leg feeds 20 ms of 1 kHz per step. */
function setup(dir: string) {
  const clock = new LateClock();
  const ticker = new FrameTicker(clock);
  const cust = memLeg(new FakeClock(), 'cust');
  const path = join(dir, 'call.wav');
  const rec = new CallRecorder({ path, clock, ticker, left: [cust.leg] });
  const feeder = new Feeder(cust.leg);
  const tone = renderTone({ freqs: [1000], amplitude: 6000 }, 5000);
  let pos = 0;
  const talk = (ms: number) => {
    for (let t = 0; t < ms; t += 20) {
      feeder.feed(tone, pos % 32000, 160);
      pos += 160;
      clock.advance(20);
    }
  };
  return { clock, ticker, rec, path, talk };
}

test('ticks a stalled loop missed become silence: the file stays as long as the call', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-rec-stall-'));
  try {
    const { clock, ticker, rec, path, talk } = setup(dir);
    talk(1000);
    clock.stall(500); // blocked: 25 ticks due, the ticker delivers 5 and skips 20
    clock.advance(0);
    talk(1000);
    clock.advance(7); // stop between ticks
    await rec.stop();
    const { left, frames } = readLeft(path);
    assert.equal(frames, 2500 * 8, 'one frame per 20 ms of wall time: 2.5 s, the skipped ticks included');
    assert.ok(isTonePresent(left.subarray(1600, 7200), 1000), 'audio before the stall');
    assert.equal(blockEnergy(left, 8400, 12000), 0, 'the stalled stretch is silence');
    assert.ok(isTonePresent(left.subarray(13600, 19200), 1000), 'audio after the stall, at its true offset');
    const m = markersOf(path);
    assert.equal(m['stop']!.offsetMs, 2500, "stop marker at the file's end, not at 'now' (2507 ms)");
    assert.equal(rec.durationMs, 2500);
    assert.equal(ticker.size, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stop while the loop is stalled fills the frames up to now; stop marker equals the file end', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-rec-stall-'));
  try {
    const { clock, rec, path, talk } = setup(dir);
    talk(600);
    rec.mark('before-stall');
    clock.stall(333); // no tick runs; stop() comes from the same blocked turn of the loop
    rec.mark('in-stall');
    await rec.stop();
    const { frames } = readLeft(path);
    assert.equal(frames, Math.floor(933 / 20) * 160, 'whole frames up to the stop time');
    const m = markersOf(path);
    assert.equal(m['before-stall']!.offsetMs, 600);
    assert.equal(m['in-stall']!.offsetMs, 933, 'a marker keeps its true offset even inside unwritten frames');
    assert.equal(m['stop']!.offsetMs, (frames / 8000) * 1000, "stop marker = the file's length in ms");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('pause and resume act at their markers: a late tick after resume puts no audio inside the paused stretch', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-rec-stall-'));
  try {
    const { clock, rec, path, talk } = setup(dir);
    talk(1000);
    clock.stall(30); // the tick for 1000-1020 ms is late...
    rec.pause(); // ...and pause comes first, at 1030 ms
    clock.advance(0); // the late tick writes 1000-1020: audio, it was before the pause
    talk(480); // to 1510 ms
    clock.stall(40); // the ticks due at 1520 and 1540 ms are late
    rec.resume(); // at 1550 ms
    clock.advance(0); // late ticks run with the recorder already recording
    talk(500);
    await rec.stop();
    const { left } = readLeft(path);
    const m = markersOf(path);
    assert.equal(m['pause']!.offsetMs, 1030);
    assert.equal(m['resume']!.offsetMs, 1550);
    assert.equal(blockEnergy(left, 1030 * 8, 1550 * 8), 0, 'silent exactly from the pause marker to the resume marker');
    assert.ok(isTonePresent(left.subarray(800 * 8, 1000 * 8), 1000), 'audio up to the pause');
    assert.ok(blockEnergy(left, 1000 * 8, 1020 * 8) > 0, 'the late frame before the pause keeps its audio');
    assert.ok(blockEnergy(left, 1560 * 8, 1700 * 8) > 0, 'audio again after the resume marker');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
