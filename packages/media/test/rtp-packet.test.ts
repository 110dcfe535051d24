import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRtpHeader, rtpHeaderLength, setRtpSeq, setRtpSsrc, setRtpTimestamp, writeRtpHeader } from '../src/rtp/packet';
import { RtpRewriter } from '../src/rtp/rtp-rewriter';

test('writes and parses header fields', () => {
  const b = Buffer.alloc(172);
  writeRtpHeader(b, 0, 8, 65535, 0xfffffff0, 0xdeadbeef, true);
  const h = parseRtpHeader(b)!;
  assert.equal(h.version, 2);
  assert.equal(h.payloadType, 8);
  assert.equal(h.marker, true);
  assert.equal(h.sequenceNumber, 65535);
  assert.equal(h.timestamp, 0xfffffff0);
  assert.equal(h.ssrc, 0xdeadbeef);
  assert.equal(h.headerLength, 12);
  assert.equal(h.payloadLength, 160);
  setRtpSeq(b, 0, 65536 + 3);
  setRtpTimestamp(b, 0, 2 ** 32 + 5);
  setRtpSsrc(b, 0, 42);
  const h2 = parseRtpHeader(b)!;
  assert.deepEqual([h2.sequenceNumber, h2.timestamp, h2.ssrc, h2.marker], [3, 5, 42, true]);
});

test('CSRCs, extension and padding are accounted for; garbage rejected', () => {
  const b = Buffer.alloc(12 + 8 + 8 + 160 + 4);
  writeRtpHeader(b, 0, 0, 1, 2, 3);
  b[0] = 0x80 | 0x20 | 0x10 | 2; // padding, extension, 2 CSRCs
  b.writeUInt16BE(0xbede, 20);
  b.writeUInt16BE(1, 22); // one word of extension
  b[b.length - 1] = 4;
  const h = parseRtpHeader(b)!;
  assert.equal(h.headerLength, 12 + 8 + 8);
  assert.equal(h.payloadLength, 160);
  assert.equal(rtpHeaderLength(Buffer.from([0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), 0, 12), -1);
  assert.equal(parseRtpHeader(Buffer.alloc(5)), undefined);
});

test('rewriter: one continuous stream across source changes', () => {
  const rw = new RtpRewriter(0x1111);
  const out: Array<[number, number, boolean]> = [];
  let now = 0;
  for (let i = 0; i < 5; i++, now += 20) {
    rw.map(0xa, 100 + i, 5000 + 160 * i, now);
    out.push([rw.seqToSend, rw.outTs, rw.marker]);
  }
  now += 100; // a 100 ms gap, then a new source with unrelated numbering
  for (let i = 0; i < 5; i++, now += 20) {
    rw.map(0xb, 40000 + i, 99 + 160 * i, now);
    out.push([rw.seqToSend, rw.outTs, rw.marker]);
  }
  for (let i = 1; i < out.length; i++) assert.equal(out[i]![0], (out[i - 1]![0] + 1) & 0xffff, `seq ${i}`);
  for (let i = 1; i < 5; i++) assert.equal(out[i]![1] - out[i - 1]![1], 160);
  assert.equal((out[5]![1] - out[4]![1]) >>> 0, 960); // 120 ms later
  assert.equal(out[5]![2], true);
  assert.equal(out[6]![2], false);
});

test('rewriter: loss gaps preserved, duplicates keep their number, events keep their timestamp', () => {
  const rw = new RtpRewriter(1);
  rw.map(9, 10, 1600, 0);
  const s0 = rw.seqToSend;
  rw.map(9, 13, 2080, 60); // two lost
  assert.equal(rw.seqToSend, (s0 + 3) & 0xffff);
  rw.map(9, 12, 1920, 61); // late one
  assert.equal(rw.seqToSend, (s0 + 2) & 0xffff);
  // an event stream with its own SSRC interleaved: its packets share one timestamp
  rw.map(77, 500, 123456, 62);
  const evTs = rw.outTs;
  rw.map(9, 14, 2240, 80);
  rw.map(77, 501, 123456, 82);
  assert.equal(rw.outTs, evTs);
});

test('rewriter: local audio and invalidate', () => {
  const rw = new RtpRewriter(5);
  rw.mapLocal(160, 0);
  const t0 = rw.outTs;
  rw.mapLocal(160, 20);
  assert.equal(rw.outTs - t0, 160);
  rw.invalidate();
  rw.mapLocal(160, 40);
  assert.equal(rw.marker, true);
  assert.equal(rw.outTs - t0, 320);
});

test('rewriter: a sender restarting its numbering on the same SSRC is re-anchored, not taken as late', () => {
  const rw = new RtpRewriter(2);
  rw.map(5, 12080, 17632, 0);
  const s0 = rw.seqToSend;
  rw.map(5, 8397, 85760, 20); // 3683 back: not a late packet
  assert.equal(rw.seqToSend, (s0 + 1) & 0xffff);
  assert.equal(rw.marker, true);
  rw.map(5, 8398, 85760, 40);
  assert.equal(rw.seqToSend, (s0 + 2) & 0xffff);
});
