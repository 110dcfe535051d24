import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import type { CommandResponse } from '@switchboard/protocol';
import { IdempotencyCache } from '../src/sessions/idempotency-cache';
import { TabOwnership, type OwnedConnection } from '../src/ws/ownership';
import { LoginThrottle } from '../src/auth/login-throttle';
import { Metrics } from '../src/metrics';
import { mapError } from '../src/http/error-handler';

const resp = (requestId: string): CommandResponse => ({ requestId, applied: true, seq: 1, state: null });

test('idempotency cache: hit (after its commit), mismatch, eviction of the oldest, expiry', async () => {
  const c = new IdempotencyCache(2);
  const done = Promise.resolve();
  c.remember('a', 'f1', resp('a'), 1000, done);
  const hit = c.lookup('a', 'f1', 0);
  assert.ok(hit && 'hit' in hit);
  assert.deepEqual(hit.hit, { ...resp('a'), applied: false });
  assert.equal(hit.done, done);
  assert.deepEqual(c.lookup('a', 'f2', 0), { mismatch: true });
  assert.equal(c.lookup('a', 'f1', 1001), null, 'older than the window: expired');
  c.remember('b', 'f', resp('b'), 1000, done);
  c.remember('c', 'f', resp('c'), 1000, done);
  assert.equal(c.lookup('a', 'f1', 0), null);
  assert.ok(c.lookup('c', 'f', 0));
});

test('ownership: first owner, open-elsewhere, take-over, owner reconnects, owner leaves', () => {
  const log: string[] = [];
  const conn = (clientId: string, tag: string): OwnedConnection => ({ clientId, notifyOwnership: (o, r) => log.push(`${tag}:${o}:${r}`) });
  const o = new TabOwnership<OwnedConnection>();
  const a = conn('tab-a', 'a');
  const b = conn('tab-b', 'b');
  o.attach(a);
  o.attach(b);
  assert.deepEqual(log, ['a:true:owner', 'b:false:open-elsewhere']);
  assert.equal(o.mayCommand('tab-a'), true);
  assert.equal(o.mayCommand('tab-b'), false);
  assert.equal(o.mayCommand(undefined), false);
  o.takeOver(b);
  assert.deepEqual(log.slice(2).sort(), ['a:false:taken-over', 'b:true:owner']);
  assert.equal(o.mayCommand('tab-a'), false);
  // The owner's socket drops and comes back: it is still the owner.
  o.detach(b);
  assert.equal(o.mayCommand(undefined), true, 'no owner socket open: anyone may act');
  const b2 = conn('tab-b', 'b2');
  o.attach(b2);
  assert.equal(log.at(-1), 'b2:true:owner');
  o.detach(b2);
  o.detach(a);
  const c = conn('tab-c', 'c');
  o.attach(c);
  assert.equal(log.at(-1), 'c:true:owner', 'nobody connected: the next tab owns it');
});

test('ownership after a server restart: a tab on standby (taken over earlier) reconnecting first does not take the session; the last tab that took over stays the owner', () => {
  const log: string[] = [];
  const conn = (clientId: string, tag: string, standby = false): OwnedConnection => ({ clientId, standby, notifyOwnership: (o, r) => log.push(`${tag}:${o}:${r}`) });
  // A fresh server: nobody owns the session yet.
  const o = new TabOwnership<OwnedConnection>();
  const old = conn('tab-old', 'old', true);
  o.attach(old);
  assert.deepEqual(log, ['old:false:open-elsewhere'], 'the standby tab is not made the owner');
  assert.equal(o.owner, null);
  const inUse = conn('tab-new', 'new');
  o.attach(inUse);
  assert.equal(log.at(-1), 'new:true:owner');
  assert.equal(o.mayCommand('tab-old'), false);
  assert.equal(o.mayCommand('tab-new'), true);
  // Only an explicit take-over moves it.
  o.takeOver(old);
  assert.deepEqual(log.slice(-2).sort(), ['new:false:taken-over', 'old:true:owner']);
});

test('login throttle: slows down (1, 2, 4 s ... capped) per username+address, per username from unknown places and per address for unknown users; a known device or address escapes the wide counters; counters age out; 0 turns one off', () => {
  const clock = new FakeClock();
  const t = new LoginThrottle({ windowMs: 60_000, perUsernameAddress: 2, perUsername: 3, perAddress: 4, maxDelayMs: 5000 }, clock);
  const bobHere = { username: 'Bob', address: '1.1.1.1' };
  assert.deepEqual(t.recordFailure(bobHere), []);
  assert.deepEqual(t.recordFailure(bobHere), []);
  assert.equal(t.check(bobHere), null, 'free failures cost nothing');
  assert.deepEqual(t.recordFailure({ username: 'bob', address: '1.1.1.1' }), [{ scope: 'username-address', seconds: 1 }], 'usernames are case-insensitive');
  assert.deepEqual(t.check(bobHere), { scope: 'username-address', seconds: 1 });
  clock.advance(1000);
  assert.equal(t.check(bobHere), null, 'a wait, never a lockout');
  t.recordFailure(bobHere);
  assert.deepEqual(t.check(bobHere), { scope: 'username-address', seconds: 2 }, 'the wait doubles');
  for (let i = 0; i < 5; i++) t.recordFailure(bobHere);
  assert.deepEqual(t.check(bobHere), { scope: 'username-address', seconds: 5 }, 'capped at maxDelayMs');
  // Bob from another address: his own username+address counter is clean, but the username counter
  // (failures from places bob never logged in from: 9 so far) slows him down too.
  assert.equal(t.check({ username: 'bob', address: '2.2.2.2' })?.scope, 'username');
  // Bob logs in at his desk with his device id: it becomes known there.
  clock.advance(60_000);
  assert.equal(t.check({ username: 'bob', address: '9.9.9.9', deviceId: 'dev-bob-0123456789' }), null, 'everything aged out');
  t.recordSuccess({ username: 'bob', address: '9.9.9.9', deviceId: 'dev-bob-0123456789' });
  // Someone guesses bob's password from everywhere, including bob's own (NAT) address.
  for (let i = 0; i < 20; i++) t.recordFailure({ username: 'bob', address: `10.0.0.${i}` });
  for (let i = 0; i < 6; i++) t.recordFailure({ username: 'bob', address: '9.9.9.9' });
  assert.equal(t.check({ username: 'bob', address: '10.0.0.77' })?.scope, 'username', 'strangers are slowed down');
  assert.ok(t.check({ username: 'bob', address: '9.9.9.9' }), "the guesser at bob's address is slowed down");
  assert.equal(t.check({ username: 'bob', address: '9.9.9.9', deviceId: 'dev-bob-0123456789' }), null, "bob's known device is not");
  assert.equal(t.check({ username: 'bob', address: '8.8.8.8', deviceId: 'dev-bob-0123456789' }), null, 'nor anywhere else');
  // Many usernames from one address (a NAT): unknown users there wait, users known there do not.
  clock.advance(60_000);
  t.recordSuccess({ username: 'carol', address: '5.5.5.5' });
  for (let i = 0; i < 10; i++) t.recordFailure({ username: `guess${i}`, address: '5.5.5.5' });
  assert.equal(t.check({ username: 'dave', address: '5.5.5.5' })?.scope, 'address');
  assert.equal(t.check({ username: 'carol', address: '5.5.5.5' }), null, 'carol logged in from here before');
  assert.ok(t.isKnown({ username: 'carol', address: '5.5.5.5' }));
  const off = new LoginThrottle({ windowMs: 60_000, perUsernameAddress: 2, perUsername: 3, perAddress: 0, maxDelayMs: 5000 }, clock);
  for (let i = 0; i < 10; i++) off.recordFailure({ username: `u${i}`, address: '3.3.3.3' });
  assert.equal(off.check({ username: 'v', address: '3.3.3.3' }), null);
});

test('metrics text: escaped labels, histogram buckets, counters', async () => {
  const m = new Metrics(() => [{ presence: 'paused', activity: 'idle', count: 2 }]);
  m.observeRequest('GET', '/a"b', 200, 0.003);
  m.observeRequest('GET', '/a"b', 200, 2);
  const text = await m.render();
  assert.match(text, /^switchboard_agents\{presence="paused",activity="idle"\} 2$/m);
  assert.match(text, /^switchboard_http_requests_total\{method="GET",route="\/a\\"b",status="200"\} 2$/m);
  assert.match(text, /^switchboard_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/a\\"b"\} 1$/m);
  assert.match(text, /^switchboard_http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/a\\"b"\} 2$/m);
});

test('unknown errors become 500 INTERNAL without leaking their message', () => {
  assert.deepEqual(mapError(new Error('db password is hunter2')), { status: 500, code: 'INTERNAL', message: 'Internal error' });
  assert.equal(mapError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: 'x' }).status, 413);
});
