import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import { MemoryNetwork, SipEndpoint, SipError, DigestServer, passwordHa1, type Dialog, type IncomingInvite } from '../src/index';
import { tick } from './helpers';

function pair() {
  const clock = new FakeClock(0);
  const net = new MemoryNetwork();
  const a = new SipEndpoint({ clock, user: 'alice' });
  const b = new SipEndpoint({ clock, user: 'bob' });
  a.addTransport(net.create('127.0.0.1', 5061));
  b.addTransport(net.create('127.0.0.1', 5062));
  return { clock, net, a, b, uri: 'sip:bob@127.0.0.1:5062' };
}

async function settle(clock?: FakeClock, ms = 0): Promise<void> {
  for (let i = 0; i < 8; i++) await tick();
  if (clock) clock.advance(ms);
  for (let i = 0; i < 8; i++) await tick();
}

/**
 * A call whose ACKs are all lost: the caller's dialog (up at once: the 2xx reached it) and the
 * callee's, still waiting for the ACK and retransmitting its 2xx.
 */
async function callWithoutAck(): Promise<{ p: ReturnType<typeof pair>; uac: Dialog; uas: Dialog }> {
  const p = pair();
  p.net.dropFilter = (data) => data.toString().startsWith('ACK');
  let uas: Dialog | undefined;
  p.b.on('invite', (inv) => (uas = inv.accept()));
  const { dialog } = await p.a.invite({ uri: p.uri }).result;
  return { p, uac: dialog, uas: uas! };
}

/** Advances past 64*T1 (32 s) in steps, letting the retransmissions and the deadline run. */
async function past64T1(clock: FakeClock): Promise<void> {
  for (let t = 0; t < 32000; t += 500) await settle(clock, 500);
  await settle(clock, 100);
}

async function call(p: ReturnType<typeof pair>): Promise<{ uac: Dialog; uas: Dialog }> {
  let uas: Dialog | undefined;
  p.b.once('invite', (inv) => (uas = inv.accept({ body: 'v=0\r\n' })));
  const { dialog } = await p.a.invite({ uri: p.uri, body: 'v=0\r\n' }).result;
  await settle();
  return { uac: dialog, uas: uas! };
}

test('cancel() before any provisional waits for the 100 Trying, then CANCELs (9.1)', async () => {
  const p = pair();
  let inv: IncomingInvite | undefined;
  p.b.on('invite', (i) => (inv = i));
  const out = p.a.invite({ uri: p.uri });
  out.cancel();
  await assert.rejects(out.result, (e: unknown) => e instanceof SipError && e.code === 'SIP_CANCELLED');
  assert.equal(inv?.state, 'cancelled');
});

test('INVITE challenged with 407 is retried once with Proxy-Authorization', async () => {
  const p = pair();
  const digest = new DigestServer({ realm: 'sb', clock: p.clock });
  let attempts = 0;
  p.b.on('invite', (inv) => {
    attempts++;
    const v = digest.verify(
      'INVITE',
      inv.request.headers.get('proxy-authorization'),
      passwordHa1(digest.realm, (u) => (u === 'agent1' ? 'pw' : undefined)),
    );
    if (!v.ok) inv.reject(407, { headers: { 'proxy-authenticate': digest.challenge(v.stale)[0]! } });
    else inv.accept();
  });
  const { response } = await p.a.invite({ uri: p.uri, auth: { username: 'agent1', password: 'pw' } }).result;
  assert.equal(response.status, 200);
  assert.equal(attempts, 2);
  assert.match(response.headers.get('cseq')!, /^2 INVITE$/);
  const bad = p.a.invite({ uri: p.uri, auth: { username: 'agent1', password: 'wrong' } });
  await assert.rejects(bad.result, (e: unknown) => e instanceof SipError && e.sipStatus === 407);
});

test('no ACK for our 2xx: retransmitted until 64*T1, then BYE; the dialog ends with ack-timeout', async () => {
  const { p, uac, uas } = await callWithoutAck();
  const remoteEnd = new Promise<string>((r) => uac.on('terminated', (e) => r(e.reason)));
  await past64T1(p.clock);
  assert.equal(uas.endReason, 'ack-timeout');
  assert.equal(await remoteEnd, 'bye-received');
  assert.ok(p.b.counters.retransmissions >= 6);
});

test("the callee's bye() while it waits for an ACK that never comes: it settles at 64*T1 (15) with the deadline's BYE, not one of its own", async () => {
  const { p, uac, uas } = await callWithoutAck();
  const remoteEnd = new Promise<string>((r) => uac.on('terminated', (e) => r(e.reason)));
  let settled: unknown = 'pending';
  void uas.bye().then((r) => (settled = r ?? 'no BYE of its own'));
  await past64T1(p.clock);
  // The deadline's own BYE ended the session; bye() must not hang waiting for the ACK.
  assert.equal(settled, 'no BYE of its own');
  assert.equal(uas.endReason, 'ack-timeout');
  assert.equal(await remoteEnd, 'bye-received');
});

test('BYE before the ACK stops the 2xx retransmissions', async () => {
  const { p, uac, uas } = await callWithoutAck();
  await uac.bye();
  await settle();
  assert.equal(uas.endReason, 'bye-received');
  const before = p.b.counters.retransmissions;
  await settle(p.clock, 10000);
  assert.equal(p.b.counters.retransmissions, before);
});

test('re-INVITE glare: both sides get 491 and the dialog survives', async () => {
  const p = pair();
  const { uac, uas } = await call(p);
  uas.on('reinvite', (ri) => void ri.accept({ body: 'v=0\r\n' }));
  uac.on('reinvite', (ri) => void ri.accept({ body: 'v=0\r\n' }));
  const [r1, r2] = await Promise.all([uac.reinvite({ body: 'v=0\r\n' }), uas.reinvite({ body: 'v=0\r\n' })]);
  assert.deepEqual([r1.status, r2.status], [491, 491]);
  assert.equal((await uac.reinvite({ body: 'v=0\r\n' })).status, 200);
  assert.equal(uac.state, 'confirmed');
});

test('an in-dialog request with a lower CSeq gets 500 (12.2.2); a request in an unknown dialog gets 481', async () => {
  const p = pair();
  const { uac } = await call(p);
  assert.equal((await uac.info('Signal=1\r\n')).status, 200);
  uac.localSeq = 0;
  assert.equal((await uac.info('Signal=2\r\n')).status, 500);
  const ghost = p.a.createRequest({ method: 'INFO', uri: p.uri, headers: { to: '<sip:bob@127.0.0.1>;tag=nope' } });
  const res = await new Promise<number>((resolve) =>
    p.a.sendRequest(ghost.request, ghost.flow, { onResponse: (r) => r.status >= 200 && resolve(r.status), onTimeout: () => resolve(0), onTransportError: () => resolve(-1) }),
  );
  assert.equal(res, 481);
});

test('a rejected call whose ACK never comes: timer H reports failure on the IncomingInvite', async () => {
  const p = pair();
  p.net.dropFilter = (data) => data.toString().startsWith('ACK');
  let failed: Error | undefined;
  p.b.on('invite', (inv) => {
    inv.on('failed', (e) => (failed = e));
    inv.reject(486);
  });
  const out = p.a.invite({ uri: p.uri });
  await assert.rejects(out.result);
  for (let t = 0; t < 32000; t += 1000) await settle(p.clock, 1000);
  assert.ok(failed instanceof SipError && failed.code === 'SIP_TIMEOUT');
  assert.equal(p.b.counters.timeouts, 1);
});

test('dialog events: dialog-created and dialog-terminated on the endpoint', async () => {
  const p = pair();
  const seen: string[] = [];
  p.a.on('dialog-created', () => seen.push('created'));
  p.a.on('dialog-terminated', () => seen.push('terminated'));
  const { uac } = await call(p);
  await uac.bye();
  assert.deepEqual(seen, ['created', 'terminated']);
  await assert.rejects(uac.info('Signal=1'), (e: unknown) => e instanceof SipError && e.code === 'SIP_DIALOG_TERMINATED');
});

test('a UAS that hangs up at once sends its BYE only after the ACK (RFC 3261 15)', async () => {
  const p = pair();
  const wire: string[] = [];
  p.net.dropFilter = (data) => {
    const first = data.toString().split(' ')[0]!;
    wire.push(first === 'SIP/2.0' ? data.toString().split(' ')[1]! : first);
    return false;
  };
  p.b.on('invite', (inv) => void inv.accept().bye());
  const { dialog } = await p.a.invite({ uri: p.uri }).result;
  const reason = await new Promise<string>((r) => dialog.on('terminated', (e) => r(e.reason)));
  await settle();
  assert.equal(reason, 'bye-received');
  assert.deepEqual(wire, ['INVITE', '100', '200', 'ACK', 'BYE', '200']);
});

test('a CANCEL the far end ignores: after 64*T1 the call is given up as cancelled (9.1)', async () => {
  const p = pair();
  p.net.dropFilter = (data) => data.toString().startsWith('CANCEL');
  p.b.on('invite', (inv) => inv.progress(180));
  const out = p.a.invite({ uri: p.uri });
  out.on('progress', (r) => r.status === 180 && out.cancel());
  await settle();
  for (let t = 0; t < 32000; t += 1000) await settle(p.clock, 1000);
  await assert.rejects(out.result, (e: unknown) => e instanceof SipError && e.code === 'SIP_CANCELLED');
  assert.equal([...p.a.transactions.clients.values()].filter((t) => t.request.method === 'INVITE').length, 0);
});
