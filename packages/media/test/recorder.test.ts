import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock, allowedMoves, forbiddenMoves, IllegalTransitionError } from '@switchboard/shared';
import { CallRecorder, RECORDER_TRANSITIONS } from '../src/record/call-recorder';
import { parseWav } from '../src/play/wav-reader';
import { FrameTicker } from '../src/util/frame-ticker';
import { blockEnergy, isTonePresent } from '../src/dtmf/goertzel';
import { renderTone } from '../src/tone/tone-generator';
import { Feeder, memLeg } from './helpers/media-fixtures';

test('stereo recording: right length, customer left, agent right, paused stretch silent, markers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-rec-'));
  try {
    const clock = new FakeClock();
    const ticker = new FrameTicker(clock);
    const cust = memLeg(clock, 'cust', 'PCMA', { ptimeMs: 30 });
    const agent = memLeg(clock, 'agent');
    const path = join(dir, 'call.wav');
    const rec = new CallRecorder({ path, clock, ticker, left: [cust.leg], right: [agent.leg] });
    const cf = new Feeder(cust.leg);
    const af = new Feeder(agent.leg);
    const left = renderTone({ freqs: [1000], amplitude: 6000 }, 3000);
    const right = renderTone({ freqs: [600], amplitude: 6000 }, 3000);
    let custPos = 0;
    for (let t = 0; t < 150; t++) {
      // customer sends 30 ms packets, agent 20 ms, against 20 ms ticks
      while (custPos + 240 <= (t + 1) * 160) cf.feed(left, custPos, 240), (custPos += 240);
      af.feed(right, t * 160, 160);
      if (t === 25) rec.mark('card-entry', 'payment');
      if (t === 50) rec.pause();
      if (t === 75) rec.resume();
      clock.advance(20);
    }
    await rec.stop();
    const wav = parseWav(readFileSync(path));
    assert.equal(wav.channels, 2);
    assert.equal(wav.sampleRate, 8000);
    const frames = wav.samples.length / 2;
    assert.equal(frames, 150 * 160, 'one 20 ms frame per tick: 3 s');
    const l = Int16Array.from({ length: frames }, (_, i) => wav.samples[2 * i]!);
    const r = Int16Array.from({ length: frames }, (_, i) => wav.samples[2 * i + 1]!);
    const secs = (a: number, b: number) => [a * 8, b * 8] as const;
    const [s1, e1] = secs(100, 900);
    assert.ok(isTonePresent(l.subarray(s1, e1), 1000) && !isTonePresent(l.subarray(s1, e1), 600), 'left: customer');
    assert.ok(isTonePresent(r.subarray(s1, e1), 600) && !isTonePresent(r.subarray(s1, e1), 1000), 'right: agent');
    const [ps, pe] = secs(1000, 1500);
    assert.equal(blockEnergy(l, ps, pe) + blockEnergy(r, ps, pe), 0, 'paused stretch is silent');
    const [rs, re] = secs(1600, 2900);
    assert.ok(isTonePresent(l.subarray(rs, re), 1000) && isTonePresent(r.subarray(rs, re), 600), 'audio after resume');
    const doc = JSON.parse(readFileSync(join(dir, 'call.markers.json'), 'utf8')) as { markers: Array<{ name: string; kind: string; offsetMs: number }> };
    const m = Object.fromEntries(doc.markers.map((x) => [x.name, x]));
    assert.equal(m['card-entry']!.offsetMs, 500);
    assert.equal(m['card-entry']!.kind, 'payment');
    assert.equal(m['pause']!.offsetMs, 1000);
    assert.equal(m['resume']!.offsetMs, 1500);
    assert.equal(m['stop']!.offsetMs, 3000);
    assert.equal(cust.leg.taps.length, 0, 'taps removed on stop');
    assert.equal(ticker.size, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('recorder state table: every allowed move works, every other is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-rec-'));
  try {
    const clock = new FakeClock();
    const ticker = new FrameTicker(clock);
    const drive = (r: CallRecorder, to: string) => (to === 'paused' ? r.pause() : to === 'recording' ? r.resume() : r.stop());
    let n = 0;
    const at = async (state: string) => {
      const r = new CallRecorder({ path: join(dir, `r${n++}.wav`), clock, ticker });
      if (state === 'paused') r.pause();
      if (state === 'closed') await r.stop();
      return r;
    };
    for (const [from, to] of allowedMoves(RECORDER_TRANSITIONS)) {
      const r = await at(from);
      await drive(r, to);
      assert.equal(r.state, to);
      await r.stop();
    }
    for (const [from, to] of forbiddenMoves(RECORDER_TRANSITIONS)) {
      if (to === 'closed') continue; // stop() is idempotent by design
      const r = await at(from);
      assert.throws(() => drive(r, to), IllegalTransitionError, `${from} -> ${to}`);
      await r.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an extra input (an announcement the customer is played) is summed into its channel until removed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-rec-'));
  try {
    const clock = new FakeClock();
    const ticker = new FrameTicker(clock);
    const cust = memLeg(clock, 'cust');
    const agent = memLeg(clock, 'agent');
    const path = join(dir, 'call.wav');
    const rec = new CallRecorder({ path, clock, ticker, left: [cust.leg], right: [agent.leg] });
    assert.equal(rec.sideOf(cust.leg), 'left');
    assert.equal(rec.sideOf(agent.leg), 'right');
    const af = new Feeder(agent.leg);
    const voice = renderTone({ freqs: [600], amplitude: 4000 }, 2000);
    const ann = renderTone({ freqs: [1400], amplitude: 4000 }, 2000);
    const input = rec.addInput('right');
    for (let t = 0; t < 100; t++) {
      af.feed(voice, t * 160, 160);
      if (t < 50) input.write(ann.subarray(t * 160, t * 160 + 160), 160);
      if (t === 50) input.remove();
      clock.advance(20);
    }
    await rec.stop();
    const wav = parseWav(readFileSync(path));
    const frames = wav.samples.length / 2;
    const l = Int16Array.from({ length: frames }, (_, i) => wav.samples[2 * i]!);
    const r = Int16Array.from({ length: frames }, (_, i) => wav.samples[2 * i + 1]!);
    assert.ok(isTonePresent(r.subarray(800, 7200), 1400) && isTonePresent(r.subarray(800, 7200), 600), 'right: announcement mixed with the agent');
    assert.ok(!isTonePresent(r.subarray(9600, 15200), 1400), 'gone once removed');
    assert.equal(blockEnergy(l, 0, frames), 0, 'left untouched');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
