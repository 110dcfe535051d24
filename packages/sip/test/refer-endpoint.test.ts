import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import { MemoryNetwork, SipEndpoint, REFER_SUBSCRIPTION_SECONDS, type Dialog, type IncomingInvite, type IncomingRefer, type SipRequest } from '../src/index';
import { tick } from './helpers';

/** A phone (a) in calls with us (b); b supports Replaces as the engine's endpoint does. */
async function rig() {
  const clock = new FakeClock(0);
  const net = new MemoryNetwork();
  const a = new SipEndpoint({ clock, user: 'phone' });
  const b = new SipEndpoint({ clock, user: 'switchboard', supported: ['replaces'] });
  a.addTransport(net.create('127.0.0.1', 5061));
  b.addTransport(net.create('127.0.0.1', 5062));
  const ours: Dialog[] = [];
  const invites: IncomingInvite[] = [];
  b.on('invite', (inv) => {
    invites.push(inv);
    ours.push(inv.accept({ body: 'v=0\r\n' }));
  });
  /** NOTIFYs the phone received (answered 200 unless told otherwise). */
  const notifies: SipRequest[] = [];
  let notifyStatus = 200;
  const call = async (): Promise<{ phone: Dialog; us: Dialog }> => {
    const { dialog } = await a.invite({ uri: 'sip:switchboard@127.0.0.1:5062', body: 'v=0\r\n' }).result;
    await settle();
    dialog.on('request', (sreq) => {
      if (sreq.method === 'NOTIFY') notifies.push(sreq.request);
      sreq.respond(sreq.method === 'NOTIFY' ? notifyStatus : 501);
    });
    return { phone: dialog, us: ours[ours.length - 1]! };
  };
  const settle = async (ms = 0): Promise<void> => {
    for (let i = 0; i < 6; i++) await tick();
    if (ms) clock.advance(ms);
    for (let i = 0; i < 6; i++) await tick();
  };
  const frags = () => notifies.map((n) => `${n.body.toString().trim()} | ${n.headers.get('subscription-state')} | ${n.headers.get('event')}`);
  return { clock, a, b, call, settle, notifies, frags, invites, setNotifyStatus: (s: number) => (notifyStatus = s) };
}

test('blind REFER: 202, NOTIFY 100 Trying at once, then NOTIFY 200 terminated;reason=noresource on complete()', async () => {
  const r = await rig();
  const { phone, us } = await r.call();
  const refers: IncomingRefer[] = [];
  us.on('refer', (x) => {
    refers.push(x);
    x.accept();
  });
  const res = await phone.request('REFER', { headers: { 'refer-to': '<sip:+15550001@127.0.0.1>', 'referred-by': '<sip:alice@127.0.0.1>' } });
  await r.settle();
  assert.equal(res.status, 202);
  assert.equal(refers.length, 1);
  assert.equal(refers[0]!.refer.target, '+15550001');
  assert.equal(refers[0]!.refer.referredBy, 'sip:alice@127.0.0.1');
  assert.equal(refers[0]!.replacedDialog, undefined);
  assert.deepEqual(r.frags(), [`SIP/2.0 100 Trying | active;expires=${REFER_SUBSCRIPTION_SECONDS} | refer`]);
  const n = r.notifies[0]!;
  assert.equal(n.headers.get('content-type'), 'message/sipfrag;version=2.0');
  assert.ok(n.headers.get('contact'), 'NOTIFY carries a Contact');
  assert.equal(n.headers.get('call-id'), phone.callId);
  assert.equal(refers[0]!.complete(200), true);
  await r.settle();
  assert.deepEqual(r.frags().slice(1), ['SIP/2.0 200 OK | terminated;reason=noresource | refer']);
  assert.equal(refers[0]!.state, 'terminated');
  assert.equal(refers[0]!.complete(503), false, 'a second outcome sends nothing');
  // A second REFER in the same dialog: its NOTIFYs carry id=<its CSeq> (RFC 3515 2.4.6).
  await phone.request('REFER', { headers: { 'refer-to': '<sip:+15550002@127.0.0.1>' } });
  await r.settle();
  refers[1]!.complete(486, 'Busy Here');
  await r.settle();
  const cseq = phone.localSeq;
  assert.deepEqual(r.frags().slice(2), [
    `SIP/2.0 100 Trying | active;expires=${REFER_SUBSCRIPTION_SECONDS} | refer;id=${cseq}`,
    `SIP/2.0 486 Busy Here | terminated;reason=noresource | refer;id=${cseq}`,
  ]);
  assert.equal(us.state, 'confirmed');
  await r.a.close();
  await r.b.close();
});

test('attended REFER: the Replaces names our other dialog with the phone; an unknown one gets NOTIFY 481, early-only 486', async () => {
  const r = await rig();
  const first = await r.call();
  const second = await r.call();
  const refers: IncomingRefer[] = [];
  first.us.on('refer', (x) => {
    refers.push(x);
    x.accept();
  });
  // The phone writes the tags as the target (us) sees them: to-tag ours, from-tag its own.
  const rep = (d: Dialog, extra = '') => encodeURIComponent(`${d.callId};to-tag=${d.remoteTag};from-tag=${d.localTag}${extra}`);
  let res = await first.phone.request('REFER', { headers: { 'refer-to': `<sip:switchboard@127.0.0.1:5062?Replaces=${rep(second.phone)}>` } });
  await r.settle();
  assert.equal(refers.length, 1);
  assert.equal(refers[0]!.replacedDialog, second.us);
  assert.equal(res.status, 202);
  // Unknown dialog: accepted, and the NOTIFY reports what the INVITE-with-Replaces would have got.
  res = await first.phone.request('REFER', { headers: { 'refer-to': `<sip:switchboard@127.0.0.1:5062?Replaces=nope%3Bto-tag%3D1%3Bfrom-tag%3D2>` } });
  await r.settle();
  assert.equal(res.status, 202);
  assert.equal(refers.length, 1, 'the owner never sees it');
  assert.match(r.frags().at(-1)!, /^SIP\/2.0 481 Replaces: No Such Dialog \| terminated;reason=noresource/);
  res = await first.phone.request('REFER', { headers: { 'refer-to': `<sip:switchboard@127.0.0.1:5062?Replaces=${rep(second.phone, ';early-only')}>` } });
  await r.settle();
  assert.match(r.frags().at(-1)!, /^SIP\/2.0 486 /);
  // Replaces naming the REFER's own dialog makes no sense: 400, and the dialog lives on.
  res = await first.phone.request('REFER', { headers: { 'refer-to': `<sip:switchboard@127.0.0.1:5062?Replaces=${rep(first.phone)}>` } });
  assert.equal(res.status, 400);
  assert.equal(first.us.state, 'confirmed');
  await r.a.close();
  await r.b.close();
});

test('malformed REFERs get 400 with a reason and leave the call up; no listener gets 603; outside a dialog 403', async () => {
  const r = await rig();
  const { phone, us } = await r.call();
  const cases: Array<[Record<string, string>, string]> = [
    [{}, 'Missing Refer-To Header'],
    [{ 'refer-to': '<sip:a@h>, <sip:b@h>' }, 'Multiple Refer-To Header Values'],
    [{ 'refer-to': '<mailto:x@example.com>' }, 'Malformed Refer-To Header'],
    [{ 'refer-to': '<sip:x@127.0.0.1?Replaces=broken>' }, 'Malformed Replaces In Refer-To'],
  ];
  for (const [headers, reason] of cases) {
    const res = await phone.request('REFER', { headers });
    assert.equal(res.status, 400);
    assert.equal(res.reason, reason);
  }
  const declined = await phone.request('REFER', { headers: { 'refer-to': '<sip:+15550001@127.0.0.1>' } });
  assert.equal(declined.status, 603);
  assert.equal(us.state, 'confirmed');
  assert.equal(phone.state, 'confirmed');
  const out = await r.a.request({ method: 'REFER', uri: 'sip:switchboard@127.0.0.1:5062', headers: { 'refer-to': '<sip:x@127.0.0.1>' } });
  assert.equal(out.status, 403);
  const opts = await r.a.request({ method: 'OPTIONS', uri: 'sip:switchboard@127.0.0.1:5062' });
  assert.ok(opts.headers.getAll('allow').includes('REFER'));
  assert.equal(opts.headers.get('supported'), 'replaces');
  await r.a.close();
  await r.b.close();
});

test('the implicit subscription: expiry NOTIFYs 408 terminated;reason=timeout; a 481 to a NOTIFY ends it but not the call; a BYE ends it silently', async () => {
  const r = await rig();
  const { phone, us } = await r.call();
  const refers: IncomingRefer[] = [];
  const ends: string[] = [];
  us.on('refer', (x) => {
    refers.push(x);
    x.on('terminated', (e) => ends.push(e.reason));
    x.accept();
  });
  await phone.request('REFER', { headers: { 'refer-to': '<sip:1000@127.0.0.1>' } });
  await r.settle(REFER_SUBSCRIPTION_SECONDS * 1000);
  assert.match(r.frags().at(-1)!, /^SIP\/2.0 408 Request Timeout \| terminated;reason=timeout/);
  assert.equal(refers[0]!.complete(200), false);
  r.setNotifyStatus(481);
  await phone.request('REFER', { headers: { 'refer-to': '<sip:1001@127.0.0.1>' } });
  await r.settle();
  assert.equal(refers[1]!.state, 'terminated');
  assert.equal(us.state, 'confirmed', 'RFC 5057: the NOTIFY failure ends the subscription only');
  r.setNotifyStatus(200);
  await phone.request('REFER', { headers: { 'refer-to': '<sip:1002@127.0.0.1>' } });
  await r.settle();
  const before = r.notifies.length;
  await phone.bye();
  await r.settle();
  assert.equal(refers[2]!.complete(200), false);
  await r.settle();
  assert.equal(r.notifies.length, before);
  assert.deepEqual(ends, ['expired', 'notify-failed', 'dialog-ended']);
  await r.a.close();
  await r.b.close();
});

test('INVITE with Replaces (supported): the replaced dialog is found; malformed, doubled or misplaced ones get 400', async () => {
  const r = await rig();
  const { phone, us } = await r.call();
  const value = `${phone.callId};to-tag=${phone.remoteTag};from-tag=${phone.localTag}`;
  const ok = await r.a.invite({ uri: 'sip:switchboard@127.0.0.1:5062', body: 'v=0\r\n', headers: { replaces: value, require: 'replaces' } }).result;
  assert.equal(ok.response.status, 200);
  const inv = r.invites.at(-1)!;
  assert.equal(inv.replacedDialog, us);
  assert.deepEqual(inv.replaces, { callId: phone.callId, toTag: phone.remoteTag, fromTag: phone.localTag, earlyOnly: false });
  const refused = async (headers: Record<string, string | string[]>): Promise<string> => {
    try {
      await r.a.invite({ uri: 'sip:switchboard@127.0.0.1:5062', body: 'v=0\r\n', headers }).result;
      return 'accepted';
    } catch (e) {
      return `${(e as { sipStatus?: number }).sipStatus}`;
    }
  };
  assert.equal(await refused({ replaces: 'x;to-tag=1' }), '400');
  assert.equal(await refused({ replaces: [value, value] }), '400');
  const bye = await ok.dialog.request('INFO', { headers: { replaces: value } });
  assert.equal(bye.status, 400);
  await r.a.close();
  await r.b.close();
});
