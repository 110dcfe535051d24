import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import { Mixer } from '../src/mix/mixer';
import { Conference } from '../src/mix/conference';
import { FrameTicker } from '../src/util/frame-ticker';
import { isTonePresent } from '../src/dtmf/goertzel';
import { renderTone, sine } from '../src/tone/tone-generator';
import { Playback } from '../src/play/playback';
import { MediaError } from '../src/errors';
import { Feeder, memLeg } from './helpers/media-fixtures';

test('N-1 mix with clipping', () => {
  const m = new Mixer(3, 4);
  m.inputs[0]!.set([1000, 30000, -30000, 0]);
  m.inputs[1]!.set([2000, 30000, -30000, 0]);
  m.inputs[2]!.set([4000, 0, 0, 7]);
  m.mix();
  assert.deepEqual([...m.outputs[0]!], [6000, 30000, -30000, 7]);
  assert.deepEqual([...m.outputs[2]!], [3000, 32767, -32768, 0]);
  assert.throws(
    () => new Mixer(7),
    (e: unknown) => e instanceof MediaError && e.code === 'MEDIA_TOO_MANY_PARTIES',
  );
});

test('four-party conference: each hears the other three tones and not its own', () => {
  const clock = new FakeClock();
  const ticker = new FrameTicker(clock);
  const freqs = [400, 700, 1000, 1300];
  const parties = freqs.map((_, i) => memLeg(clock, `p${i}`, i % 2 ? 'PCMA' : 'PCMU'));
  const conf = new Conference(
    ticker,
    parties.map((p) => p.leg),
  );
  const feeders = parties.map((p) => new Feeder(p.leg));
  const tones = freqs.map((f) => renderTone({ freqs: [f], amplitude: 5000 }, 1000));
  for (let t = 0; t < 50; t++) {
    feeders.forEach((fd, i) => fd.feed(tones[i]!, t * 160, 160));
    clock.advance(20);
  }
  parties.forEach((p, i) => {
    const heard = p.sentPcm().subarray(800); // skip the jitter prebuffer
    assert.ok(heard.length >= 6000, `party ${i} got ${heard.length} samples`);
    freqs.forEach((f, j) => {
      assert.equal(isTonePresent(heard, f, { minRatio: 0.15 }), i !== j, `party ${i} hearing ${f} Hz`);
    });
  });
  assert.throws(() => {
    for (let i = 0; i < 3; i++) conf.add(memLeg(clock, `x${i}`).leg);
  }, /at most 6/);
  conf.close();
  assert.equal(ticker.size, 0);
});

test('a prompt to one conference party replaces the mix for that party only, then the mix resumes', () => {
  const clock = new FakeClock();
  const ticker = new FrameTicker(clock);
  const parties = [0, 1, 2].map((i) => memLeg(clock, `p${i}`));
  new Conference(
    ticker,
    parties.map((p) => p.leg),
  );
  const feeders = parties.map((p) => new Feeder(p.leg));
  const tones = [400, 700, 1300].map((f) => renderTone({ freqs: [f], amplitude: 5000 }, 2000));
  let pb: Playback | undefined;
  for (let t = 0; t < 75; t++) {
    if (t === 20) pb = new Playback(parties[0]!.leg, sine(1000, 500), ticker);
    feeders.forEach((fd, i) => fd.feed(tones[i]!, t * 160, 160));
    clock.advance(20);
  }
  assert.equal(pb!.isPlaying, false);
  const p0 = parties[0]!.sentPcm();
  const during = p0.subarray(22 * 160, 43 * 160);
  assert.ok(isTonePresent(during, 1000, { minBlocks: 0.9 }));
  assert.ok(!isTonePresent(during, 700) && !isTonePresent(during, 1300));
  const after = p0.subarray(p0.length - 20 * 160);
  assert.ok(isTonePresent(after, 700, { minRatio: 0.3 }) && isTonePresent(after, 1300, { minRatio: 0.3 }) && !isTonePresent(after, 1000));
  assert.ok(isTonePresent(parties[1]!.sentPcm().subarray(22 * 160, 43 * 160), 400, { minRatio: 0.3 }), 'others still hear the mix');
});
