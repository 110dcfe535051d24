import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import { MediaEngine } from '../src/media-engine';
import { MemoryLeg } from '../src/leg/memory-leg';
import { payloadMapFor } from '../src/codec/payload-types';
import { parseRtpHeader } from '../src/rtp/packet';
import { Bridge } from '../src/leg/bridge';
import { MediaError } from '../src/errors';
import { Feeder, memLeg } from './helpers/media-fixtures';

function pair(clock: FakeClock, tePt: number) {
  const tx = new MemoryLeg({ id: 'tx', clock, payload: payloadMapFor('PCMU', tePt) });
  const rx = new MemoryLeg({ id: 'rx', clock, payload: payloadMapFor('PCMU', tePt), inbandDtmf: true });
  const sent: Buffer[] = [];
  tx.onSend = (p) => (sent.push(p), rx.inject(p));
  const got: string[] = [];
  rx.on('dtmf', (e) => got.push(`${e.digit}/${e.source}`));
  return { tx, sent, got };
}

test('sends RFC 4733 digits that a receiver decodes once each', () => {
  const clock = new FakeClock();
  const engine = new MediaEngine({ clock });
  const { tx, sent, got } = pair(clock, 101);
  let finished = 0;
  engine.sendDigits(tx, '159#').on('finished', () => finished++);
  clock.advance(2000);
  assert.equal(finished, 1);
  assert.deepEqual(got, ['1/rfc4733', '5/rfc4733', '9/rfc4733', '#/rfc4733']);
  const hs = sent.map((p) => parseRtpHeader(p)!);
  assert.ok(hs.every((h) => h.payloadType === 101));
  assert.equal(hs.length, 4 * (5 + 3));
  assert.equal(new Set(hs.slice(0, 8).map((h) => h.timestamp)).size, 1, 'one timestamp per digit');
  assert.equal(hs[0]!.marker, true);
  for (let i = 1; i < hs.length; i++) assert.equal(hs[i]!.sequenceNumber, (hs[i - 1]!.sequenceNumber + 1) & 0xffff);
  assert.throws(
    () => engine.sendDigits(tx, '12x'),
    (e: unknown) => e instanceof MediaError && e.code === 'MEDIA_BAD_ARGUMENT',
  );
});

test('falls back to in-band tones when telephone-event was not negotiated', () => {
  const clock = new FakeClock();
  const engine = new MediaEngine({ clock });
  const { tx, got } = pair(clock, -1);
  engine.sendDigits(tx, '*0D');
  clock.advance(2000);
  assert.deepEqual(got, ['*/inband', '0/inband', 'D/inband']);
  assert.equal(tx.localSources, 0);
});

test('moving a leg to another bridge keeps its outgoing stream continuous', () => {
  const clock = new FakeClock();
  const agent = memLeg(clock, 'agent');
  const cust1 = memLeg(clock, 'c1');
  const cust2 = memLeg(clock, 'c2');
  const f1 = new Feeder(cust1.leg, 0x111);
  const f2 = new Feeder(cust2.leg, 0x222);
  const voice = new Int16Array(160).fill(500);
  const b1 = new Bridge(cust1.leg, agent.leg);
  for (let i = 0; i < 5; i++) f1.feed(voice), clock.advance(20);
  b1.unbridge();
  clock.advance(60);
  new Bridge(cust2.leg, agent.leg);
  for (let i = 0; i < 5; i++) f2.feed(voice), clock.advance(20);
  const hs = agent.sent.map((p) => parseRtpHeader(p)!);
  assert.equal(hs.length, 10);
  assert.ok(hs.every((h) => h.ssrc === agent.leg.rewriter.ssrc));
  for (let i = 1; i < 10; i++) assert.equal(hs[i]!.sequenceNumber, (hs[i - 1]!.sequenceNumber + 1) & 0xffff);
  assert.equal((hs[5]!.timestamp - hs[4]!.timestamp) >>> 0, 8 * 80, 'timestamps follow the 80 ms of wall time');
  assert.equal(hs[5]!.marker, true);
});
