import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TONE, callIn, heardInOrder, setup, type PhoneLayout } from './transfer-phones';
import { cmd, sleep, until, viewOf } from './helpers';

// Ports (blocks 42100-42399 and 47500-47599): engine SIP 42100, sandbox 42110, RTP 42120-42179,
// sandbox RTP 42180-42199; baresips: caller 42200, alice 42300 (registered), bob 47500.
const LAYOUT: PhoneLayout = {
  engine: 42100,
  rtpPorts: { min: 42120, max: 42179 },
  sandboxRtpPorts: { min: 42180, max: 42199 },
  bases: { caller: 42200, alice: 42300, bob: 47500, carol: 47600 },
};

test("a desk phone's own consult: alice's registered phone holds the caller's call and dials bob's agent number; the caller hears music, bob hears alice on that second call; Transfer leaves the caller with bob", async (t) => {
  const s = await setup(t, ['alice', 'bob'], { layout: LAYOUT, registered: ['alice'] });
  const iid = await callIn(s, s.caller, 'alice');
  await sleep(1500);
  const phone = s.a('alice').phone;
  phone.command('hold');
  phone.command('dial', `sip:1002@127.0.0.1:${LAYOUT.engine}`);
  await until("the phone's call is alice's consult, taken on bob's open line", () => viewOf(s.app.app, 'alice').interaction?.transfer?.phase === 'talking').catch((e: Error) =>
    assert.fail(`${e.message}\n${JSON.stringify(viewOf(s.app.app, 'alice').interaction?.transfer)}\n${phone.log.replace(/\[0:00:[^\n]*?bit\/s\)\s*/g, '').slice(-3000)}`),
  );
  const a = viewOf(s.app.app, 'alice').interaction!;
  assert.equal(a.transfer?.to.id, 'bob');
  assert.equal(viewOf(s.app.app, 'bob').interaction?.transferredFrom?.agentId, 'alice');
  await sleep(2500);
  // baresip 1.0 cannot send a REFER with Replaces: the adapter's Transfer completes the same consult (the REFER path is unit-tested in core).
  const r = await cmd(s.app.app, s.a('alice').token, { type: 'complete-transfer', interactionId: iid });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await until('alice wraps', () => viewOf(s.app.app, 'alice').interaction?.state === 'wrap');
  await until('bob has the caller', () => viewOf(s.app.app, 'bob').interaction?.state === 'connected');
  await sleep(2500);
  await s.caller.phone.hangup();
  await sleep(300);
  assert.deepEqual(heardInOrder(s.caller, { alice: TONE.alice, bob: TONE.bob }), ['alice', 'bob'], 'the caller heard alice, then (after the music) bob');
  assert.deepEqual(heardInOrder(s.a('bob').ear, { alice: TONE.alice, caller: TONE.caller }), ['alice', 'caller'], "bob heard alice on the phone's consult call, then the caller");
  await s.app.app.switchboard.telephony!.desk.keeper.flush();
  const rec = (await s.app.app.switchboard.telephony!.records.get(iid))!;
  assert.deepEqual(
    (rec.steps ?? []).map((x) => `${x.kind}:${x.step}:${x.detail.via ?? ''}`),
    ['consult:started:phone', 'consult:answered:', 'consult:transferred:'],
  );
});
