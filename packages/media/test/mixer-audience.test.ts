import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import { Mixer } from '../src/mix/mixer';
import { Conference } from '../src/mix/conference';
import { FrameTicker } from '../src/util/frame-ticker';
import { isTonePresent } from '../src/dtmf/goertzel';
import { renderTone } from '../src/tone/tone-generator';
import { MediaError } from '../src/errors';
import { Feeder, memLeg } from './helpers/media-fixtures';

// Parties as a supervisor's monitor uses them: 0 caller, 1 agent, 2 supervisor.
const CALLER = 0;
const AGENT = 1;
const SUP = 2;

function mixed(audience: readonly number[] | null): Int16Array[] {
  const m = new Mixer(3, 4);
  m.inputs[CALLER]!.set([1, 1, 1, 1]);
  m.inputs[AGENT]!.set([10, 10, 10, 10]);
  m.inputs[SUP]!.set([100, 100, 100, 100]);
  m.setAudience(SUP, audience);
  m.mix();
  return m.outputs;
}

test('listen: the supervisor hears both, nobody hears the supervisor', () => {
  const out = mixed([]);
  assert.deepEqual([...out[CALLER]!], [10, 10, 10, 10]);
  assert.deepEqual([...out[AGENT]!], [1, 1, 1, 1]);
  assert.deepEqual([...out[SUP]!], [11, 11, 11, 11]);
});

test('whisper: only the agent hears the supervisor', () => {
  const out = mixed([AGENT]);
  assert.deepEqual([...out[CALLER]!], [10, 10, 10, 10]);
  assert.deepEqual([...out[AGENT]!], [101, 101, 101, 101]);
  assert.deepEqual([...out[SUP]!], [11, 11, 11, 11]);
});

test('barge (null audience): everyone hears everyone else; a party listed for itself still does not hear itself', () => {
  assert.deepEqual(
    mixed(null).map((o) => o[0]),
    [110, 101, 11],
  );
  assert.deepEqual(
    mixed([SUP, AGENT]).map((o) => o[0]),
    [10, 101, 11],
  );
});

test('restricted speakers clip once, after every contribution', () => {
  const m = new Mixer(3, 2);
  m.inputs[0]!.set([30000, -30000]);
  m.inputs[1]!.set([30000, -30000]);
  m.inputs[2]!.set([-30000, 30000]);
  m.setAudience(2, [1]);
  m.mix();
  // Agent: 30000 + (-30000) = 0, not clipped 30000 then added.
  assert.deepEqual([...m.outputs[1]!], [0, 0]);
  assert.deepEqual([...m.outputs[0]!], [30000, -30000]);
  assert.deepEqual(m.audienceOf(2), [1]);
  assert.deepEqual(m.audienceOf(0), [1, 2]);
  assert.throws(
    () => m.setAudience(3, null),
    (e: unknown) => e instanceof MediaError && e.code === 'MEDIA_BAD_ARGUMENT',
  );
  assert.throws(() => m.setAudience(0, [5]), /no party 5/);
});

test('conference: an audience follows the leg through adds and removes; switching modes changes who hears the tone', () => {
  const clock = new FakeClock();
  const ticker = new FrameTicker(clock);
  const freqs = [500, 900, 1400];
  const parties = freqs.map((_, i) => memLeg(clock, `p${i}`, i === 1 ? 'PCMA' : 'PCMU'));
  const [caller, agent, sup] = parties.map((p) => p.leg) as [(typeof parties)[0]['leg'], (typeof parties)[0]['leg'], (typeof parties)[0]['leg']];
  const conf = new Conference(ticker, [caller, agent]);
  // Set before the supervisor joins: it applies once they do.
  conf.setAudience(sup, []);
  conf.add(sup);
  const feeders = parties.map((p) => new Feeder(p.leg));
  const tones = freqs.map((f) => renderTone({ freqs: [f], amplitude: 5000 }, 4000));
  const marks: number[][] = [];
  const phase = (frames: number) => {
    marks.push(parties.map((p) => p.sentPcm().length));
    const t0 = marks.length * 1000;
    for (let t = 0; t < frames; t++) {
      feeders.forEach((fd, i) => fd.feed(tones[i]!, ((t0 + t) * 160) % (tones[i]!.length - 160), 160));
      clock.advance(20);
    }
  };
  const heard = (party: number, k: number) => {
    const from = marks[k]![party]! + 800; // skip the change-over and the jitter prebuffer
    const to = marks[k + 1]?.[party];
    return parties[party]!.sentPcm().subarray(from, to);
  };
  phase(50); // listen
  conf.setAudience(sup, [agent]);
  phase(50); // whisper
  conf.setAudience(sup, null);
  phase(50); // barge
  conf.setAudience(sup, []);
  conf.remove(agent);
  conf.add(agent);
  phase(50); // listen again, the agent re-added (held and resumed)
  marks.push(parties.map((p) => p.sentPcm().length));
  const expect: Array<[string, boolean[][]]> = [
    // [who hears] per listener: caller, agent, supervisor hearing [500, 900, 1400]
    [
      'listen',
      [
        [false, true, false],
        [true, false, false],
        [true, true, false],
      ],
    ],
    [
      'whisper',
      [
        [false, true, false],
        [true, false, true],
        [true, true, false],
      ],
    ],
    [
      'barge',
      [
        [false, true, true],
        [true, false, true],
        [true, true, false],
      ],
    ],
    [
      'listen after re-add',
      [
        [false, true, false],
        [true, false, false],
        [true, true, false],
      ],
    ],
  ];
  expect.forEach(([name, rows], k) => {
    rows.forEach((row, listener) => {
      const pcm = heard(listener, k);
      assert.ok(pcm.length >= 4000, `${name}: party ${listener} got ${pcm.length} samples`);
      row.forEach((want, speaker) => {
        assert.equal(isTonePresent(pcm, freqs[speaker]!, { minRatio: 0.15 }), want, `${name}: party ${listener} hearing ${freqs[speaker]} Hz`);
      });
    });
  });
  conf.close();
  assert.equal(ticker.size, 0);
});
