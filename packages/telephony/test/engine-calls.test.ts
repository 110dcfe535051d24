import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { FakeClock } from '@switchboard/shared';
import { MediaEngine } from '@switchboard/media';
import { TelephonyEngine } from '../src/engine/telephony-engine';
import type { EngineEvents } from '../src/api';
import { FakeSignalling, sdpFor, type FakeSignal } from './helpers/fake-signalling';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A 1 s, 8 kHz 16-bit mono WAV of a quiet tone. */
function writePromptWav(path: string): void {
  const n = 8000;
  const b = Buffer.alloc(44 + n * 2);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + n * 2, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(16000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) b.writeInt16LE(Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / 8000)), 44 + i * 2);
  writeFileSync(path, b);
}

function setup(clock = new FakeClock()) {
  const signalling = new FakeSignalling();
  const media = new MediaEngine({ clock, portRange: { min: 29700, max: 29799 }, timeoutMs: 0, rtcpIntervalMs: 0 });
  const engine = new TelephonyEngine({
    signalling,
    media,
    clock,
    trunks: [{ name: 'carrier', address: '127.0.0.9:5099', outboundRewrite: [{ match: '0(\\d+)', replace: '+61$1' }], ringTimeoutSec: 30 }],
  });
  const events: Array<[string, unknown]> = [];
  for (const e of ['offered', 'ringing', 'answered', 'ended', 'held', 'resumed', 'dtmf'] as const) {
    engine.on(e, (p: EngineEvents[typeof e]) => events.push([e, p]));
  }
  return { clock, signalling, media, engine, events };
}

const tick = () => new Promise((r) => setImmediate(r));

test('originate through a trunk: rewritten URI, ringing, answered, BYE on hangup', async () => {
  const { signalling, engine, events } = setup();
  const id = await engine.originate({ to: { trunk: 'carrier', number: '0412345678' }, from: '1300000000' });
  const sig = signalling.outgoing[0]!;
  assert.equal(sig.target!.uri, 'sip:+61412345678@127.0.0.9:5099');
  assert.match(sig.offerSdp!, /m=audio \d+ RTP\/AVP 0 8 101/);
  assert.equal(engine.getLeg(id).state, 'calling');
  sig.emit('progress', { status: 180, sdp: undefined });
  sig.emit('answered', { sdp: sdpFor(29999) });
  assert.equal(engine.getLeg(id).state, 'answered');
  engine.hangup(id);
  assert.deepEqual(sig.actions, ['BYE']);
  assert.deepEqual(
    events.map((e) => e[0]),
    ['ringing', 'answered', 'ended'],
  );
  assert.deepEqual(events[2]![1], { legId: id, cause: 'normal', sipStatus: undefined });
  await engine.close();
});

test("the outbound guard sees every call out through a trunk (number before the trunk's rewrite, caller, context) and a throw refuses it before any signalling; registered phones are not asked", async () => {
  const { signalling, engine } = setup();
  const seen: unknown[] = [];
  engine.setOutboundGuard((call) => {
    seen.push(call);
    if (call.number.startsWith('+1900')) throw Object.assign(new Error('not allowed'), { code: 'DIAL_PLAN_REFUSED' });
  });
  await assert.rejects(
    engine.originate({ to: { trunk: 'carrier', number: '+19005550123' }, from: '+61290000000', context: { agentId: 'alice', purpose: 'call-me' } }),
    (e: { code?: string }) => e.code === 'DIAL_PLAN_REFUSED',
  );
  assert.equal(signalling.outgoing.length, 0, 'nothing was sent');
  assert.deepEqual(engine.listLegs(), [], 'no leg was created');
  const id = await engine.originate({ to: { trunk: 'carrier', number: '0412345678' } });
  assert.equal(signalling.outgoing[0]!.target!.uri, 'sip:+61412345678@127.0.0.9:5099');
  await assert.rejects(engine.originate({ to: { user: 'nobody' } }), (e: { code?: string }) => e.code === 'TEL_USER_NOT_REGISTERED');
  assert.deepEqual(seen, [
    { trunk: 'carrier', number: '+19005550123', from: '+61290000000', context: { agentId: 'alice', purpose: 'call-me' } },
    { trunk: 'carrier', number: '0412345678', from: undefined, context: {} },
  ]);
  engine.hangup(id);
  await engine.close();
});

test('a trunk at its call limit refuses more calls', async () => {
  const clock = new FakeClock();
  const signalling = new FakeSignalling();
  const engine = new TelephonyEngine({
    signalling,
    media: new MediaEngine({ clock, portRange: { min: 29760, max: 29799 }, timeoutMs: 0, rtcpIntervalMs: 0 }),
    clock,
    trunks: [{ name: 'small', address: '127.0.0.9', maxCalls: 1 }],
  });
  await engine.originate({ to: { trunk: 'small', number: '1000' } });
  await assert.rejects(engine.originate({ to: { trunk: 'small', number: '1000' } }), (e: { code?: string }) => e.code === 'TEL_TRUNK_FULL');
  const inbound = signalling.incoming(sdpFor(29999));
  assert.deepEqual(inbound.actions, ['503']);
  await engine.close();
});

test('final responses become typed causes', async () => {
  const { signalling, engine } = setup();
  const cases: Array<[number, string]> = [
    [404, 'invalid_number'],
    [484, 'invalid_number'],
    [604, 'invalid_number'],
    [486, 'busy'],
    [600, 'busy'],
    [408, 'no_answer'],
    [480, 'no_answer'],
    [603, 'rejected'],
    [503, 'network'],
  ];
  for (const [status, cause] of cases) {
    const id = await engine.originate({ to: { trunk: 'carrier', number: '1000' } });
    const ended = new Promise<EngineEvents['ended']>((r) => engine.once('ended', r));
    signalling.outgoing.at(-1)!.emit('failed', { status, reason: '' });
    const e = await ended;
    assert.equal(e.legId, id);
    assert.equal(e.cause, cause, `status ${status}`);
    assert.equal(e.sipStatus, status);
  }
  await engine.close();
});

test('our ring timeout cancels with no_answer; an app hang-up while ringing is cancelled', async () => {
  const { clock, signalling, engine } = setup();
  const a = await engine.originate({ to: { trunk: 'carrier', number: '3000' } });
  const sa = signalling.outgoing[0]!;
  sa.emit('progress', { status: 180, sdp: undefined });
  clock.advance(29_999);
  assert.deepEqual(sa.actions, []);
  clock.advance(1);
  assert.deepEqual(sa.actions, ['CANCEL']);
  assert.equal(engine.getLeg(a).state, 'ending');
  sa.emit('failed', { status: 487, reason: 'Request Terminated' });
  assert.equal(engine.getLeg(a).cause, 'no_answer');

  const b = await engine.originate({ to: { trunk: 'carrier', number: '3000' }, ringTimeoutMs: 5000 });
  const sb = signalling.outgoing[1]!;
  engine.hangup(b, 'cancelled');
  sb.emit('failed', { status: 487, reason: '' });
  assert.equal(engine.getLeg(b).cause, 'cancelled');
  // A CANCEL nobody answers still ends the leg.
  const c = await engine.originate({ to: { trunk: 'carrier', number: '3000' } });
  engine.hangup(c, 'cancelled');
  clock.advance(32_000);
  assert.equal(engine.getLeg(c).state, 'ended');
  await engine.close();
});

test('inbound: offered, ring, reject with a cause; caller cancel; answer then remote BYE', async () => {
  const { signalling, engine, events } = setup();
  let offered: string | undefined;
  engine.on('offered', (e) => (offered = e.leg.id));
  const s1 = signalling.incoming(sdpFor(29998), { sourcePort: 5099 }); // the trunk's host and port
  assert.ok(offered);
  assert.equal(engine.getLeg(offered).trunk, 'carrier');
  engine.ring(offered);
  engine.reject(offered, 'busy');
  assert.deepEqual(s1.actions, ['180', '486']);
  assert.equal(engine.getLeg(offered).cause, 'busy');

  const s2 = signalling.incoming(sdpFor(29998));
  s2.emit('cancelled', {});
  assert.equal(engine.getLeg(offered).cause, 'cancelled');

  const s3: FakeSignal = signalling.incoming(sdpFor(29998, { pts: [8] }));
  const id3 = offered;
  await engine.answer(id3);
  assert.match(s3.answeredSdp!, /m=audio \d+ RTP\/AVP 8 101\r\n/);
  s3.emit('bye', {});
  assert.equal(engine.getLeg(id3).cause, 'normal');
  assert.ok(events.some(([n, p]) => n === 'answered' && (p as { legId: string }).legId === id3));
  await assert.rejects(engine.answer(id3), (e: { code?: string }) => e.code === 'TEL_INVALID_STATE');
  await engine.close();
});

test('hold and resume send re-INVITEs with sendonly then sendrecv', async () => {
  const { signalling, engine, events } = setup();
  const id = await engine.originate({ to: { trunk: 'carrier', number: '1000' } });
  const sig = signalling.outgoing[0]!;
  sig.emit('answered', { sdp: sdpFor(29997) });
  sig.reinviteAnswer = sdpFor(29997, { dir: 'recvonly' });
  await engine.hold(id);
  assert.equal(engine.getLeg(id).state, 'held');
  assert.match(sig.reinvites[0]!, /a=sendonly/);
  sig.reinviteAnswer = sdpFor(29997);
  await engine.resume(id);
  assert.match(sig.reinvites[1]!, /a=sendrecv/);
  assert.equal(engine.getLeg(id).state, 'answered');
  assert.deepEqual(events.map((e) => e[0]).slice(-2), ['held', 'resumed']);
  await assert.rejects(engine.resume(id), (e: { code?: string }) => e.code === 'TEL_INVALID_STATE');
  await engine.close();
});

test('a far-end re-INVITE (they hold us) is answered recvonly, then sendrecv again', async () => {
  const { signalling, engine } = setup();
  const id = await engine.originate({ to: { trunk: 'carrier', number: '1000' } });
  const sig = signalling.outgoing[0]!;
  sig.emit('answered', { sdp: sdpFor(29996) });
  const answers: string[] = [];
  sig.emit('reoffer', { sdp: sdpFor(29996, { dir: 'sendonly' }), respond: (a) => (answers.push(a), Promise.resolve(undefined)) });
  sig.emit('reoffer', { sdp: sdpFor(29994), respond: (a) => (answers.push(a), Promise.resolve(undefined)) });
  assert.match(answers[0]!, /a=recvonly/);
  assert.match(answers[1]!, /a=sendrecv/);
  assert.match(answers[1]!, /^o=- \d+ 3 IN IP4/m, 'the session version rises with each answer');
  assert.equal(engine.getLeg(id).state, 'answered');
  await engine.close();
});

function udp(port: number): Promise<Socket> {
  return new Promise((r) => {
    const s = createSocket('udp4');
    s.bind(port, '127.0.0.1', () => r(s));
  });
}

function rtp(seq: number, pt = 0, payload = Buffer.alloc(160, 0xff)): Buffer {
  const h = Buffer.alloc(12);
  h[0] = 0x80;
  h[1] = pt;
  h.writeUInt16BE(seq, 2);
  h.writeUInt32BE(seq * 160, 4);
  h.writeUInt32BE(0x1234, 8);
  return Buffer.concat([h, payload]);
}

test('bridge: RTP from the caller reaches the callee and back; DTMF is reported and collected', async () => {
  const { signalling, engine } = setup(new FakeClock());
  const [pa, pb] = await Promise.all([udp(29990), udp(29992)]);
  let offered = '';
  engine.on('offered', (e) => (offered = e.leg.id));
  const sa = signalling.incoming(sdpFor(29990));
  await engine.answer(offered);
  const out = await engine.originate({ to: { trunk: 'carrier', number: '1000' } });
  const sb = signalling.outgoing[0]!;
  sb.emit('answered', { sdp: sdpFor(29992) });
  const br = engine.bridge([offered, out]);
  assert.deepEqual(engine.bridgeLegs(br), [offered, out]);
  assert.equal(engine.getLeg(offered).bridgeId, br);
  const portA = Number(/m=audio (\d+)/.exec(sa.answeredSdp!)![1]);
  const portB = Number(/m=audio (\d+)/.exec(sb.offerSdp!)![1]);
  assert.ok(portA >= 29700 && portA < 29800 && portB >= 29700 && portB < 29800);

  const atB = new Promise<Buffer>((r) => pb.once('message', r));
  pa.send(rtp(1), portA, '127.0.0.1');
  const fromA = await atB;
  assert.equal(fromA.length, 172);
  assert.equal(fromA[12], 0xff);
  const atA = new Promise<Buffer>((r) => pa.once('message', r));
  pb.send(rtp(7), portB, '127.0.0.1');
  assert.equal((await atA).length, 172);

  // RFC 4733 '5' from A: reported as dtmf and fed to a collector.
  const collected = engine.collectDigits(offered, { maxDigits: 1 });
  const dtmf = new Promise<EngineEvents['dtmf']>((r) => engine.once('dtmf', r));
  const ev = Buffer.from([5, 0x0a, 0x00, 0xa0]);
  pa.send(rtp(2, 101, ev), portA, '127.0.0.1');
  assert.deepEqual(await dtmf, { legId: offered, digit: '5', source: 'rfc4733' });
  assert.deepEqual(await collected, { digits: '5', reason: 'max_digits' });
  await engine.close();
  pa.close();
  pb.close();
  await tick();
});

test('a play stopped (or its leg hung up) while its prompt is loading never starts; it still reports playFinished', async () => {
  const { signalling, engine } = setup();
  const dir = mkdtempSync(join(tmpdir(), 'sb-play-race-'));
  try {
    const wav = join(dir, 'prompt.wav');
    writePromptWav(wav);
    let offered = '';
    engine.on('offered', (e) => (offered = e.leg.id));
    signalling.incoming(sdpFor(29998));
    await engine.answer(offered);
    const finished: Array<EngineEvents['playFinished']> = [];
    engine.on('playFinished', (e) => finished.push(e));

    // Stopped by leg while loading: the agent answered before the IVR prompt was read.
    const loading = engine.play(offered, { wav });
    engine.stopPlay(offered);
    const id = await loading;
    await tick();
    assert.deepEqual(finished, [{ legId: offered, playbackId: id, stopped: true, playedMs: 0 }]);

    // A play started after the stop plays as usual (until stopped by its id).
    const id2 = await engine.play(offered, { wav });
    await tick();
    assert.equal(finished.length, 1, 'the second play runs');
    engine.stopPlay(id2);
    assert.equal(finished.at(-1)!.playbackId, id2);
    assert.equal(finished.at(-1)!.stopped, true);

    // Hung up while loading.
    const loading3 = engine.play(offered, { wav });
    engine.hangup(offered);
    const id3 = await loading3;
    await tick();
    assert.deepEqual(finished.at(-1), { legId: offered, playbackId: id3, stopped: true, playedMs: 0 });
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
