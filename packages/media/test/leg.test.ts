import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, allowedMoves, forbiddenMoves, StateMachine, IllegalTransitionError } from '@switchboard/shared';
import { MEDIA_LEG_TRANSITIONS, type MediaLegState } from '../src/leg/leg-state';
import { MediaEngine } from '../src/media-engine';
import { MediaError } from '../src/errors';
import { isTonePresent } from '../src/dtmf/goertzel';
import { sine, ringback, beep } from '../src/tone/tone-generator';
import { parseRtpHeader } from '../src/rtp/packet';
import { Bridge } from '../src/leg/bridge';
import { Feeder, memLeg } from './helpers/media-fixtures';
import { RtpPeer, sleep } from './helpers/rtp-peer';

test('leg state table: allowed moves pass, forbidden ones throw', () => {
  for (const [from, to] of allowedMoves(MEDIA_LEG_TRANSITIONS)) {
    const sm = new StateMachine<MediaLegState>('t', MEDIA_LEG_TRANSITIONS, from);
    sm.transition(to);
    assert.equal(sm.state, to);
  }
  for (const [from, to] of forbiddenMoves(MEDIA_LEG_TRANSITIONS)) {
    const sm = new StateMachine<MediaLegState>('t', MEDIA_LEG_TRANSITIONS, from);
    assert.throws(() => sm.transition(to), IllegalTransitionError);
  }
});

test('a leg goes idle → active on setRemote, emits timeout in fake time, closed on close', async () => {
  const clock = new FakeClock();
  const engine = new MediaEngine({ clock, portRange: { min: 26400, max: 26499 }, timeoutMs: 10_000, rtcpIntervalMs: 0 });
  const leg = await engine.createLeg();
  const states: string[] = [];
  leg.on('state', (s) => states.push(s.to));
  assert.equal(leg.state, 'idle');
  assert.equal(leg.localPort % 2, 0);
  leg.setRemote('127.0.0.1', 9, 8);
  assert.equal(leg.payload.codec, 'PCMA');
  const timeouts: number[] = [];
  leg.on('timeout', (t) => timeouts.push(t.silentMs));
  clock.advance(9000);
  assert.equal(timeouts.length, 0);
  clock.advance(2000);
  assert.equal(timeouts.length, 1);
  clock.advance(5000);
  assert.equal(timeouts.length, 1, 'reported once');
  assert.throws(
    () => leg.setRemote('127.0.0.1', 70000),
    (e: unknown) => e instanceof MediaError && e.code === 'MEDIA_BAD_ARGUMENT',
  );
  assert.throws(
    () => leg.setRemote('127.0.0.1', 5000, 18),
    (e: unknown) => e instanceof MediaError && e.code === 'MEDIA_UNSUPPORTED_CODEC',
  );
  await engine.close();
  assert.deepEqual(states, ['active', 'closed']);
  assert.equal(engine.ports.allocated, 0);
  assert.throws(
    () => leg.setRemote('127.0.0.1', 5000),
    (e: unknown) => e instanceof MediaError && e.code === 'MEDIA_LEG_CLOSED',
  );
});

test('bridge refuses a leg already bridged', () => {
  const clock = new FakeClock();
  const [a, b, c] = ['a', 'b', 'c'].map((id) => memLeg(clock, id).leg);
  new Bridge(a!, b!);
  assert.throws(
    () => new Bridge(a!, c!),
    (e: unknown) => e instanceof MediaError && e.code === 'MEDIA_ALREADY_BRIDGED',
  );
});

test('a prompt plays in fake time, holds back relayed audio, then the relay continues seamlessly', async () => {
  const clock = new FakeClock();
  const engine = new MediaEngine({ clock });
  const caller = memLeg(clock, 'caller');
  const callee = memLeg(clock, 'callee');
  new Bridge(caller.leg, callee.leg);
  const feeder = new Feeder(callee.leg);
  const voice = new Int16Array(160).fill(1000);
  const pb = engine.playSource(caller.leg, sine(1000, 500));
  let finished = 0;
  pb.on('finished', (f) => (finished++, assert.equal(f.playedMs, 500)));
  for (let t = 0; t < 30; t++) {
    feeder.feed(voice); // held back while the prompt plays
    clock.advance(20);
  }
  assert.equal(finished, 1);
  const prompt = caller.sentPcm();
  assert.equal(caller.sent.length, 25 + 4, '25 prompt packets, then relayed voice');
  assert.ok(isTonePresent(prompt.subarray(0, 4000), 1000, { minBlocks: 0.9 }));
  const hs = caller.sent.map((p) => parseRtpHeader(p)!);
  for (let i = 1; i < hs.length; i++) assert.equal(hs[i]!.sequenceNumber, (hs[i - 1]!.sequenceNumber + 1) & 0xffff);
  assert.equal((hs[25]!.timestamp - hs[24]!.timestamp) >>> 0, 160, 'relay takes over 20 ms after the last prompt frame');
  assert.equal(engine.ticker.size, 0);
});

test('tones: ringback cadences and beep', () => {
  const eu = new Int16Array(8 * 5000);
  ringback('eu').read(eu, eu.length);
  assert.ok(isTonePresent(eu.subarray(0, 8000), 425, { minBlocks: 0.9 }));
  assert.equal(
    eu.subarray(8 * 1000, 8 * 5000).some((v) => v !== 0),
    false,
    '4 s off',
  );
  const us = new Int16Array(8 * 6000);
  ringback('us').read(us, us.length);
  assert.ok(isTonePresent(us.subarray(0, 16000), 440, { minRatio: 0.3, minBlocks: 0.9 }));
  assert.ok(isTonePresent(us.subarray(0, 16000), 480, { minRatio: 0.3, minBlocks: 0.9 }));
  assert.equal(
    us.subarray(8 * 2000).some((v) => v !== 0),
    false,
  );
  const b = new Int16Array(4000);
  assert.equal(beep().read(b, 4000), 2000);
});

test('a WAV prompt from disk is streamed to a real socket on real timers', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const { wavHeader } = await import('../src/record/wav-writer');
  const dir = mkdtempSync(join(tmpdir(), 'sb-wav-'));
  const engine = new MediaEngine({ portRange: { min: 26500, max: 26599 }, rtcpIntervalMs: 0 });
  const peer = await RtpPeer.open();
  try {
    const pcm = new Int16Array(8 * 200);
    sine(1000).read(pcm, pcm.length);
    const file = join(dir, 'p.wav');
    writeFileSync(file, Buffer.concat([wavHeader(8000, 1, pcm.length * 2), Buffer.from(pcm.buffer)]));
    const leg = await engine.createLeg();
    leg.setRemote('127.0.0.1', peer.port, 0);
    const pb = await engine.play(leg, file);
    await new Promise<void>((r) => pb.once('finished', () => r()));
    await peer.waitFor(10);
    await sleep(20);
    assert.equal(peer.received.length, 10);
    await assert.rejects(engine.play(leg, join(dir, 'missing.wav')));
  } finally {
    await engine.close();
    await peer.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sdpInfo and getStats describe a leg for the SIP layer and monitoring', async () => {
  const engine = new MediaEngine({ portRange: { min: 26900, max: 26949 }, rtcpIntervalMs: 0 });
  try {
    const leg = await engine.createLeg({ codec: 'PCMA', ptimeMs: 30 });
    leg.setDirection('sendonly');
    const info = leg.sdpInfo();
    assert.deepEqual(info, {
      address: '127.0.0.1',
      port: leg.localPort,
      formats: [
        { pt: 8, encoding: 'PCMA', clockRate: 8000 },
        { pt: 101, encoding: 'telephone-event', clockRate: 8000 },
      ],
      fmtp: { 101: '0-16' },
      ptimeMs: 30,
      direction: 'sendonly',
    });
    assert.deepEqual(leg.getStats(), { packetsIn: 0, packetsOut: 0, packetsDropped: 0, packetsLost: 0, jitterMs: 0 });
  } finally {
    await engine.close();
  }
});
