import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import {
  digestResponse,
  passwordHa1,
  parseChallenge,
  buildAuthorization,
  pickChallenge,
  DigestServer,
  Registrar,
  MemoryNetwork,
  SipEndpoint,
  parseAuthParams,
  type SipResponse,
} from '../src/index';
import { tick } from './helpers';

test('RFC 2617 3.5 MD5 test vector', () => {
  assert.equal(
    digestResponse({
      algorithm: 'MD5',
      username: 'Mufasa',
      realm: 'testrealm@host.com',
      password: 'Circle Of Life',
      method: 'GET',
      uri: '/dir/index.html',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      qop: 'auth',
      nc: '00000001',
      cnonce: '0a4f113b',
    }),
    '6629fae49393a05397450978507c4ef1',
  );
});

test('RFC 7616 3.9.1 SHA-256 test vector', () => {
  assert.equal(
    digestResponse({
      algorithm: 'SHA-256',
      username: 'Mufasa',
      realm: 'http-auth@example.org',
      password: 'Circle of Life',
      method: 'GET',
      uri: '/dir/index.html',
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      qop: 'auth',
      nc: '00000001',
      cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    }),
    '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
  );
});

test('challenges parse; the client prefers SHA-256; the server verifies, detects replay and stale nonces', () => {
  const clock = new FakeClock(1_000_000);
  const server = new DigestServer({ realm: 'sb', clock, nonceTtlMs: 60_000 });
  const values = server.challenge();
  assert.equal(values.length, 2);
  const ch = pickChallenge([...values].reverse())!;
  assert.equal(ch.algorithm, 'SHA-256');
  assert.deepEqual(ch.qop, ['auth']);
  const pw = passwordHa1('sb', (u: string) => (u === 'alice' ? 'pw' : undefined));
  const auth = buildAuthorization(ch, { username: 'alice', password: 'pw' }, 'REGISTER', 'sip:sb', 1, 'cn1');
  assert.deepEqual(server.verify('REGISTER', auth, pw), { ok: true, username: 'alice' });
  assert.equal(server.verify('REGISTER', auth, pw).ok, false); // same nc again: replay
  const md5 = parseChallenge(values[0]!)!;
  assert.equal(md5.algorithm, 'MD5');
  assert.ok(server.verify('REGISTER', buildAuthorization(md5, { username: 'alice', password: 'pw' }, 'REGISTER', 'sip:sb', 2), pw).ok);
  const wrong = server.verify('REGISTER', buildAuthorization(ch, { username: 'alice', password: 'x' }, 'REGISTER', 'sip:sb', 5), pw);
  assert.deepEqual(wrong, { ok: false, stale: false, reason: 'bad-response' });
  assert.equal((server.verify('REGISTER', buildAuthorization(ch, { username: 'bob', password: 'x' }, 'REGISTER', 'sip:sb'), pw) as { reason: string }).reason, 'unknown-user');
  clock.advance(61_000);
  const late = server.verify('REGISTER', buildAuthorization(ch, { username: 'alice', password: 'pw' }, 'REGISTER', 'sip:sb', 9), pw);
  assert.deepEqual(late, { ok: false, stale: true, reason: 'bad-nonce' });
  assert.match(server.challenge(true)[0]!, /stale=true/);
  const forged = buildAuthorization({ ...ch, nonce: 'abc.def.ghi' }, { username: 'alice', password: 'pw' }, 'REGISTER', 'sip:sb');
  assert.equal((server.verify('REGISTER', forged, pw) as { reason: string }).reason, 'bad-nonce');
  assert.equal(parseAuthParams('Digest realm="a,b", nonce=x').params.get('realm'), 'a,b');
});

test('a nonce works once without qop, with rising nonce-counts with qop, and only from the address it was sent to', () => {
  const clock = new FakeClock(1_000_000);
  const server = new DigestServer({ realm: 'sb', clock });
  const pw = passwordHa1('sb', (u: string) => (u === 'alice' ? 'pw' : undefined));
  const ch = parseChallenge(server.challenge(false, '192.0.2.10')[0]!)!;
  // RFC 2617 style: no qop, so no count to check. The first use passes; the same header again is a replay.
  const plain = buildAuthorization({ ...ch, qop: [] }, { username: 'alice', password: 'pw' }, 'REGISTER', 'sip:sb');
  assert.doesNotMatch(plain, /qop=/);
  assert.deepEqual(server.verify('REGISTER', plain, pw, '192.0.2.66'), { ok: false, stale: true, reason: 'wrong-address' });
  assert.deepEqual(server.verify('REGISTER', plain, pw, '192.0.2.10'), { ok: true, username: 'alice' });
  assert.deepEqual(server.verify('REGISTER', plain, pw, '192.0.2.10'), { ok: false, stale: true, reason: 'replay' });
  // qop=auth: each request counts up; a count already seen (or a qop-less reuse) is refused.
  const ch2 = parseChallenge(server.challenge(false, '192.0.2.10')[0]!)!;
  const nc = (n: number) => buildAuthorization(ch2, { username: 'alice', password: 'pw' }, 'REGISTER', 'sip:sb', n);
  assert.ok(server.verify('REGISTER', nc(1), pw, '192.0.2.10').ok);
  assert.ok(server.verify('REGISTER', nc(2), pw, '192.0.2.10').ok);
  assert.equal((server.verify('REGISTER', nc(2), pw, '192.0.2.10') as { reason: string }).reason, 'replay');
  assert.equal((server.verify('REGISTER', nc(3), pw, '192.0.2.66') as { reason: string }).reason, 'wrong-address');
  const reuse = buildAuthorization({ ...ch2, qop: [] }, { username: 'alice', password: 'pw' }, 'REGISTER', 'sip:sb');
  assert.equal((server.verify('REGISTER', reuse, pw, '192.0.2.10') as { reason: string }).reason, 'replay');
  // A nonce whose address tag was edited no longer carries our signature.
  const parts = ch.nonce.split('.');
  const moved = buildAuthorization({ ...ch, qop: [], nonce: [parts[0], parts[1], 'AAAAAAAAAAA', parts[3]].join('.') }, { username: 'alice', password: 'pw' }, 'REGISTER', 'sip:sb');
  assert.equal((server.verify('REGISTER', moved, pw, '192.0.2.66') as { reason: string }).reason, 'bad-nonce');
});

function rig(registrarOpts: { digest?: boolean } = {}) {
  const clock = new FakeClock(0);
  const net = new MemoryNetwork();
  const digest = registrarOpts.digest ? new DigestServer({ realm: 'sb', clock, nonceTtlMs: 30_000 }) : undefined;
  const registrar = new Registrar({ clock, digest, ha1: passwordHa1('sb', () => 'pw'), minExpires: 60, maxExpires: 3600 });
  const server = new SipEndpoint({ clock, registrar });
  const phone = new SipEndpoint({ clock, user: 'alice' });
  server.addTransport(net.create('127.0.0.1', 5060));
  phone.addTransport(net.create('127.0.0.1', 5070));
  const reg = async (headers: Record<string, string | string[]>, auth = false): Promise<SipResponse> => {
    const p = phone.request({
      method: 'REGISTER',
      uri: 'sip:127.0.0.1:5060',
      to: 'sip:alice@sb',
      from: 'sip:alice@sb',
      callId: 'reg-1',
      cseq: ++seq,
      headers,
      auth: auth ? { username: 'alice', password: 'pw' } : undefined,
    });
    for (let i = 0; i < 10; i++) await tick();
    return p;
  };
  let seq = 0;
  return { clock, registrar, reg, server, phone };
}

test('registrar: bind, query, refresh, expire through the clock, 423, wildcard removal', async () => {
  const { clock, registrar, reg } = rig();
  const events: string[] = [];
  registrar.on('registered', () => events.push('registered'));
  registrar.on('expired', () => events.push('expired'));
  registrar.on('unregistered', () => events.push('unregistered'));
  assert.equal((await reg({ expires: '120', contact: '<sip:alice@10.0.0.5:5070>' })).status, 200);
  assert.equal(registrar.lookup('sip:alice@sb').length, 1);
  const query = await reg({ contact: [] }); // no Contact: a query (10.2.3)
  assert.match(query.headers.get('contact')!, /<sip:alice@10\.0\.0\.5:5070>;expires=120/);
  const brief = await reg({ expires: '10', contact: '<sip:alice@10.0.0.5:5070>' });
  assert.equal(brief.status, 423);
  assert.equal(brief.headers.get('min-expires'), '60');
  clock.advance(119_000);
  assert.equal(registrar.size, 1);
  clock.advance(1_000);
  assert.equal(registrar.size, 0);
  assert.equal((await reg({ contact: '<sip:alice@10.0.0.5:5070>;expires=7200' })).headers.get('contact')!.endsWith('expires=3600'), true);
  assert.equal((await reg({ contact: '*' })).status, 400);
  assert.equal((await reg({ contact: '*', expires: '0' })).status, 200);
  assert.equal(registrar.size, 0);
  assert.deepEqual(events, ['registered', 'expired', 'registered', 'unregistered']);
  registrar.clear();
});

test('registrar with digest: 401 challenge, then 200 with credentials, stale nonce gets stale=true', async () => {
  const { registrar, reg, clock } = rig({ digest: true });
  const challenged = await reg({ contact: '<sip:alice@10.0.0.5>' });
  assert.equal(challenged.status, 401);
  assert.equal(challenged.headers.getAll('www-authenticate').length, 2);
  assert.equal((await reg({ contact: '<sip:alice@10.0.0.5>' }, true)).status, 200);
  assert.equal(registrar.size, 1);
  // A phone that reuses a nonce after it expired, with the right password, is told stale=true.
  const ch = pickChallenge(challenged.headers.getAll('www-authenticate'))!;
  clock.advance(31_000);
  const authorization = buildAuthorization(ch, { username: 'alice', password: 'pw' }, 'REGISTER', 'sip:127.0.0.1:5060', 7);
  const stale = await reg({ contact: '<sip:alice@10.0.0.5>', authorization });
  assert.equal(stale.status, 401);
  assert.match(stale.headers.getAll('www-authenticate')[0]!, /stale=true/);
  const wrongPw = buildAuthorization(parseChallenge(stale.headers.getAll('www-authenticate')[0]!)!, { username: 'alice', password: 'bad' }, 'REGISTER', 'sip:127.0.0.1:5060');
  const denied = await reg({ contact: '<sip:alice@10.0.0.5>', authorization: wrongPw });
  assert.equal(denied.status, 401);
  assert.doesNotMatch(denied.headers.getAll('www-authenticate')[0]!, /stale=true/);
  registrar.clear();
});
