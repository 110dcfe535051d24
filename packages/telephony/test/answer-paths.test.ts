import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { FakeClock } from '@switchboard/shared';
import { MediaEngine, type RtpLeg } from '@switchboard/media';
import { TelephonyEngine } from '../src/engine/telephony-engine';
import type { EngineEvents } from '../src/api';
import { FakeSignalling, sdpFor } from './helpers/fake-signalling';

// Ports: engine RTP 38400-38409 (38400-38401 for the no-port test), far-end RTP 38450-38459.

function setup(portRange = { min: 38402, max: 38409 }) {
  const clock = new FakeClock();
  const signalling = new FakeSignalling();
  const media = new MediaEngine({ clock, portRange, timeoutMs: 0, rtcpIntervalMs: 0 });
  const made: RtpLeg[] = [];
  const create = media.createLeg.bind(media);
  media.createLeg = async (o) => {
    const l = await create(o);
    made.push(l);
    return l;
  };
  const engine = new TelephonyEngine({ signalling, media, clock, trunks: [] });
  const ended: Array<EngineEvents['ended']> = [];
  engine.on('ended', (e) => ended.push(e));
  let offered: string | undefined;
  engine.on('offered', ({ leg }) => (offered = leg.id));
  return { signalling, media, engine, made, ended, offered: () => offered! };
}

const tick = () => new Promise((r) => setImmediate(r));

test('delayed offer: our offer goes in the 200 and the answer in the ACK points the media', async () => {
  const { signalling, engine, made } = setup();
  const sig = signalling.incoming(undefined);
  sig.ackSdp = sdpFor(38450, { pts: [8] });
  const id = engine.listLegs()[0]!.id;
  await engine.answer(id);
  await tick();
  assert.deepEqual(sig.actions, ['200']);
  assert.match(sig.answeredSdp!, /m=audio \d+ RTP\/AVP 0 8 101/, 'a full offer, not an answer');
  assert.match(sig.answeredSdp!, /a=sendrecv/);
  assert.equal(engine.getLeg(id).state, 'answered');
  assert.equal(made[0]!.remotePort, 38450);
  assert.equal(made[0]!.payload.audioPt, 8, 'PCMA as the ACK answered');
  await engine.close();
});

test('delayed offer: an ACK without the answer ends the call with a BYE', async () => {
  const { signalling, engine, ended } = setup();
  const sig = signalling.incoming(undefined);
  const id = engine.listLegs()[0]!.id;
  await engine.answer(id);
  await tick();
  assert.deepEqual(sig.actions, ['200', 'BYE']);
  assert.deepEqual(ended, [{ legId: id, cause: 'rejected', sipStatus: undefined }]);
  await engine.close();
});

test('no free RTP port: 503 with Retry-After, the leg ended, the error still reported to the caller', async () => {
  const held: Socket[] = [];
  for (const p of [38400, 38401]) held.push(await bindUdp(p));
  const { signalling, engine, ended } = setup({ min: 38400, max: 38401 });
  try {
    const sig = signalling.incoming(sdpFor(38452));
    const id = engine.listLegs()[0]!.id;
    await assert.rejects(engine.answer(id), (e: { code?: string }) => e.code === 'MEDIA_NO_PORT');
    assert.deepEqual(sig.actions, ['503 retry-after 5']);
    assert.deepEqual(ended, [{ legId: id, cause: 'network', sipStatus: 503 }]);
    assert.equal(engine.getLeg(id).state, 'ended');
    assert.deepEqual(
      engine.listLegs().filter((l) => l.state !== 'ended'),
      [],
    );
  } finally {
    for (const s of held) s.close();
    await engine.close();
  }
});

test('an offer we cannot answer (no G.711): 488 and the leg ended', async () => {
  const { signalling, engine, ended } = setup();
  const sig = signalling.incoming(sdpFor(38454, { pts: [18], te: false }));
  const id = engine.listLegs()[0]!.id;
  await assert.rejects(engine.answer(id), (e: { code?: string }) => e.code === 'TEL_SIGNALLING');
  assert.deepEqual(sig.actions, ['488']);
  assert.deepEqual(ended, [{ legId: id, cause: 'rejected', sipStatus: 488 }]);
  await engine.close();
});

test('a re-INVITE without an offer: we offer in the 200 (sendonly while held) and apply the ACK answer', async () => {
  const { signalling, engine, made } = setup();
  const sig = signalling.incoming(sdpFor(38456));
  const id = engine.listLegs()[0]!.id;
  await engine.answer(id);
  const offers: string[] = [];
  sig.emit('reoffer', { sdp: undefined, respond: (o) => (offers.push(o), Promise.resolve(sdpFor(38458, { pts: [8] }))) });
  await tick();
  assert.match(offers[0]!, /m=audio \d+ RTP\/AVP 0 8 101/);
  assert.match(offers[0]!, /a=sendrecv/);
  assert.equal(made[0]!.remotePort, 38458);
  assert.equal(made[0]!.payload.audioPt, 8);
  // An unusable re-offer gets 488 (an empty reply), not a thrown listener and no answer at all.
  const replies: string[] = [];
  sig.emit('reoffer', { sdp: sdpFor(38458, { pts: [18], te: false }), respond: (o) => (replies.push(o), Promise.resolve(undefined)) });
  assert.deepEqual(replies, ['']);
  assert.equal(engine.getLeg(id).state, 'answered');
  await engine.close();
});

function bindUdp(port: number): Promise<Socket> {
  return new Promise((r) => {
    const s = createSocket('udp4');
    s.bind(port, '127.0.0.1', () => r(s));
  });
}

test('Max-Forwards: a forwarded call carries the inbound one less, 70 when the INVITE had none, and is refused at 0', async () => {
  const { signalling, engine } = setup();
  signalling.incoming(sdpFor(38452), { maxForwards: 9 });
  signalling.incoming(sdpFor(38452), { maxForwards: undefined });
  signalling.incoming(sdpFor(38452), { maxForwards: 0 });
  const [a, b, c] = engine.listLegs().map((l) => l.id);
  await engine.originate({ to: { uri: 'sip:x@127.0.0.9', host: '127.0.0.9', port: 5060 }, continues: a });
  await engine.originate({ to: { uri: 'sip:x@127.0.0.9', host: '127.0.0.9', port: 5060 }, continues: b });
  await engine.originate({ to: { uri: 'sip:x@127.0.0.9', host: '127.0.0.9', port: 5060 } });
  assert.deepEqual(
    signalling.outgoing.map((s) => s.target!.maxForwards),
    [8, 70, undefined],
  );
  await assert.rejects(engine.originate({ to: { uri: 'sip:x@127.0.0.9', host: '127.0.0.9', port: 5060 }, continues: c }), (e: { code?: string }) => e.code === 'TEL_TOO_MANY_HOPS');
  await engine.close();
});
