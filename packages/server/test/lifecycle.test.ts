import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Ownership } from '@switchboard/sdk';
import { ENGINE_NOT_RUNNING } from '../src/index';
import { auth, command, errorOf, listen, login, makeApp, removeDir, sdkClient, until } from './helpers';

test('one owner per agent: a second tab is told open-elsewhere and can take over', async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const base = await listen(app);
  const a = sdkClient(base, { clientId: 'tab-aaaaaaaa' });
  const b = sdkClient(base, { clientId: 'tab-bbbbbbbb' });
  t.after(() => {
    a.disconnect();
    b.disconnect();
  });
  const aOwn: Ownership[] = [];
  const bOwn: Ownership[] = [];
  a.onOwnership((o) => aOwn.push(o));
  b.onOwnership((o) => bOwn.push(o));
  await a.login('alice', 'demo1234');
  a.connect();
  await until(() => a.connectionStatus === 'open', 'a open');
  assert.deepEqual(a.ownership, { owner: true, reason: 'owner' });
  await a.command({ type: 'skip-voice' });
  const sessionId = a.state?.sessionId;

  // Logging in again elsewhere reuses the session (state kept), and that tab is not the owner.
  await b.login('alice', 'demo1234');
  b.connect();
  await until(() => b.connectionStatus === 'open', 'b open');
  assert.deepEqual(b.ownership, { owner: false, reason: 'open-elsewhere' });
  assert.equal(b.state?.sessionId, sessionId);
  assert.equal(b.state?.voice.prompt, false);

  await assert.rejects(b.command({ type: 'pause', reasonId: 'break' }), (e: { code: string; status: number }) => e.code === 'NOT_SESSION_OWNER' && e.status === 409);
  // A command with no client id is refused too while an owner tab is connected.
  assert.equal(errorOf(await command(app, b.token!, { type: 'pause', reasonId: 'break' })).code, 'NOT_SESSION_OWNER');
  await a.command({ type: 'pause', reasonId: 'break' });

  assert.equal(b.takeOver(), true);
  await until(() => aOwn.some((o) => o.reason === 'taken-over'), 'a told taken-over');
  await until(() => b.ownership?.owner === true, 'b owner');
  assert.deepEqual(a.ownership, { owner: false, reason: 'taken-over' });
  await b.command({ type: 'set-available' });
  await assert.rejects(a.command({ type: 'pause', reasonId: 'lunch' }), (e: { code: string }) => e.code === 'NOT_SESSION_OWNER');

  // When the owner tab goes away, any client may act (e.g. a REST script).
  b.disconnect();
  await until(() => [...app.switchboard.hub.connections()].every((c) => c.clientId !== 'tab-bbbbbbbb'), 'b detached');
  assert.equal((await command(app, a.token!, { type: 'pause', reasonId: 'lunch' })).statusCode, 200);
});

test('voice: call-in shows number, agent ID and a one-time PIN; call-me and web fail clearly', async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const token = await login(app, 'alice', 'demo1234');
  const res = await command(app, token, { type: 'connect-voice', method: 'call-in', persistent: true });
  assert.equal(res.statusCode, 200, res.body);
  const state = (res.json() as { state: { voice: { status: string; callIn: { dialNumber: string; agentNumber: string; pin: string } | null } } }).state;
  assert.equal(state.voice.status, 'connecting');
  assert.equal(state.voice.callIn?.dialNumber, '+61290000000');
  assert.equal(state.voice.callIn?.agentNumber, '1001');
  assert.match(state.voice.callIn?.pin ?? '', /^\d{4,6}$/);
  const sessionId = (await app.inject({ method: 'GET', url: '/api/v1/agent/state', headers: auth(token) })).json() as { sessionId: string };
  assert.equal(await app.switchboard.voice.verifyPin(sessionId.sessionId, state.voice.callIn!.pin), true);
  assert.equal(await app.switchboard.voice.verifyPin(sessionId.sessionId, '99999999'), false);

  await command(app, token, { type: 'disconnect-voice' });
  const me = await command(app, token, { type: 'connect-voice', method: 'call-me', number: '+61412345678' });
  const meState = (me.json() as { state: { voice: { status: string; failure: string | null }; dot: string } }).state;
  assert.equal(meState.voice.status, 'failed');
  assert.match(meState.voice.failure ?? '', new RegExp(ENGINE_NOT_RUNNING));
  assert.equal(meState.dot, 'red');
});

test('a restart keeps saved voice defaults and the audit (SQLite on the same dir)', async (t) => {
  const first = await makeApp();
  t.after(() => removeDir(first.dir));
  const token = await login(first.app, 'alice', 'demo1234');
  const saved = await command(first.app, token, { type: 'connect-voice', method: 'call-in', persistent: false, saveAsDefault: true });
  assert.equal(saved.statusCode, 200, saved.body);
  await command(first.app, token, { type: 'skip-voice' });
  await command(first.app, token, { type: 'pause', reasonId: 'training' });
  await first.app.switchboard.hub.flush();
  const auditBefore = await first.app.switchboard.store.audit.countAudit('alice');
  assert.ok(auditBefore >= 3);
  await first.close();

  const second = await makeApp({ dir: first.dir });
  t.after(() => second.close());
  const t2 = await login(second.app, 'alice', 'demo1234');
  const view = (await second.app.inject({ method: 'GET', url: '/api/v1/agent/state', headers: auth(t2) })).json() as {
    defaults: { method: string; persistent: boolean } | null;
  };
  assert.deepEqual(view.defaults, { method: 'call-in', number: null, persistent: false });
  const sam = await login(second.app, 'sam', 'demo1234');
  const audit = (await second.app.inject({ method: 'GET', url: '/api/v1/agents/alice/audit?limit=1000', headers: auth(sam) })).json() as {
    rows: Array<{ kind: string; to: string | null }>;
  };
  assert.ok(audit.rows.length > auditBefore, 'old rows kept, new session added rows');
  assert.ok(
    audit.rows.some((r) => r.kind === 'presence' && r.to?.includes('training')),
    JSON.stringify(audit.rows.slice(0, 5)),
  );
});

test('metrics list agents by state; health and readiness answer', async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  assert.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
  const alice = await login(app, 'alice', 'demo1234');
  const bob = await login(app, 'bob', 'demo1234');
  await command(app, alice, { type: 'skip-voice' });
  await command(app, alice, { type: 'set-available' });
  await command(app, bob, { type: 'skip-voice' });
  await command(app, bob, { type: 'pause', reasonId: 'break' });
  await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'carol', password: 'wrong' } });
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /text\/plain/);
  const text = res.body;
  assert.match(text, /^switchboard_agents\{presence="available",activity="no-voice"\} 1$/m);
  assert.match(text, /^switchboard_agents\{presence="paused",activity="no-voice"\} 1$/m);
  assert.match(text, /^switchboard_login_failures_total 1$/m);
  assert.match(text, /^switchboard_http_requests_total\{method="POST",route="\/api\/v1\/agent\/commands",status="200"\} 4$/m);
  assert.match(text, /^switchboard_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/agent\/commands"\} 4$/m);
  assert.match(text, /^switchboard_ws_connections 0$/m);
});

test('graceful shutdown: sockets close with 1001, the port and the store close', async (t) => {
  const { app, dir } = await makeApp();
  t.after(() => removeDir(dir));
  const base = await listen(app);
  const c = sdkClient(base);
  const closes: Array<number | undefined> = [];
  c.onConnection((s, d) => {
    if (s === 'reconnecting') closes.push(d?.code);
  });
  await c.login('alice', 'demo1234');
  c.connect();
  await until(() => c.connectionStatus === 'open', 'open');
  const metrics = await fetch(base + '/metrics').then((r) => r.text());
  assert.match(metrics, /^switchboard_ws_connections 1$/m);
  await app.switchboard.shutdown();
  await until(() => closes.length > 0, 'the client saw the close');
  c.disconnect();
  assert.equal(app.switchboard.shuttingDown, true);
  assert.deepEqual(closes.slice(0, 1), [1001]);
  await assert.rejects(app.switchboard.store.ping(), /closed/);
  await assert.rejects(fetch(base + '/healthz'));
});

test('readiness fails (503 NOT_READY) when the store cannot be reached', async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  await app.switchboard.store.close();
  const res = await app.inject({ method: 'GET', url: '/readyz' });
  assert.deepEqual([errorOf(res).status, errorOf(res).code], [503, 'NOT_READY']);
  assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'the process is still up');
});

test('graceful shutdown lets an in-flight request finish', async (t) => {
  const { app, dir } = await makeApp();
  t.after(() => removeDir(dir));
  // A deliberately slow route, added for this test only.
  app.get('/test/slow', async () => {
    await new Promise((r) => setTimeout(r, 400));
    return {
      ok: true,
      storeOpen: await app.switchboard.store.ping().then(
        () => true,
        () => false,
      ),
    };
  });
  const base = await listen(app);
  const pending = fetch(base + '/test/slow');
  await new Promise((r) => setTimeout(r, 100));
  const shutdown = app.switchboard.shutdown();
  const res = await pending;
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { ok: true, storeOpen: true });
  await shutdown;
  await assert.rejects(app.switchboard.store.ping(), /closed/);
});
