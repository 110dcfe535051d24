import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import { AuthThrottle, DigestServer, buildAuthorization, digestHa1, parseChallenge, type AuthBlock, type Ha1Lookup } from '../src/index';

test('HA1 is H(user:realm:password) per algorithm (RFC 2617 3.2.2.2, RFC 7616 3.4.2), and the server verifies from HA1 alone', () => {
  // RFC 2617 3.5's example user: HA1 = MD5("Mufasa:testrealm@host.com:Circle Of Life").
  assert.equal(digestHa1('MD5', 'Mufasa', 'testrealm@host.com', 'Circle Of Life'), '939e7578ed9e3c518a452acee763bce9');
  // RFC 7616 3.9.1's SHA-256 example: same user, realm http-auth@example.org.
  assert.equal(digestHa1('SHA-256', 'Mufasa', 'http-auth@example.org', 'Circle of Life'), '7987c64c30e25f1b74be53f966b49b90f2808aa92faf9a00262392d7b4794232');
  const clock = new FakeClock(1_000_000);
  const server = new DigestServer({ realm: 'sb', clock, algorithms: ['SHA-256', 'MD5'] });
  const stored = { MD5: digestHa1('MD5', 'alice', 'sb', 'pw'), 'SHA-256': digestHa1('SHA-256', 'alice', 'sb', 'pw') };
  const asked: string[] = [];
  const ha1: Ha1Lookup = (u, a) => (asked.push(`${u}/${a}`), u === 'alice' ? stored[a] : undefined);
  for (const i of [0, 1]) {
    const ch = parseChallenge(server.challenge(false, '192.0.2.1')[i]!)!;
    assert.deepEqual(server.verify('REGISTER', buildAuthorization(ch, { username: 'alice', password: 'pw' }, 'REGISTER', 'sip:sb'), ha1, '192.0.2.1'), {
      ok: true,
      username: 'alice',
    });
    assert.equal(
      (server.verify('REGISTER', buildAuthorization(ch, { username: 'alice', password: 'nope' }, 'REGISTER', 'sip:sb', 2), ha1, '192.0.2.1') as { reason: string }).reason,
      'bad-response',
    );
  }
  assert.deepEqual(asked.slice(0, 3), ['alice/SHA-256', 'alice/SHA-256', 'alice/MD5'], 'the HA1 of the algorithm the answer used');
  // A row without the algorithm's HA1 (or a corrupt one) is no user, never a crash.
  const ch = parseChallenge(server.challenge(false, '192.0.2.1')[0]!)!;
  assert.equal(
    (server.verify('REGISTER', buildAuthorization(ch, { username: 'alice', password: 'pw' }, 'REGISTER', 'sip:sb', 3), () => 'not hex!', '192.0.2.1') as { reason: string }).reason,
    'unknown-user',
  );
});

test('throttle: N failures within the window block the address for the block time, then it is free again', () => {
  const clock = new FakeClock(0);
  const t = new AuthThrottle({ clock, maxFailures: 3, windowMs: 10_000, blockMs: 60_000 });
  const blocks: AuthBlock[] = [];
  t.on('blocked', (b) => blocks.push(b));
  t.failure('192.0.2.7', 'alice');
  clock.advance(11_000); // the first failure leaves the window
  t.failure('192.0.2.7', 'alice');
  t.failure('192.0.2.7', 'bob');
  assert.equal(t.isBlocked('192.0.2.7'), false, 'two failures in the window: not yet');
  t.failure('192.0.2.7', 'alice');
  assert.equal(t.isBlocked('192.0.2.7'), true);
  assert.equal(t.isBlocked('192.0.2.8'), false, 'another address is not affected');
  assert.deepEqual(blocks, [{ address: '192.0.2.7', failures: 3, users: ['alice', 'bob'], at: 11_000, until: 71_000 }]);
  assert.equal(t.blockedUntil('192.0.2.7'), 71_000);
  t.failure('192.0.2.7', 'carol'); // while blocked nothing more is counted nor emitted
  assert.equal(blocks.length, 1);
  clock.advance(59_999);
  assert.equal(t.isBlocked('192.0.2.7'), true);
  clock.advance(1);
  assert.equal(t.isBlocked('192.0.2.7'), false, 'the block ends on the clock');
  t.failure('192.0.2.7');
  assert.equal(t.isBlocked('192.0.2.7'), false, 'the failures before the block were forgotten with it');
  assert.deepEqual(t.counts(), { refused: 2, blocks: 1, blocked: 0 });
});

test('throttle: memory is bounded, and a flood of new addresses does not evict a block', () => {
  const clock = new FakeClock(0);
  const t = new AuthThrottle({ clock, maxFailures: 2, windowMs: 10_000, blockMs: 10_000, maxTracked: 100 });
  t.failure('192.0.2.66');
  t.failure('192.0.2.66');
  assert.equal(t.isBlocked('192.0.2.66'), true);
  for (let i = 0; i < 1000; i++) t.failure(`10.0.${i >> 8}.${i & 255}`);
  const inside = t as unknown as { tracks: Map<string, unknown>; blocked: Map<string, unknown> };
  assert.ok(inside.tracks.size <= 100);
  assert.equal(t.isBlocked('192.0.2.66'), true, 'still blocked');
  for (let i = 0; i < 1000; i++) for (const _ of [1, 2]) t.failure(`10.1.${i >> 8}.${i & 255}`);
  assert.equal(t.counts().blocks, 1001);
  assert.ok(inside.blocked.size <= 100, 'blocks are capped too (the oldest go first)');
});

test('DigestServer with a throttle: wrong answers count, a missing or stale one does not, and a blocked address is refused before any check', () => {
  const clock = new FakeClock(1_000_000);
  const throttle = new AuthThrottle({ clock, maxFailures: 5, windowMs: 60_000, blockMs: 30_000 });
  const server = new DigestServer({ realm: 'sb', clock, nonceTtlMs: 10_000, throttle });
  const ha1: Ha1Lookup = (u, a) => (u === 'alice' ? digestHa1(a, u, 'sb', 'pw') : undefined);
  const from = '198.51.100.9';
  const answer = (password: string, nc: number, user = 'alice') =>
    buildAuthorization(parseChallenge(server.challenge(false, from)[0]!)!, { username: user, password }, 'REGISTER', 'sip:sb', nc);
  // Every phone's first REGISTER has no credentials: never counted.
  for (let i = 0; i < 20; i++) assert.equal((server.verify('REGISTER', undefined, ha1, from) as { reason: string }).reason, 'missing');
  // A right password on an expired nonce (stale) is not a guess either.
  const old = answer('pw', 1);
  clock.advance(11_000);
  for (let i = 0; i < 10; i++) assert.equal((server.verify('REGISTER', old, ha1, from) as { stale: boolean }).stale, true);
  assert.equal(throttle.isBlocked(from), false);
  for (let i = 0; i < 4; i++) server.verify('REGISTER', answer('guess', 1), ha1, from);
  server.verify('REGISTER', answer('x', 1, 'mallory'), ha1, from); // unknown users count too
  assert.deepEqual(server.verify('REGISTER', answer('pw', 1), ha1, from), { ok: false, stale: false, reason: 'blocked' }, 'the right password is refused while blocked');
  assert.deepEqual(server.verify('REGISTER', undefined, ha1, from), { ok: false, stale: false, reason: 'blocked' });
  assert.ok(
    server.verify(
      'REGISTER',
      buildAuthorization(parseChallenge(server.challenge(false, '198.51.100.10')[0]!)!, { username: 'alice', password: 'pw' }, 'REGISTER', 'sip:sb'),
      ha1,
      '198.51.100.10',
    ).ok,
  );
  clock.advance(30_000);
  assert.deepEqual(server.verify('REGISTER', answer('pw', 1), ha1, from), { ok: true, username: 'alice' }, 'accepted once the block is over');
});
