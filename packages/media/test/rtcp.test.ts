import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReceiverStats } from '../src/rtcp/receiver-stats';
import { buildRtcpReport, parseRtcp, toNtp } from '../src/rtcp/rtcp-packet';

test('jitter is zero for perfectly paced packets', () => {
  const s = new ReceiverStats();
  for (let i = 0; i < 50; i++) s.update(i, 1000 + 160 * i, 5000 + 20 * i);
  assert.equal(s.jitter, 0);
  assert.equal(s.cumulativeLost, 0);
  assert.equal(s.takeFractionLost(), 0);
});

test('RFC 3550 A.8 jitter arithmetic: J += (|D| - J)/16', () => {
  const s = new ReceiverStats();
  // arrivals alternate 10 ms late/early: each |D| is 80 timestamp units (10 ms at 8 kHz)
  const arrivals = [0, 30, 40, 70, 80];
  arrivals.forEach((t, i) => s.update(i, 160 * i, t));
  // D: |30-20|*8=80, |10-20|*8=80, 80, 80
  let j = 0;
  for (let k = 0; k < 4; k++) j += (80 - j) / 16;
  assert.ok(Math.abs(s.jitter - j) < 1e-9, `${s.jitter} vs ${j}`);
  assert.equal(s.jitterValue, Math.floor(j));
  assert.equal(Math.floor(80 / 16), 5);
});

test('loss: cumulative and fraction per interval, with sequence wrap', () => {
  const s = new ReceiverStats();
  const seqs = [65530, 65531, 65533, 65534, 65535, 0, 2, 3, 4, 5];
  seqs.forEach((q, i) => s.update(q, 160 * i, 20 * i));
  // expected 65530..65535 and 0..5 = 12, received 10
  assert.equal(s.expected, 12);
  assert.equal(s.cumulativeLost, 2);
  assert.equal(s.extendedMaxSeq, 65536 + 5);
  assert.equal(s.takeFractionLost(), Math.floor((2 << 8) / 12));
  for (let q = 6; q < 16; q++) s.update(q, 0, 0);
  assert.equal(s.takeFractionLost(), 0);
});

test('a big jump resyncs after two sequential packets; duplicates do not count as loss', () => {
  const s = new ReceiverStats();
  for (let q = 0; q < 10; q++) s.update(q, 0, 0);
  s.update(30000, 0, 0);
  s.update(30001, 0, 0);
  s.update(30002, 0, 0);
  assert.equal(s.cumulativeLost, 0);
  s.update(30002, 0, 0);
  assert.equal(s.cumulativeLost, -1);
});

test('SR/RR build and parse round trip (compound)', () => {
  const ntp = toNtp(Date.UTC(2026, 0, 1));
  const sr = buildRtcpReport({
    type: 'SR',
    ssrc: 0x11223344,
    sender: { ntpSec: ntp.sec, ntpFrac: ntp.frac, rtpTimestamp: 123456, packetCount: 50, octetCount: 8000 },
    blocks: [{ ssrc: 9, fractionLost: 51, cumulativeLost: -3, extendedHighestSeq: 65541, jitter: 17, lastSr: 7, delaySinceLastSr: 65536 }],
  });
  const rr = buildRtcpReport({ type: 'RR', ssrc: 5, blocks: [] });
  assert.equal(sr.length, 52);
  assert.equal(rr.length, 8);
  const parsed = parseRtcp(Buffer.concat([sr, rr]));
  assert.equal(parsed.length, 2);
  assert.equal(parsed[0]!.type, 'SR');
  assert.equal(parsed[0]!.sender!.packetCount, 50);
  assert.deepEqual(parsed[0]!.blocks[0], { ssrc: 9, fractionLost: 51, cumulativeLost: -3, extendedHighestSeq: 65541, jitter: 17, lastSr: 7, delaySinceLastSr: 65536 });
  assert.deepEqual(parsed[1], { type: 'RR', ssrc: 5, blocks: [] });
  assert.equal(ntp.sec, 2208988800 + Date.UTC(2026, 0, 1) / 1000);
});
