import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { MediaEngine, decodeG711, isTonePresent } from '@switchboard/media';
import { TelephonyEngine } from '../src/engine/telephony-engine';
import { FakeSignalling, sdpFor } from './helpers/fake-signalling';

// Ports: engine RTP 29820-29839, peer 29840.

test('a player leg bridged to a caller: the caller hears the tone; the leg ends with the source', async () => {
  const signalling = new FakeSignalling();
  const engine = new TelephonyEngine({ signalling, media: new MediaEngine({ portRange: { min: 29820, max: 29839 }, rtcpIntervalMs: 0 }) });
  const peer = createSocket('udp4');
  await new Promise<void>((r) => peer.bind(29840, '127.0.0.1', () => r()));
  const heard: number[] = [];
  peer.on('message', (m: Buffer) => {
    const pcm = new Int16Array(m.length - 12);
    decodeG711('PCMU', m, 12, m.length - 12, pcm);
    heard.push(...pcm);
  });
  let caller = '';
  engine.on('offered', (e) => (caller = e.leg.id));
  signalling.incoming(sdpFor(29840));
  await engine.answer(caller);
  const ended = new Promise<string>((r) => engine.on('ended', (e) => r(e.legId)));
  const finished = new Promise<string>((r) => engine.on('playFinished', (e) => r(e.legId)));
  const player = await engine.createPlayerLeg({ tone: 1000, durationMs: 600 });
  assert.equal(engine.getLeg(player).kind, 'player');
  const br = engine.bridge([caller, player]);
  assert.equal(await finished, player);
  assert.equal(await ended, player);
  assert.deepEqual(engine.bridgeLegs(br), [caller]);
  // The last datagrams may still be queued: waited for (a fixed sleep's timer can run before the loop reads them).
  for (let i = 0; i < 100 && heard.length < 3200; i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(heard.length >= 3200, `heard ${heard.length} samples`);
  assert.ok(isTonePresent(Int16Array.from(heard), 1000, { minBlocks: 0.8 }), 'the caller hears 1 kHz');
  await engine.close();
  peer.close();
});
