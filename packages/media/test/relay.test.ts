import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MediaEngine } from '../src/media-engine';
import { parseRtpHeader } from '../src/rtp/packet';
import { ULAW_TO_ALAW } from '../src/codec/g711';
import { writeTelephoneEvent } from '../src/dtmf/rfc4733';
import type { DtmfEvent } from '../src/leg/leg-events';
import { RtpPeer, paced, sleep } from './helpers/rtp-peer';

/** Every test runs twice: RTP sockets on the media thread, then on two I/O threads. */
let ioThreads = 0;

async function setup(codecB: 'PCMU' | 'PCMA' = 'PCMU', ptimeMs: 20 | 30 = 20) {
  const engine = new MediaEngine({ portRange: { min: 26000, max: 26399 }, rtcpIntervalMs: 0, ioThreads });
  const a = await engine.createLeg({ codec: 'PCMU' });
  const b = await engine.createLeg({ codec: codecB, ptimeMs });
  const x = await RtpPeer.open();
  const y = await RtpPeer.open();
  a.setRemote('127.0.0.1', x.port, 0);
  b.setRemote('127.0.0.1', y.port, codecB === 'PCMU' ? 0 : 8);
  engine.bridge(a, b);
  const done = async () => {
    await engine.close();
    await x.close();
    await y.close();
  };
  return { engine, a, b, x, y, done };
}

const payload = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);

function relaySuite(): void {
  test('relays RTP both ways between two legs with our own SSRC and continuous numbering', async () => {
    const { a, b, x, y, done } = await setup();
    try {
      let started = 0;
      a.on('rtpStarted', () => started++);
      await paced(50, 2, (i) => x.sendRtp(a.localPort, 0, 1000 + i, 16000 + 160 * i, 0xaaaa, payload(160, i)));
      await y.waitFor(50);
      const hs = y.received.map((p) => parseRtpHeader(p)!);
      assert.ok(hs.every((h) => h.ssrc === b.rewriter.ssrc && h.payloadType === 0 && h.payloadLength === 160));
      for (let i = 1; i < 50; i++) {
        assert.equal(hs[i]!.sequenceNumber, (hs[i - 1]!.sequenceNumber + 1) & 0xffff);
        assert.equal((hs[i]!.timestamp - hs[i - 1]!.timestamp) >>> 0, 160);
      }
      assert.deepEqual([...y.received[7]!.subarray(12)], [...payload(160, 7)]);
      assert.equal(started, 1);
      await paced(20, 2, (i) => y.sendRtp(b.localPort, 0, 7 + i, 320 * i, 0xbbbb, payload(160, 100 + i)));
      await x.waitFor(20);
      assert.ok(x.received.every((p) => parseRtpHeader(p)!.ssrc === a.rewriter.ssrc));
    } finally {
      await done();
    }
  });

  test('transcodes PCMU to PCMA when the legs differ, 30 ms packets', async () => {
    const { a, x, y, done } = await setup('PCMA', 30);
    try {
      await paced(10, 2, (i) => x.sendRtp(a.localPort, 0, i, 240 * i, 0x1, payload(240, i)));
      await y.waitFor(10);
      const p = y.received[3]!;
      assert.equal(parseRtpHeader(p)!.payloadType, 8);
      assert.deepEqual(
        [...p.subarray(12)],
        [...payload(240, 3)].map((u) => ULAW_TO_ALAW[u]),
      );
    } finally {
      await done();
    }
  });

  test('a source change (new SSRC, new numbering) keeps the outgoing stream continuous', async () => {
    const { a, x, y, done } = await setup();
    try {
      await paced(10, 2, (i) => x.sendRtp(a.localPort, 0, 100 + i, 5000 + 160 * i, 0x1, payload(160, i)));
      await y.waitFor(10);
      await sleep(40);
      await paced(10, 2, (i) => x.sendRtp(a.localPort, 0, 60000 + i, 777 + 160 * i, 0x2, payload(160, i)));
      await y.waitFor(20);
      const hs = y.received.map((p) => parseRtpHeader(p)!);
      for (let i = 1; i < 20; i++) assert.equal(hs[i]!.sequenceNumber, (hs[i - 1]!.sequenceNumber + 1) & 0xffff);
      const jump = (hs[10]!.timestamp - hs[9]!.timestamp) >>> 0;
      assert.ok(jump >= 160 && jump < 8000, `timestamp moved on by ${jump}`);
      assert.equal(hs[10]!.marker, true);
      assert.ok(hs.every((h) => h.ssrc === hs[0]!.ssrc));
    } finally {
      await done();
    }
  });

  test('symmetric RTP: latches onto the real source address, ignores others afterwards', async () => {
    const { a, b, x, y, done } = await setup();
    const stranger = await RtpPeer.open();
    try {
      a.setRemote('127.0.0.1', 9, 0); // what a NATed phone's SDP might claim
      await paced(5, 2, (i) => x.sendRtp(a.localPort, 0, i, 160 * i, 0x5, payload(160, i)));
      await y.waitFor(5);
      assert.equal(a.remotePort, x.port);
      assert.ok(a.isLatched);
      await paced(5, 2, (i) => y.sendRtp(b.localPort, 0, i, 160 * i, 0x6, payload(160, i)));
      await x.waitFor(5);
      stranger.sendRtp(a.localPort, 0, 1, 1, 0x9, payload(160, 1));
      await sleep(30);
      assert.equal(a.remotePort, x.port);
      assert.equal(y.received.length, 5);
    } finally {
      await stranger.close();
      await done();
    }
  });

  test("RFC 4733 events on their own SSRC: reported as digits and relayed with the peer's payload type", async () => {
    const { a, x, y, done } = await setup();
    try {
      const digits: DtmfEvent[] = [];
      a.on('dtmf', (e) => digits.push(e));
      await paced(5, 2, (i) => x.sendRtp(a.localPort, 0, 10 + i, 160 * i, 0x100, payload(160, i)));
      const ev = Buffer.alloc(4);
      let seq = 3000;
      for (const [code, tsBase] of [
        [1, 8000],
        [11, 16000],
      ] as const) {
        for (let k = 0; k < 6; k++) {
          writeTelephoneEvent(ev, 0, { event: code, end: k >= 3, volume: 10, duration: 160 * (k + 1) });
          x.sendRtp(a.localPort, 101, seq++, tsBase, 0x200, ev, k === 0);
          await sleep(1);
        }
      }
      await y.waitFor(17);
      await sleep(20);
      assert.deepEqual(
        digits.map((d) => [d.digit, d.source, d.ssrc]),
        [
          ['1', 'rfc4733', 0x200],
          ['#', 'rfc4733', 0x200],
        ],
      );
      const events = y.received.map((p) => parseRtpHeader(p)!).filter((h) => h.payloadType === 101);
      assert.equal(events.length, 12);
      assert.equal(new Set(events.slice(0, 6).map((h) => h.timestamp)).size, 1);
    } finally {
      await done();
    }
  });

  test('hold: a sendonly leg does not pass on what it hears; unbridge stops relaying', async () => {
    const { engine, a, x, y, done } = await setup();
    try {
      a.setDirection('sendonly');
      await paced(5, 2, (i) => x.sendRtp(a.localPort, 0, i, 160 * i, 0x5, payload(160, i)));
      await sleep(40);
      assert.equal(y.received.length, 0);
      a.setDirection('sendrecv');
      engine.unbridge(a);
      await paced(5, 2, (i) => x.sendRtp(a.localPort, 0, 5 + i, 160 * (5 + i), 0x5, payload(160, i)));
      await sleep(40);
      assert.equal(y.received.length, 0);
      assert.equal(a.packetsIn, 10);
    } finally {
      await done();
    }
  });

  test("stats(): open legs and packet counters that keep a closed leg's figures (they only grow)", async () => {
    const { engine, a, b, x, y, done } = await setup();
    try {
      const s0 = engine.stats();
      assert.equal(s0.legs, 2);
      assert.deepEqual([s0.packetsIn, s0.packetsOut, s0.packetsDropped, s0.packetsLost], [0, 0, 0, 0]);
      // Sequence 3 is skipped: one packet lost on A's stream. One junk datagram: dropped.
      await paced(6, 2, (i) => x.sendRtp(a.localPort, 0, i < 3 ? i : i + 1, 160 * i, 0x6, payload(160, i)));
      x.send(Buffer.from([1, 2, 3]), a.localPort);
      await y.waitFor(6);
      await sleep(20);
      const s1 = engine.stats();
      assert.equal(s1.packetsIn, 6, 'six RTP packets in at A');
      assert.equal(s1.packetsOut, 6, 'six relayed out at B');
      assert.equal(s1.packetsDropped, 1, 'the junk datagram');
      assert.equal(s1.packetsLost, 1, 'the skipped sequence number');
      assert.equal(s1.io === undefined, ioThreads === 0, 'I/O thread figures only with I/O threads');
      await a.close();
      const s2 = engine.stats();
      assert.equal(s2.legs, 1);
      assert.deepEqual([s2.packetsIn, s2.packetsOut, s2.packetsDropped, s2.packetsLost], [6, 6, 1, 1], 'A closed: its counts stay');
      await b.close();
      assert.equal(engine.stats().legs, 0);
      assert.equal(engine.stats().packetsIn, 6);
    } finally {
      await done();
    }
  });
}

describe('RTP relay, sockets on the media thread', () => {
  before(() => (ioThreads = 0));
  relaySuite();
});

describe('RTP relay, sockets on two I/O threads (rings in shared memory)', () => {
  before(() => (ioThreads = 2));
  relaySuite();

  test('a latched leg has its I/O thread connect the socket; a new remote disconnects it, and relaying goes on', async () => {
    const { engine, a, b, x, y, done } = await setup();
    try {
      const connected = async (): Promise<number> => engine.stats().io!.connected;
      assert.equal(await connected(), 0, 'nothing latched yet');
      await paced(4, 2, (i) => x.sendRtp(a.localPort, 0, i, 160 * i, 0x5, payload(160, i)));
      await paced(4, 2, (i) => y.sendRtp(b.localPort, 0, i, 160 * i, 0x6, payload(160, i)));
      await y.waitFor(4);
      await x.waitFor(4);
      for (let i = 0; i < 50 && (await connected()) < 2; i++) await sleep(10);
      assert.equal(await connected(), 2, 'both legs latched: both sockets connected');
      // Connected sends go where the leg latched: the next packets still arrive.
      await paced(3, 2, (i) => x.sendRtp(a.localPort, 0, 10 + i, 160 * (10 + i), 0x5, payload(160, i)));
      await y.waitFor(7);
      const z = await RtpPeer.open();
      try {
        b.setRemote('127.0.0.1', z.port, 0); // re-INVITE: B's far end moved
        for (let i = 0; i < 50 && (await connected()) > 1; i++) await sleep(10);
        assert.equal(await connected(), 1, 'B unlatched: its socket disconnected');
        await paced(3, 2, (i) => x.sendRtp(a.localPort, 0, 20 + i, 160 * (20 + i), 0x5, payload(160, i)));
        await z.waitFor(3);
        assert.equal(y.received.length, 7, 'nothing more to the old far end');
      } finally {
        await z.close();
      }
    } finally {
      await done();
    }
  });
});
