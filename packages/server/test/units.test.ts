import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import type { CommandResponse } from '@switchboard/protocol';
import { IdempotencyCache } from '../src/sessions/idempotency-cache';
import { Ownership, type OwnedConnection } from '../src/ws/ownership';
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
  const o = new Ownership<OwnedConnection>();
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

test('login throttle: sliding window per username and per address; 0 turns a limit off', () => {
  const clock = new FakeClock();
  const t = new LoginThrottle({ windowMs: 60_000, perUsername: 2, perAddress: 3 }, clock);
  t.recordFailure('Bob', '1.1.1.1');
  clock.advance(10_000);
  t.recordFailure('bob', '1.1.1.2');
  assert.equal(t.retryAfter('BOB', '9.9.9.9'), 50, 'usernames are case-insensitive; free when the first failure ages out');
  clock.advance(50_000);
  assert.equal(t.retryAfter('bob', '9.9.9.9'), 0);
  t.recordFailure('x', '2.2.2.2');
  t.recordFailure('y', '2.2.2.2');
  t.recordFailure('z', '2.2.2.2');
  assert.ok(t.retryAfter('w', '2.2.2.2') > 0);
  assert.equal(t.limitedBy('w', '2.2.2.2'), 'address');
  const off = new LoginThrottle({ windowMs: 60_000, perUsername: 2, perAddress: 0 }, clock);
  for (let i = 0; i < 10; i++) off.recordFailure(`u${i}`, '3.3.3.3');
  assert.equal(off.retryAfter('v', '3.3.3.3'), 0);
});

test('metrics text: escaped labels, histogram buckets, counters', () => {
  const m = new Metrics(() => [{ presence: 'paused', activity: 'idle', count: 2 }]);
  m.observeRequest('GET', '/a"b', 200, 0.003);
  m.observeRequest('GET', '/a"b', 200, 2);
  const text = m.render();
  assert.match(text, /^switchboard_agents\{presence="paused",activity="idle"\} 2$/m);
  assert.match(text, /^switchboard_http_requests_total\{method="GET",route="\/a\\"b",status="200"\} 2$/m);
  assert.match(text, /^switchboard_http_request_duration_seconds_bucket\{method="GET",route="\/a\\"b",le="0.005"\} 1$/m);
  assert.match(text, /^switchboard_http_request_duration_seconds_bucket\{method="GET",route="\/a\\"b",le="\+Inf"\} 2$/m);
});

test('unknown errors become 500 INTERNAL without leaking their message', () => {
  assert.deepEqual(mapError(new Error('db password is hunter2')), { status: 500, code: 'INTERNAL', message: 'Internal error' });
  assert.equal(mapError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: 'x' }).status, 413);
});
