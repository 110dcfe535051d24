import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import { MemoryNetwork, SipEndpoint, SipError, type Dialog, type IncomingInvite } from '../src/index';
import { tick, parse } from './helpers';

function pair(opts: { lossy?: boolean } = {}) {
  const clock = new FakeClock(0);
  const net = new MemoryNetwork();
  const a = new SipEndpoint({ clock, user: 'alice' });
  const b = new SipEndpoint({ clock, user: 'bob' });
  const ta = net.create('127.0.0.1', 5061);
  const tb = net.create('127.0.0.1', 5062);
  a.addTransport(ta);
  b.addTransport(tb);
  void opts;
  return { clock, net, a, b, ta, tb };
}

async function settle(clock?: FakeClock, ms = 0): Promise<void> {
  for (let i = 0; i < 5; i++) await tick();
  if (clock) clock.advance(ms);
  for (let i = 0; i < 5; i++) await tick();
}

test('INVITE / 180 / 200 / ACK / BYE between two endpoints', async () => {
  const { clock, a, b } = pair();
  let incoming: IncomingInvite | undefined;
  b.on('invite', (inv) => {
    incoming = inv;
    inv.progress(180);
    inv.accept({ body: 'v=0\r\n' });
  });
  const out = a.invite({ uri: 'sip:bob@127.0.0.1:5062', body: 'v=0\r\n' });
  const progress: number[] = [];
  out.on('progress', (r) => progress.push(r.status));
  const { dialog, response } = await out.result;
  assert.equal(response.status, 200);
  assert.deepEqual(
    progress.filter((s) => s === 180),
    [180],
  );
  await settle();
  const uas = incoming!.dialog!;
  assert.equal(uas.state, 'confirmed');
  assert.equal(dialog.state, 'confirmed');
  assert.equal(dialog.callId, uas.callId);
  assert.equal(dialog.remoteTag, uas.localTag);
  let ended: string | undefined;
  uas.on('terminated', (e) => (ended = e.reason));
  const byeRes = await dialog.bye();
  assert.equal(byeRes?.status, 200);
  assert.equal(ended, 'bye-received');
  assert.equal(a.dialogCount, 0);
  assert.equal(b.dialogCount, 0);
  clock.advance(40000);
});

test('CANCEL after 180: caller gets 487 as SIP_CANCELLED, callee gets a cancel event', async () => {
  const { a, b } = pair();
  let cancelled = false;
  b.on('invite', (inv) => {
    inv.progress(180);
    inv.on('cancel', () => (cancelled = true));
  });
  const out = a.invite({ uri: 'sip:bob@127.0.0.1:5062' });
  out.on('progress', (r) => {
    if (r.status === 180) out.cancel();
  });
  await assert.rejects(out.result, (e: unknown) => e instanceof SipError && e.code === 'SIP_CANCELLED' && e.sipStatus === 487);
  assert.ok(cancelled);
});

test('rejected call: 486 reaches the caller, the ACK is absorbed by the server transaction', async () => {
  const { a, b, clock } = pair();
  b.on('invite', (inv) => inv.reject(486));
  const out = a.invite({ uri: 'sip:bob@127.0.0.1:5062' });
  await assert.rejects(out.result, (e: unknown) => e instanceof SipError && e.code === 'SIP_REJECTED' && e.sipStatus === 486);
  await settle(clock, 0);
  const t = [...b.transactions.servers.values()].find((x) => x.request.method === 'INVITE');
  assert.equal(t?.state, 'confirmed');
});

test('re-INVITE for hold (sendonly) and resume, answered by the far end', async () => {
  const { a, b } = pair();
  let uas: Dialog | undefined;
  b.on('invite', (inv) => (uas = inv.accept({ body: 'v=0\r\na=sendrecv\r\n' })));
  const { dialog } = await a.invite({ uri: 'sip:bob@127.0.0.1:5062', body: 'v=0\r\n' }).result;
  await settle();
  const seen: string[] = [];
  uas!.on('reinvite', (ri) => {
    seen.push(ri.body.includes('sendonly') ? 'hold' : 'resume');
    void ri.accept({ body: ri.body.includes('sendonly') ? 'v=0\r\na=recvonly\r\n' : 'v=0\r\na=sendrecv\r\n' });
  });
  const hold = await dialog.reinvite({ body: 'v=0\r\na=sendonly\r\n' });
  assert.equal(hold.status, 200);
  assert.match(hold.body.toString(), /recvonly/);
  const resume = await dialog.reinvite({ body: 'v=0\r\na=sendrecv\r\n' });
  assert.equal(resume.status, 200);
  assert.deepEqual(seen, ['hold', 'resume']);
  await settle();
  assert.equal(uas!.state, 'confirmed');
});

test('OPTIONS gets 200 with Allow and Accept; unknown method 501; BYE outside a dialog 481', async () => {
  const { a } = pair();
  const res = await a.request({ method: 'OPTIONS', uri: 'sip:bob@127.0.0.1:5062' });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('allow')!, /INVITE/);
  assert.match(res.headers.get('accept')!, /application\/sdp/);
  assert.equal((await a.request({ method: 'FROB', uri: 'sip:bob@127.0.0.1:5062' })).status, 501);
  assert.equal((await a.request({ method: 'BYE', uri: 'sip:bob@127.0.0.1:5062' })).status, 481);
  assert.equal((await a.request({ method: 'MESSAGE', uri: 'sip:bob@127.0.0.1:5062' })).status, 405);
  const r420 = await a.request({ method: 'OPTIONS', uri: 'sip:bob@127.0.0.1:5062', headers: { require: 'foo-ext' } });
  assert.equal(r420.status, 420);
  assert.equal(r420.headers.get('unsupported'), 'foo-ext');
});

test('INFO with dtmf-relay and dtmf bodies is parsed into digits', async () => {
  const { a, b } = pair();
  let uas: Dialog | undefined;
  b.on('invite', (inv) => (uas = inv.accept()));
  const { dialog } = await a.invite({ uri: 'sip:bob@127.0.0.1:5062' }).result;
  await settle();
  const digits: Array<[string, number | undefined]> = [];
  uas!.on('info', (e) => e.dtmf && digits.push([e.dtmf.digit, e.dtmf.durationMs]));
  assert.equal((await dialog.info('Signal=5\r\nDuration=160\r\n')).status, 200);
  assert.equal((await dialog.info('#', 'application/dtmf')).status, 200);
  assert.deepEqual(digits, [
    ['5', 160],
    ['#', undefined],
  ]);
});

test('a lost request is retransmitted by timer E in fake time and still answered once', async () => {
  const { clock, net, a, b } = pair();
  let dropped = 0;
  net.dropFilter = (data) => data.toString().startsWith('OPTIONS') && dropped++ < 2;
  const p = a.request({ method: 'OPTIONS', uri: 'sip:bob@127.0.0.1:5062' });
  await settle(clock, 500);
  await settle(clock, 1000);
  const res = await p;
  assert.equal(res.status, 200);
  assert.equal(a.counters.retransmissions, 2);
  void b;
});

test('no answer at all: INVITE times out with SIP_TIMEOUT after 64*T1 of fake time', async () => {
  const { clock, net, a } = pair();
  net.dropFilter = () => true;
  const out = a.invite({ uri: 'sip:bob@127.0.0.1:5062' });
  await settle(clock, 32000);
  await assert.rejects(out.result, (e: unknown) => e instanceof SipError && e.code === 'SIP_TIMEOUT');
  assert.equal(a.counters.retransmissions, 6);
});

test('a lost ACK makes the UAS retransmit its 2xx, and the UAC re-ACKs', async () => {
  const { clock, net, a, b } = pair();
  let acks = 0;
  net.dropFilter = (data) => data.toString().startsWith('ACK') && acks++ === 0;
  let uas: Dialog | undefined;
  b.on('invite', (inv) => (uas = inv.accept()));
  await a.invite({ uri: 'sip:bob@127.0.0.1:5062' }).result;
  await settle();
  assert.equal(uas!.state, 'accepted');
  await settle(clock, 500);
  assert.equal(uas!.state, 'confirmed');
  assert.ok(b.counters.retransmissions >= 1);
});

test('received and rport are stamped on the top Via of responses (RFC 3581)', async () => {
  const { a, tb } = pair();
  await a.request({ method: 'OPTIONS', uri: 'sip:bob@127.0.0.1:5062' });
  const sent = parse(tb.sent[0]!.data);
  assert.match(sent.headers.get('via')!, /;rport=5061;received=127\.0\.0\.1/);
});
