import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine, type EngineStack, type LegHandle, type LegReferRequest } from '../src/index';
import { header, RawSipPhone } from './helpers/raw-sip-phone';
import { sdpFor } from './helpers/fake-signalling';

// Ports (block 41600-41799): engine SIP 41600/udp, engine RTP 41760-41779, raw phone 41610, its "RTP" 41620.
const ENGINE = 41600;
let stack: EngineStack;
let phone: RawSipPhone;
const incoming: Array<{ leg: LegHandle; replacesLegId: string | undefined }> = [];

before(async () => {
  stack = await createEngine({ sipUdpPort: ENGINE, rtpPorts: { min: 41760, max: 41779 }, rtpTimeoutMs: 0 });
  stack.engine.on('incoming', ({ leg, replacesLegId }) => {
    incoming.push({ leg, replacesLegId });
    void leg.answer();
  });
  phone = await RawSipPhone.open(41610, { host: '127.0.0.1', port: ENGINE });
});

after(async () => {
  phone.close();
  await stack.engine.close();
});

const SDP = sdpFor(41620);
const nextRefer = (leg: LegHandle): Promise<LegReferRequest> => new Promise((r) => leg.once('refer', r));
const waitNotifies = async (d: Parameters<RawSipPhone['notifyLines']>[0], n: number): Promise<string[]> => {
  for (let i = 0; i < 1500 && phone.notifyLines(d).length < n; i++) await new Promise((r) => setTimeout(r, 10));
  return phone.notifyLines(d);
};

test('blind REFER from a desk phone on its inbound call: 202, NOTIFY 100, the refer event, then NOTIFY 200 terminated on accept()', async () => {
  const a = await phone.call('1300', SDP);
  const leg = incoming.at(-1)!.leg;
  const asked = nextRefer(leg);
  const res = await phone.request(a, 'REFER', ['Refer-To: <sip:+15550001@127.0.0.1>', 'Referred-By: <sip:alice@127.0.0.1>']);
  assert.equal(res.status, 202);
  const r = await asked;
  assert.equal(r.target, '+15550001');
  assert.equal(r.uri, 'sip:+15550001@127.0.0.1');
  assert.equal(r.replacesLegId, undefined);
  assert.equal(r.referredBy, 'sip:alice@127.0.0.1');
  assert.deepEqual(await waitNotifies(a, 1), ['SIP/2.0 100 Trying | active;expires=180 | refer']);
  const first = phone.notifies.find((n) => header(n, 'call-id') === a.callId)!;
  assert.equal(header(first, 'content-type'), 'message/sipfrag;version=2.0');
  assert.equal(header(first, 'to'), `${a.localUri};tag=${a.localTag}`, 'the NOTIFY is in the REFER dialog');
  r.accept();
  r.fail(503); // a second outcome is ignored
  assert.deepEqual((await waitNotifies(a, 2)).slice(1), ['SIP/2.0 200 OK | terminated;reason=noresource | refer']);
  await new Promise((res2) => setTimeout(res2, 200));
  assert.equal(phone.notifyLines(a).length, 2);
  assert.equal(leg.info().state, 'answered', 'the REFER alone ends nothing: the owner transfers');
  const bye = await phone.request(a, 'BYE');
  assert.equal(bye.status, 200);
  assert.equal((await leg.ended).cause, 'normal');
});

test('attended REFER on a call the engine placed to the phone: replacesLegId is the phone’s other call; fail() sends the status', async () => {
  const outLeg = await stack.engine.dial({ to: { uri: phone.uri, host: '127.0.0.1', port: phone.port }, from: '0299990000' });
  const a = await phone.answer(SDP);
  const b = await phone.call('1301', SDP);
  const inLeg = incoming.at(-1)!.leg;
  const asked = nextRefer(outLeg);
  // The Replaces names call B as the engine (the transfer target) sees it: to-tag is the engine's.
  const replaces = encodeURIComponent(`${b.callId};to-tag=${b.remoteTag};from-tag=${b.localTag}`);
  const res = await phone.request(a, 'REFER', [`Refer-To: <sip:switchboard@127.0.0.1:${ENGINE}?Replaces=${replaces}>`]);
  assert.equal(res.status, 202);
  const r = await asked;
  assert.equal(r.replacesLegId, inLeg.id);
  assert.notEqual(r.replacesLegId, outLeg.id);
  assert.equal(r.target, 'switchboard');
  r.fail(486, 'Busy Here');
  assert.deepEqual(await waitNotifies(a, 2), ['SIP/2.0 100 Trying | active;expires=180 | refer', 'SIP/2.0 486 Busy Here | terminated;reason=noresource | refer']);

  // The same transfer as an INVITE with Replaces (RFC 3891) naming call A: mapped to the engine's leg.
  const before = incoming.length;
  await phone.call('1302', SDP);
  assert.equal(incoming.length, before + 1);
  assert.equal(incoming.at(-1)!.replacesLegId, undefined, 'a plain INVITE replaces nothing');
  const replacing = phone.callWith('1303', SDP, [`Replaces: ${a.callId};to-tag=${a.remoteTag};from-tag=${a.localTag}`, 'Require: replaces']);
  const ok = await replacing;
  assert.equal(ok.status, 200);
  assert.equal(incoming.at(-1)!.replacesLegId, outLeg.id);
  const unknown = await phone.callWith('1304', SDP, ['Replaces: nope@127.0.0.1;to-tag=1;from-tag=2']);
  assert.equal(unknown.status, 481);
  const early = await phone.callWith('1305', SDP, [`Replaces: ${a.callId};to-tag=${a.remoteTag};from-tag=${a.localTag};early-only`]);
  assert.equal(early.status, 486);
  for (const l of stack.engine.listLegs()) stack.engine.hangup(l.id);
});

test('malformed and unhandled REFERs get the right status, and the call survives them', async () => {
  const a = await phone.call('1310', SDP);
  const leg = incoming.at(-1)!.leg;
  const cases: Array<[string[], number, string]> = [
    [[], 400, 'Missing Refer-To Header'],
    [['Refer-To: <sip:a@127.0.0.1>', 'Refer-To: <sip:b@127.0.0.1>'], 400, 'Multiple Refer-To Header Values'],
    [['Refer-To: <sip:@@bad uri>'], 400, 'Malformed Refer-To Header'],
    [['Refer-To: <sip:x@127.0.0.1?Replaces=no-tags>'], 400, 'Malformed Replaces In Refer-To'],
    [['Refer-To: <sip:%ZZ@127.0.0.1>'], 400, 'Malformed Refer-To User'],
    // Nobody listens for `refer` on this leg or the engine: declined, nothing left waiting.
    [['Refer-To: <sip:+15550001@127.0.0.1>'], 603, 'Decline: Transfer Not Handled'],
  ];
  for (const [h, status, reason] of cases) {
    const res = await phone.request(a, 'REFER', h);
    assert.equal(`${res.status} ${res.start.slice(12)}`, `${status} ${reason}`, h.join(' / '));
  }
  // A Replaces naming no call of ours: accepted, and the NOTIFY says what the INVITE would have got.
  leg.on('refer', () => assert.fail('an unknown Replaces never reaches the owner'));
  const res = await phone.request(a, 'REFER', ['Refer-To: <sip:x@127.0.0.1?Replaces=gone%40127.0.0.1%3Bto-tag%3D1%3Bfrom-tag%3D2>']);
  assert.equal(res.status, 202);
  const lines = await waitNotifies(a, 2);
  // Not the dialog's first REFER (the refused ones count): its NOTIFYs carry id=<CSeq> (RFC 3515 2.4.6).
  const seq = header(res, 'cseq')!.split(' ')[0];
  assert.equal(lines[1], `SIP/2.0 481 Replaces: No Such Dialog | terminated;reason=noresource | refer;id=${seq}`);
  assert.equal(leg.info().state, 'answered');
  const opts = await phone.request(a, 'OPTIONS');
  assert.equal(opts.status, 200);
  await phone.request(a, 'BYE');
  assert.equal((await leg.ended).cause, 'normal');
});
