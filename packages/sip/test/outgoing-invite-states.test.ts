import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, allowedMoves } from '@switchboard/shared';
import { MemoryNetwork, OUTGOING_INVITE_TABLE, SipEndpoint, SipError, type IncomingInvite, type OutgoingInviteState } from '../src/index';
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

const walked = new Set<string>();
const note = (states: OutgoingInviteState[]): void => {
  for (let i = 1; i < states.length; i++) walked.add(`${states[i - 1]}→${states[i]}`);
};

test('outgoing invite: each path through the table, driven by a real peer endpoint', async () => {
  // calling → proceeding → established
  let p = pair();
  p.b.on('invite', (inv: IncomingInvite) => {
    inv.progress(180);
    setTimeout(() => inv.accept(), 1);
  });
  let out = p.a.invite({ uri: p.uri });
  let seen: OutgoingInviteState[] = ['calling'];
  out.on('progress', () => seen.push(out.state));
  await out.result;
  seen.push(out.state);
  note(seen);
  assert.deepEqual(
    seen.filter((s, i) => s !== seen[i - 1]),
    ['calling', 'proceeding', 'established'],
  );

  // calling → established (a 200 with no provisional), calling → failed (486)
  p = pair();
  let n = 0;
  p.b.on('invite', (inv: IncomingInvite) => (n++ === 0 ? inv.accept() : inv.reject(486)));
  out = p.a.invite({ uri: p.uri });
  await out.result;
  assert.equal(out.state, 'established');
  note(['calling', 'established']);
  out = p.a.invite({ uri: p.uri });
  await assert.rejects(out.result, (e: unknown) => e instanceof SipError && e.code === 'SIP_REJECTED' && e.sipStatus === 486);
  assert.equal(out.state, 'failed');
  note(['calling', 'failed']);

  // calling → cancel-pending → cancelling → failed: cancel() before any provisional waits for one (9.1).
  p = pair();
  p.b.on('invite', () => {}); // it stays pending: only the 100 Trying goes back
  out = p.a.invite({ uri: p.uri });
  out.cancel();
  assert.equal(out.state, 'cancel-pending', 'no CANCEL before a provisional');
  seen = ['cancel-pending'];
  out.on('progress', () => seen.push(out.state));
  await assert.rejects(out.result, (e: unknown) => e instanceof SipError && e.code === 'SIP_CANCELLED');
  seen.push(out.state);
  note(['calling', ...seen]);
  assert.deepEqual(
    seen.filter((s, i) => s !== seen[i - 1]),
    ['cancel-pending', 'cancelling', 'failed'],
  );

  // proceeding → cancelling → failed; a second cancel() changes nothing.
  p = pair();
  p.b.on('invite', (inv: IncomingInvite) => inv.progress(180));
  out = p.a.invite({ uri: p.uri });
  await new Promise<void>((r) => out.on('progress', (res) => res.status === 180 && r()));
  assert.equal(out.state, 'proceeding');
  out.cancel();
  assert.equal(out.state, 'cancelling');
  out.cancel();
  await assert.rejects(out.result, (e: unknown) => e instanceof SipError && e.code === 'SIP_CANCELLED');
  assert.equal(out.state, 'failed');
  note(['calling', 'proceeding', 'cancelling', 'failed']);

  // calling → calling (a 407, re-sent once with credentials) → established
  p = pair();
  let attempts = 0;
  p.b.on('invite', (inv: IncomingInvite) => {
    attempts++;
    if (attempts === 1) inv.reject(407, { headers: { 'proxy-authenticate': 'Digest realm="sb", nonce="n1", algorithm=MD5, qop="auth"' } });
    else inv.accept();
  });
  out = p.a.invite({ uri: p.uri, auth: { username: 'agent1', password: 'pw' } });
  await out.result;
  assert.deepEqual([attempts, out.state], [2, 'established']);
  note(['calling', 'calling', 'established']);

  // proceeding → calling (a 401 after a 180) → failed (no answer at all: Timer B)
  p = pair();
  attempts = 0;
  p.b.on('invite', (inv: IncomingInvite) => {
    attempts++;
    inv.progress(180);
    inv.reject(401, { headers: { 'www-authenticate': 'Digest realm="sb", nonce="n2", algorithm=MD5, qop="auth"' } });
    p.net.dropFilter = (data) => data.toString().startsWith('INVITE'); // the retry never arrives
  });
  out = p.a.invite({ uri: p.uri, auth: { username: 'agent1', password: 'pw' } });
  seen = ['calling'];
  out.on('progress', () => seen.push(out.state));
  while (out.state !== 'calling' || seen.length < 2) await settle(p.clock, 1);
  seen.push(out.state);
  const stateNow = (): OutgoingInviteState => out.state;
  for (let t = 0; t < 40_000 && stateNow() !== 'failed'; t += 500) await settle(p.clock, 500);
  seen.push(out.state);
  await assert.rejects(out.result, (e: unknown) => e instanceof SipError && e.code === 'SIP_TIMEOUT');
  note(seen);
  assert.deepEqual(
    seen.filter((s, i) => s !== seen[i - 1]),
    ['calling', 'proceeding', 'calling', 'failed'],
  );

  // proceeding → failed (a 603 after ringing); cancel-pending → failed (a final before any provisional).
  p = pair();
  p.b.on('invite', (inv: IncomingInvite) => {
    inv.progress(180);
    setTimeout(() => inv.reject(603), 1);
  });
  out = p.a.invite({ uri: p.uri });
  await assert.rejects(out.result, (e: unknown) => e instanceof SipError && e.sipStatus === 603);
  note(['calling', 'proceeding', 'failed']);
  p = pair();
  p.net.dropFilter = (data) => data.toString().startsWith('SIP/2.0 100');
  p.b.on('invite', (inv: IncomingInvite) => inv.reject(486));
  out = p.a.invite({ uri: p.uri });
  out.cancel();
  await assert.rejects(out.result, (e: unknown) => e instanceof SipError && e.sipStatus === 486);
  assert.equal(out.state, 'failed');
  note(['calling', 'cancel-pending', 'failed']);

  // Every move the table allows was taken by a real exchange above.
  const table = allowedMoves(OUTGOING_INVITE_TABLE).map(([f, t]) => `${f}→${t}`);
  assert.deepEqual(
    table.filter((m) => !walked.has(m)),
    [],
    'moves never exercised',
  );
});
