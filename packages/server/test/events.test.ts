import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentEvent } from '@switchboard/protocol';
import { FakeClock } from '@switchboard/shared';
import { auth, command, errorOf, listen, login, makeApp, rawSocket, removeDir, sdkClient, until } from './helpers';

test('WebSocket: bad messages get {type:error} and the socket stays usable', async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const base = await listen(app);
  const token = await login(app, 'alice', 'demo1234');
  const s = await rawSocket(base);
  s.ws.send('this is not json');
  await until(() => s.messages.length === 1, 'error for non-JSON');
  assert.deepEqual([s.messages[0]?.type, s.messages[0]?.code], ['error', 'MALFORMED_JSON']);
  s.ws.send(JSON.stringify({ type: 'dance' }));
  await until(() => s.messages.length === 2, 'error for an invalid message');
  assert.deepEqual([s.messages[1]?.type, s.messages[1]?.code], ['error', 'VALIDATION_FAILED']);
  s.ws.send(JSON.stringify({ type: 'take-over' }));
  await until(() => s.messages.length === 3, 'error for take-over before hello');
  assert.equal(s.messages[2]?.code, 'UNAUTHENTICATED');
  // Still usable: hello works, then a snapshot arrives, and ping answers pong.
  s.ws.send(JSON.stringify({ type: 'hello', token, clientId: 'tab-raw-0001' }));
  await until(() => s.messages.some((m) => m.type === 'snapshot'), 'snapshot');
  s.ws.send('{"type":"ping"}');
  await until(() => s.messages.some((m) => m.type === 'pong'), 'pong');
  s.ws.send('{broken');
  await until(() => s.messages.filter((m) => m.code === 'MALFORMED_JSON').length === 2, 'second error');
  s.ws.send(JSON.stringify({ type: 'hello', token, clientId: 'tab-raw-0001' }));
  await until(() => s.messages.some((m) => m.type === 'error' && String(m.message).includes('Already')), 'second hello refused');
  s.ws.close();
});

test('WebSocket: a bad token closes with 4401; no hello in time closes with 4408', async (t) => {
  const clock = new FakeClock(Date.now());
  const { app, dir, close } = await makeApp({ clock, helloTimeoutMs: 3000 });
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const base = await listen(app);
  const bad = await rawSocket(base);
  bad.ws.send(JSON.stringify({ type: 'hello', token: 'forged-token-forged-token', clientId: 'tab-raw-0002' }));
  assert.equal(await bad.closed, 4401);
  assert.equal(bad.messages[0]?.code, 'TOKEN_INVALID');

  const silent = await rawSocket(base);
  clock.advance(3001);
  assert.equal(await silent.closed, 4408);
  assert.equal(silent.messages[0]?.code, 'UNAUTHENTICATED');

  // An open stream is closed (4401, TOKEN_EXPIRED) when its token expires.
  const alice = await login(app, 'alice', 'demo1234');
  const live = await rawSocket(base);
  live.ws.send(JSON.stringify({ type: 'hello', token: alice, clientId: 'tab-raw-0004' }));
  await until(() => live.messages.some((m) => m.type === 'snapshot'), 'snapshot');
  clock.advance(12 * 3600_000);
  assert.equal(await live.closed, 4401);
  assert.equal(live.messages.at(-1)?.code, 'TOKEN_EXPIRED');

  // A supervisor token is refused: the stream is for agents.
  const sam = await login(app, 'sam', 'demo1234');
  const sup = await rawSocket(base);
  sup.ws.send(JSON.stringify({ type: 'hello', token: sam, clientId: 'tab-raw-0003' }));
  assert.equal(await sup.closed, 4403);
});

test('snapshot and resync after a dropped connection; events in order after it', async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const base = await listen(app);
  const c = sdkClient(base, { minDelayMs: 1000 });
  t.after(() => c.disconnect());
  await c.login('alice', 'demo1234');
  const statuses: string[] = [];
  c.onConnection((s) => statuses.push(s));
  c.connect();
  await until(() => c.connectionStatus === 'open' && c.state !== null, 'first snapshot');
  await c.command({ type: 'skip-voice' });
  await until(() => c.state?.voice.prompt === false, 'skip-voice event');

  const other = await login(app, 'alice', 'demo1234'); // logging in again reuses the session
  // Drop the socket from the server side, then change state over REST while it is down.
  for (const conn of app.switchboard.hub.connections()) conn.close(4000, 'test drop');
  await until(() => c.connectionStatus === 'reconnecting', 'reconnecting');
  const res = await command(app, other, { type: 'pause', reasonId: 'lunch' });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(c.connectionStatus, 'reconnecting', 'the change happened while the client was away');
  const seqAfterPause = (res.json() as { seq: number }).seq;

  const events: AgentEvent[] = [];
  c.onEvent((e) => events.push(e));
  const snapshots: number[] = [];
  c.onState((_s, seq) => snapshots.push(seq));
  await until(() => c.connectionStatus === 'open', 'reconnected');
  assert.ok(c.state?.presence.kind === 'paused' && c.state.presence.reason.id === 'lunch', 'the snapshot reflects the change');
  assert.equal(c.lastSeq, seqAfterPause);
  assert.deepEqual(statuses.slice(0, 2), ['connecting', 'open']);
  assert.ok(statuses.includes('reconnecting'));

  await c.command({ type: 'pause', reasonId: 'break' });
  await c.command({ type: 'set-available' });
  await until(() => c.state?.presence.kind === 'available', 'later events');
  const seqs = events.map((e) => e.seq);
  assert.ok(seqs.length >= 2);
  seqs.forEach((s, i) => assert.equal(s, seqAfterPause + 1 + i, `events in order: ${seqs.join(',')}`));
});

test('a retried command is applied once: one audit row, second answer applied:false', async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const token = await login(app, 'alice', 'demo1234');
  await command(app, token, { type: 'skip-voice' });
  const hub = app.switchboard.hub;
  await hub.flush();
  const before = await app.switchboard.store.audit.countAudit('alice');
  const first = await command(app, token, { type: 'pause', reasonId: 'break' }, { requestId: 'req-retry-0001' });
  await hub.flush();
  const afterFirst = await app.switchboard.store.audit.countAudit('alice');
  const second = await command(app, token, { type: 'pause', reasonId: 'break' }, { requestId: 'req-retry-0001' });
  await hub.flush();
  const afterSecond = await app.switchboard.store.audit.countAudit('alice');
  assert.equal(first.statusCode, 200);
  assert.equal(second.statusCode, 200);
  const a = first.json() as { applied: boolean; seq: number };
  const b = second.json() as { applied: boolean; seq: number };
  assert.equal(a.applied, true);
  assert.equal(b.applied, false);
  assert.equal(b.seq, a.seq);
  assert.equal(afterFirst - before, 1, 'one presence change, one audit row');
  assert.equal(afterSecond, afterFirst, 'the retry wrote nothing');
  // The same id for a different command is a client bug.
  const mismatch = await command(app, token, { type: 'set-available' }, { requestId: 'req-retry-0001' });
  assert.deepEqual([errorOf(mismatch).status, errorOf(mismatch).code], [422, 'DUPLICATE_REQUEST_MISMATCH']);
});

test('an agent sees and acts only on its own session', async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const base = await listen(app);
  const alice = await login(app, 'alice', 'demo1234');
  const bob = await login(app, 'bob', 'demo1234');
  await command(app, alice, { type: 'skip-voice' });
  await command(app, alice, { type: 'pause', reasonId: 'meeting' });
  const bobState = (await app.inject({ method: 'GET', url: '/api/v1/agent/state', headers: auth(bob) })).json() as {
    agent: { username: string };
    presence: { kind: string; reason?: { id: string } };
  };
  assert.equal(bobState.agent.username, 'bob');
  assert.notEqual(bobState.presence.reason?.id, 'meeting');
  assert.equal(errorOf(await app.inject({ method: 'GET', url: '/api/v1/agents/alice/audit', headers: auth(bob) })).code, 'FORBIDDEN');
  // Bob's event stream carries Bob only, and Alice's changes do not reach it.
  const c = sdkClient(base);
  t.after(() => c.disconnect());
  await c.login('bob', 'demo1234');
  const names: string[] = [];
  c.onEvent((e) => names.push(e.state?.agent.username ?? 'ended'));
  c.connect();
  await until(() => c.state !== null, 'bob snapshot');
  assert.equal(c.state?.agent.username, 'bob');
  await command(app, alice, { type: 'set-available' });
  await c.command({ type: 'skip-voice' });
  await until(() => names.length > 0, 'bob event');
  assert.ok(names.every((n) => n === 'bob'));
});

test("sdk against the server: wrong passwords, then slowed down with Retry-After; the sdk's device id, known after a login, is not slowed", async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const base = await listen(app);
  const mine = sdkClient(base, { deviceId: 'carol-desk-0123456789' });
  await mine.login('carol', 'demo1234');
  const c = sdkClient(base);
  for (let i = 0; i < 6; i++) {
    await assert.rejects(c.login('carol', 'wrong'), (e: { isInvalidCredentials: boolean }) => e.isInvalidCredentials);
  }
  await assert.rejects(c.login('carol', 'demo1234'), (e: { isLockedOut: boolean; retryAfterSeconds: number; message: string }) => {
    assert.equal(e.isLockedOut, true);
    assert.ok(e.retryAfterSeconds > 0);
    assert.match(e.message, /Too many failed logins/);
    return true;
  });
  await mine.login('carol', 'demo1234');
});
