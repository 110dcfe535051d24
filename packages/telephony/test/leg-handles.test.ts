import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import { MediaEngine } from '@switchboard/media';
import { TelephonyEngine } from '../src/engine/telephony-engine';
import type { LegHandle } from '../src/handles/leg-handle';
import { FakeSignalling, sdpFor } from './helpers/fake-signalling';

function setup() {
  const clock = new FakeClock();
  const signalling = new FakeSignalling();
  const media = new MediaEngine({ clock, portRange: { min: 43000, max: 43099 }, timeoutMs: 0, rtcpIntervalMs: 0 });
  const engine = new TelephonyEngine({ signalling, media, clock, trunks: [{ name: 'carrier', address: '127.0.0.9:5099', ringTimeoutSec: 30 }] });
  return { clock, signalling, engine };
}

const tick = () => new Promise((r) => setImmediate(r));

test("a dialled leg's handle hears its own events only; ended settles once; the engine hands out one handle per leg", async () => {
  const { signalling, engine } = setup();
  const a = await engine.dial({ to: { trunk: 'carrier', number: '1000' } });
  const b = await engine.dial({ to: { trunk: 'carrier', number: '2000' } });
  assert.equal(engine.leg(a.id), a, 'one handle per leg');
  const seenA: string[] = [];
  const seenB: string[] = [];
  for (const e of ['ringing', 'answered', 'ended'] as const) {
    a.on(e, () => seenA.push(e));
    b.on(e, () => seenB.push(e));
  }
  signalling.outgoing[0]!.emit('progress', { status: 180, sdp: undefined });
  signalling.outgoing[0]!.emit('answered', { sdp: sdpFor(29999) });
  assert.deepEqual(seenA, ['ringing', 'answered']);
  assert.deepEqual(seenB, [], "b heard nothing of a's events");
  a.hangup('normal');
  a.hangup('normal'); // a no-op once ended
  assert.deepEqual(await a.ended, { cause: 'normal', sipStatus: undefined });
  assert.equal(a.isEnded, true);
  assert.deepEqual(seenA, ['ringing', 'answered', 'ended'], 'ended once');
  assert.deepEqual(signalling.outgoing[0]!.actions, ['BYE'], 'one BYE');
  assert.equal(engine.leg(a.id).isEnded, true, 'the handle of an ended leg says so');
  b.hangup('cancelled'); // a CANCEL: the leg ends when the far end answers it (the fake never does)
  assert.equal(b.isEnded, false);
  await engine.close();
});

test('an inbound call is handed out as a handle; a playback settles `finished` when stopped; a recording handle stops once', async () => {
  const { signalling, engine } = setup();
  let leg: LegHandle | undefined;
  engine.on('incoming', (e) => (leg = e.leg));
  signalling.incoming(sdpFor(29998));
  assert.ok(leg, 'incoming carries a handle');
  assert.equal(leg.info().direction, 'inbound');
  await leg.answer();
  const pb = await leg.play({ tone: 440, durationMs: 60_000 });
  let done: unknown;
  void pb.finished.then((e) => (done = e));
  pb.stop();
  await tick();
  await tick();
  assert.deepEqual(done && { stopped: (done as { stopped: boolean }).stopped }, { stopped: true });
  const other = await engine.dial({ to: { trunk: 'carrier', number: '3000' } });
  signalling.outgoing[0]!.emit('answered', { sdp: sdpFor(29997) });
  const bridge = engine.bridgeHandle([leg.id, other.id]);
  assert.deepEqual(bridge.legIds().sort(), [leg.id, other.id].sort());
  assert.equal(bridge.remove(other.id), true);
  assert.equal(bridge.remove(other.id), false, 'already out');
  leg.hangup('normal');
  other.hangup('normal');
  await engine.close();
});
