import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import { Bridge } from '../src/leg/bridge';
import { InbandDtmfDetector } from '../src/dtmf/inband-detector';
import { isTonePresent } from '../src/dtmf/goertzel';
import { frequenciesFor } from '../src/dtmf/dtmf-digits';
import { writeTelephoneEvent } from '../src/dtmf/rfc4733';
import { writeRtpHeader } from '../src/rtp/packet';
import { dtmfTone, renderTone } from '../src/tone/tone-generator';
import type { DtmfEvent } from '../src/leg/leg-events';
import { Feeder, concat, memLeg } from './helpers/media-fixtures';

function digitsIn(pcm: Int16Array): string[] {
  const out: string[] = [];
  const d = new InbandDtmfDetector((digit, phase) => phase === 'start' && out.push(digit));
  d.process(pcm, 0, pcm.length);
  return out;
}

function toneOf(digit: '5' | '9', ms: number): Int16Array {
  const t = new Int16Array(ms * 8);
  dtmfTone(frequenciesFor(digit), ms, 7000).read(t, t.length);
  return t;
}

const speech = (ms: number) => renderTone({ freqs: [500], amplitude: 4000 }, ms);

test('masking replaces in-band DTMF with silence toward the peer and the taps, still reports digits', () => {
  const clock = new FakeClock();
  const cust = memLeg(clock, 'customer', 'PCMA', { inbandDtmf: true });
  const agent = memLeg(clock, 'agent', 'PCMU');
  new Bridge(cust.leg, agent.leg);
  const tapped: number[] = [];
  cust.leg.addTap({ onPcm: (_l, pcm, n) => tapped.push(...pcm.subarray(0, n)) });
  const digits: DtmfEvent[] = [];
  cust.leg.on('dtmf', (e) => digits.push(e));
  const feeder = new Feeder(cust.leg);
  const audio = concat([speech(200), toneOf('5', 120), speech(200), toneOf('9', 100), speech(200)]);

  // unmasked first: the agent hears the digits
  for (let o = 0; o + 160 <= audio.length; o += 160) feeder.feed(audio, o);
  assert.deepEqual(digitsIn(agent.sentPcm()), ['5', '9']);
  assert.deepEqual(
    digits.map((d) => d.digit),
    ['5', '9'],
  );

  agent.sent.length = 0;
  tapped.length = 0;
  const before = agent.sentPcm().length;
  cust.leg.setMask(true);
  for (let o = 0; o + 160 <= audio.length; o += 160) feeder.feed(audio, o);
  const heard = agent.sentPcm().subarray(before);
  assert.deepEqual(digitsIn(heard), []);
  assert.deepEqual(digitsIn(Int16Array.from(tapped)), []);
  assert.ok(isTonePresent(heard, 500, { minBlocks: 0.4 }), 'speech still passes');
  assert.deepEqual(
    digits.map((d) => d.digit),
    ['5', '9', '5', '9'],
    'digits still reported while masked',
  );
});

test('masking suppresses telephone events toward the chosen legs only', () => {
  const clock = new FakeClock();
  const cust = memLeg(clock, 'customer');
  const agent = memLeg(clock, 'agent');
  const gateway = memLeg(clock, 'gateway');
  new Bridge(cust.leg, agent.leg);
  const digits: string[] = [];
  cust.leg.on('dtmf', (e) => digits.push(e.digit));
  const ev = Buffer.alloc(16);
  const send = (seq: number, ts: number, end: boolean) => {
    writeRtpHeader(ev, 0, 101, seq, ts, 0x77);
    writeTelephoneEvent(ev, 12, { event: 4, end, volume: 10, duration: 400 });
    cust.leg.inject(Buffer.from(ev));
  };
  cust.leg.setMask(true, [agent.leg]);
  send(1, 1000, false);
  send(2, 1000, true);
  assert.equal(agent.sent.length, 0);
  cust.leg.setMask(true, [gateway.leg]); // masked toward someone else: the agent gets them
  send(3, 2000, false);
  send(4, 2000, true);
  assert.equal(agent.sent.length, 2);
  cust.leg.setMask(false);
  send(5, 3000, true);
  assert.equal(agent.sent.length, 3);
  assert.deepEqual(digits, ['4', '4', '4']);
});
