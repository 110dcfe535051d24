import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import { MediaLeg } from '../src/leg/media-leg';
import { payloadMapFor } from '../src/codec/payload-types';
import { encodeG711 } from '../src/codec/g711';
import { parseRtpHeader } from '../src/rtp/packet';
import type { G711Codec } from '../src/codec/g711';

/** Records each transmit as it came: was it the whole buffer, and what it held. */
class RecordingLeg extends MediaLeg {
  readonly packets: Array<{ whole: boolean; bytes: Buffer }> = [];
  constructor(clock: FakeClock, codec: G711Codec, ptimeMs: number) {
    super({ id: 'rec', clock, payload: payloadMapFor(codec), ptimeMs });
    this.sm.transition('active');
  }
  protected transmit(buf: Buffer, off: number, len: number): void {
    this.packets.push({ whole: off === 0 && len === buf.length, bytes: Buffer.from(buf.subarray(off, off + len)) });
  }
  async close(): Promise<void> {
    this.markClosed();
  }
}

const ramp = (n: number): Int16Array => Int16Array.from({ length: n }, (_, i) => ((i * 997) % 60000) - 30000);

/** The payloads sent, in order, must be the encoding of the samples given, in order. */
function assertPayloads(leg: RecordingLeg, codec: G711Codec, samples: Int16Array, frame: number): void {
  const want = Buffer.alloc(samples.length);
  encodeG711(codec, samples, 0, samples.length, want, 0);
  assert.equal(leg.packets.length, samples.length / frame);
  const seq0 = parseRtpHeader(leg.packets[0]!.bytes)!.sequenceNumber;
  leg.packets.forEach((p, k) => {
    const h = parseRtpHeader(p.bytes)!;
    assert.equal(h.payloadLength, frame);
    assert.equal(h.sequenceNumber, (seq0 + k) & 0xffff);
    assert.deepEqual(p.bytes.subarray(h.headerLength), want.subarray(k * frame, (k + 1) * frame), `packet ${k}`);
    assert.ok(p.whole, `packet ${k} went out as a whole buffer (no per-packet slice)`);
  });
}

test('sendPcm: 20 ms frames on a 20 ms leg go out one packet each, encoded straight from the frame', () => {
  const leg = new RecordingLeg(new FakeClock(), 'PCMU', 20);
  const all = ramp(160 * 6);
  for (let f = 0; f < 6; f++) leg.sendPcm(all.subarray(f * 160, (f + 1) * 160), 160);
  assertPayloads(leg, 'PCMU', all, 160);
});

test('sendPcm: 20 ms frames on a 30 ms leg are regrouped into 30 ms packets across calls', () => {
  const leg = new RecordingLeg(new FakeClock(), 'PCMA', 30);
  const all = ramp(160 * 9); // 1440 samples = six 30 ms packets
  for (let f = 0; f < 9; f++) leg.sendPcm(all.subarray(f * 160, (f + 1) * 160), 160);
  assertPayloads(leg, 'PCMA', all, 240);
});

test('sendPcm: odd chunk sizes (a prompt read in pieces) keep every sample in order', () => {
  const leg = new RecordingLeg(new FakeClock(), 'PCMU', 20);
  const all = ramp(160 * 5);
  const cuts = [0, 400, 470, 480, 800]; // 2.5 packets, then small pieces, then the rest
  for (let i = 0; i + 1 < cuts.length; i++) leg.sendPcm(all.subarray(cuts[i], cuts[i + 1]), cuts[i + 1]! - cuts[i]!);
  assertPayloads(leg, 'PCMU', all, 160);
});
