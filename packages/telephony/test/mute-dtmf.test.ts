import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { FakeClock } from '@switchboard/shared';
import { InbandDtmfDetector, MediaEngine, MemoryLeg, decodeG711, digitForEvent, encodeG711, parseTelephoneEvent, type DtmfDigit } from '@switchboard/media';
import { TelephonyEngine } from '../src/engine/telephony-engine';
import { MAX_DTMF_DIGITS, checkDtmfDigits } from '../src/dtmf/dtmf-out';
import type { EngineEvents } from '../src/api';
import { FakeSignalling, sdpFor } from './helpers/fake-signalling';

// Ports: engine RTP 35500-35549; far-end sockets 35550-35557.

const code = (c: string) => (e: { code?: string }) => e.code === c;
const tick = () => new Promise((r) => setImmediate(r));
/** Real time for loopback packets to land (generous: the machine is shared). */
async function until(what: string, ok: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function udp(port: number): Promise<Socket> {
  return new Promise((r) => {
    const s = createSocket('udp4');
    s.bind(port, '127.0.0.1', () => r(s));
  });
}

/** A 20 ms PCMU packet of a loud 1 kHz tone. */
function tonePacket(seq: number, pt = 0): Buffer {
  const pcm = new Int16Array(160);
  for (let i = 0; i < 160; i++) pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * 1000 * (seq * 160 + i)) / 8000));
  const b = Buffer.alloc(172);
  b[0] = 0x80;
  b[1] = pt;
  b.writeUInt16BE(seq, 2);
  b.writeUInt32BE(seq * 160, 4);
  b.writeUInt32BE(0x1234, 8);
  encodeG711('PCMU', pcm, 0, 160, b, 12);
  return b;
}

function eventPacket(seq: number, event: number, end: boolean): Buffer {
  const b = Buffer.alloc(16);
  b[0] = 0x80;
  b[1] = 101;
  b.writeUInt16BE(seq, 2);
  b.writeUInt32BE(0x5000, 4);
  b.writeUInt32BE(0x1234, 8);
  b[12] = event;
  b[13] = end ? 0x8a : 0x0a;
  b.writeUInt16BE(800, 14);
  return b;
}

const peak = (p: Buffer) => {
  const pcm = new Int16Array(p.length - 12);
  decodeG711('PCMU', p, 12, p.length - 12, pcm, 0);
  return pcm.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
};

/**
 * An engine with two answered legs over real UDP on loopback, in fake time: A (inbound) and
 * B (outbound), each with a far-end socket. `te`: does B's far end offer telephone-event?
 */
async function twoLegs(farA: number, farB: number, o: { te?: boolean } = {}) {
  const clock = new FakeClock();
  const signalling = new FakeSignalling();
  const media = new MediaEngine({ clock, portRange: { min: 35500, max: 35549 }, timeoutMs: 0, rtcpIntervalMs: 0 });
  const engine = new TelephonyEngine({ signalling, media, clock, trunks: [{ name: 'carrier', address: '127.0.0.9:5099' }] });
  const [pa, pb] = await Promise.all([udp(farA), udp(farB)]);
  let a = '';
  engine.on('offered', (e) => (a = e.leg.id));
  const sa = signalling.incoming(sdpFor(farA));
  await engine.answer(a);
  const b = await engine.originate({ to: { trunk: 'carrier', number: '1000' } });
  const sb = signalling.outgoing[0]!;
  sb.emit('answered', { sdp: sdpFor(farB, { te: o.te ?? true }) });
  const portA = Number(/m=audio (\d+)/.exec(sa.answeredSdp!)![1]);
  const portB = Number(/m=audio (\d+)/.exec(sb.offerSdp!)![1]);
  const atA: Buffer[] = [];
  const atB: Buffer[] = [];
  pa.on('message', (m) => atA.push(m));
  pb.on('message', (m) => atB.push(m));
  return {
    clock,
    engine,
    a,
    b,
    atA,
    atB,
    fromA: (p: Buffer) => new Promise<void>((r) => pa.send(p, portA, '127.0.0.1', () => r())),
    fromB: (p: Buffer) => new Promise<void>((r) => pb.send(p, portB, '127.0.0.1', () => r())),
    /** Walks fake time in 20 ms ticks, letting sent packets land. */
    async run(ms: number) {
      for (let t = 0; t < ms; t += 20) {
        clock.advance(20);
        await tick();
      }
      await new Promise((r) => setTimeout(r, 150)); // the last packets land
    },
    async close() {
      await engine.close();
      pa.close();
      pb.close();
      await tick();
    },
  };
}

test('checkDtmfDigits: 0-9 * # A-D, upper-cased, 1 to 32 long; anything else is TEL_BAD_ARGUMENT', () => {
  assert.equal(checkDtmfDigits('0123456789*#ABCD'), '0123456789*#ABCD');
  assert.equal(checkDtmfDigits('abcd'), 'ABCD');
  assert.equal(checkDtmfDigits('1'.repeat(MAX_DTMF_DIGITS)).length, 32);
  for (const bad of ['', 'E', '12 3', '+61', '1'.repeat(MAX_DTMF_DIGITS + 1), '٣', 5 as unknown as string, undefined as unknown as string]) {
    assert.throws(() => checkDtmfDigits(bad), code('TEL_BAD_ARGUMENT'), JSON.stringify(bad));
  }
});

test("mute: the muted party's audio reaches the other side as silence (packets keep flowing), its events are not relayed; unmute restores", async () => {
  const t = await twoLegs(35550, 35551);
  const { engine } = t;
  const changes: Array<EngineEvents['muteChanged']> = [];
  engine.on('muteChanged', (e) => changes.push(e));
  try {
    engine.bridge([t.a, t.b]);
    await t.fromA(tonePacket(1));
    await until('the first packet at B', () => t.atB.length >= 1);
    assert.equal(t.atB.length, 1);
    assert.ok(peak(t.atB[0]!) > 5000, 'unmuted: the tone passes');

    engine.mute(t.a);
    engine.mute(t.a); // repeating is a no-op
    assert.equal(engine.getLeg(t.a).muted, true);
    assert.equal(engine.getLeg(t.b).muted, false);
    for (let s = 2; s < 6; s++) await t.fromA(tonePacket(s));
    await t.fromA(eventPacket(6, 5, false));
    await t.fromA(eventPacket(7, 5, true));
    await until('four packets at B', () => t.atB.length >= 5);
    await new Promise((r) => setTimeout(r, 100)); // would-be event packets have time to land
    const muted = t.atB.slice(1);
    assert.equal(muted.length, 4, 'audio packets still go out (continuous stream); the two event packets do not');
    for (const p of muted) {
      assert.equal(p[1]! & 0x7f, 0);
      assert.equal(peak(p), 0, 'muted: digital silence');
    }
    // The other direction is untouched.
    await t.fromB(tonePacket(1));
    await until('a packet at A', () => t.atA.length >= 1);
    assert.ok(peak(t.atA.at(-1)!) > 5000, 'the muted party still hears the other side');

    engine.unmute(t.a);
    await t.fromA(tonePacket(8));
    await until('a packet at B after unmute', () => t.atB.length >= 6);
    assert.ok(peak(t.atB.at(-1)!) > 5000, 'unmuted: the tone passes again');
    assert.deepEqual(changes, [
      { legId: t.a, muted: true },
      { legId: t.a, muted: false },
    ]);
    assert.throws(() => engine.mute('leg-nope'), code('TEL_NO_SUCH_LEG'));
    engine.hangup(t.a);
    assert.throws(() => engine.mute(t.a), code('TEL_INVALID_STATE'));
  } finally {
    await t.close();
  }
});

test('mute silences what taps (recorder, conference mixer) get from the leg, and still reports its digits', () => {
  const clock = new FakeClock();
  const leg = new MemoryLeg({ id: 'm', clock });
  const frames: number[] = [];
  const digits: string[] = [];
  leg.addTap({ onPcm: (_l, pcm, n) => frames.push(pcm.subarray(0, n).reduce((m, v) => Math.max(m, Math.abs(v)), 0)) });
  leg.on('dtmf', (e) => digits.push(e.digit));
  leg.inject(tonePacket(1));
  leg.setMuted(true);
  leg.inject(tonePacket(2));
  leg.inject(eventPacket(3, 7, false));
  leg.setMuted(false);
  leg.inject(tonePacket(4));
  assert.equal(frames.length, 3);
  assert.ok(frames[0]! > 5000 && frames[2]! > 5000);
  assert.equal(frames[1], 0, 'the tap hears silence while muted');
  assert.deepEqual(digits, ['7'], "a muted party's key press is still reported to the application");
});

test('sendDtmf toward a leg that negotiated telephone-event: RFC 4733 packets, one timestamp per digit, three end packets, in order', async () => {
  const t = await twoLegs(35552, 35553);
  const { engine } = t;
  try {
    engine.bridge([t.a, t.b]);
    let done = 0;
    const p1 = engine.sendDtmf(t.b, '1#').then(() => done++);
    const p2 = engine.sendDtmf(t.b, 'a').then(() => done++); // queued behind, not overlapping
    await t.run(1200);
    await Promise.all([p1, p2]);
    assert.equal(done, 2);
    const events = t.atB.filter((p) => (p[1]! & 0x7f) === 101);
    assert.ok(events.length >= 15, `${events.length} event packets`);
    const parsed = events.map((p) => ({ ts: p.readUInt32BE(4), marker: (p[1]! & 0x80) !== 0, ...parseTelephoneEvent(p, 12, 4)! }));
    const byTs = new Map<number, typeof parsed>();
    for (const e of parsed) byTs.set(e.ts, [...(byTs.get(e.ts) ?? []), e]);
    const digits = [...byTs.values()].map((g) => digitForEvent(g[0]!.event));
    assert.deepEqual(digits, ['1', '#', 'A']);
    for (const g of byTs.values()) {
      assert.equal(g.filter((e) => e.end).length, 3, 'end packet sent three times');
      assert.ok(g[0]!.marker, 'the first packet of an event has the marker bit');
      assert.ok(g.every((e) => e.event === g[0]!.event));
      assert.equal(g.at(-1)!.duration, 800, '100 ms at 8 kHz');
    }
    assert.equal(t.atA.filter((p) => (p[1]! & 0x7f) === 101).length, 0, 'nothing goes to the other party');
  } finally {
    await t.close();
  }
});

test('sendDtmf toward a leg without telephone-event: in-band tone pairs a DTMF detector reads back', async () => {
  const t = await twoLegs(35554, 35555, { te: false });
  const { engine } = t;
  try {
    const sent = engine.sendDtmf(t.b, '7*0');
    await t.run(800);
    await sent;
    assert.equal(t.atB.filter((p) => (p[1]! & 0x7f) === 101).length, 0, 'no telephone-event packets');
    const heard: DtmfDigit[] = [];
    const det = new InbandDtmfDetector((d, phase) => phase === 'start' && heard.push(d));
    const pcm = new Int16Array(160);
    for (const p of t.atB) {
      assert.equal(p[1]! & 0x7f, 0);
      decodeG711('PCMU', p, 12, p.length - 12, pcm, 0);
      det.process(pcm, 0, p.length - 12);
    }
    assert.deepEqual(heard, ['7', '*', '0']);
  } finally {
    await t.close();
  }
});

test('sendDtmf refuses bad input and state with typed errors; a leg ending mid-send rejects its pending digits', async () => {
  const t = await twoLegs(35556, 35557);
  const { engine } = t;
  try {
    assert.throws(() => engine.sendDtmf(t.b, '12x'), code('TEL_BAD_ARGUMENT'));
    assert.throws(() => engine.sendDtmf(t.b, ''), code('TEL_BAD_ARGUMENT'));
    assert.throws(() => engine.sendDtmf(t.b, '9'.repeat(33)), code('TEL_BAD_ARGUMENT'));
    assert.throws(() => engine.sendDtmf('leg-nope', '1'), code('TEL_NO_SUCH_LEG'));
    // Not answered yet.
    const ringing = await engine.originate({ to: { trunk: 'carrier', number: '2000' } });
    assert.throws(() => engine.sendDtmf(ringing, '1'), code('TEL_INVALID_STATE'));
    engine.hangup(ringing);
    // A player leg has no far end.
    const player = await engine.createPlayerLeg({ tone: 440, durationMs: 10_000 });
    assert.throws(() => engine.sendDtmf(player, '1'), code('TEL_BAD_ARGUMENT'));
    // Held.
    await engine.hold(t.a);
    assert.throws(() => engine.sendDtmf(t.a, '1'), code('TEL_INVALID_STATE'));
    // Backlog limit: 32 + 32 queue, the next digit is refused until they go out.
    const first = engine.sendDtmf(t.b, '1'.repeat(32));
    const second = engine.sendDtmf(t.b, '2'.repeat(32));
    assert.throws(() => engine.sendDtmf(t.b, '3'), code('TEL_INVALID_STATE'), 'refused at once: the agent sees it');
    await t.run(100);
    engine.hangup(t.b);
    await assert.rejects(first, code('TEL_INVALID_STATE'));
    await assert.rejects(second, code('TEL_INVALID_STATE'));
    assert.throws(() => engine.sendDtmf(t.b, '1'), code('TEL_INVALID_STATE'));
  } finally {
    await t.close();
  }
});
