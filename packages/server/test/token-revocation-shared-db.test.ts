import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { auth, command, listen, login, makeApp, rawSocket, removeDir, until, type TestApp } from './helpers';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function pgQuery(sqlText: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
  } catch (err) {
    throw new Error(`PostgreSQL is required at ${PG_URL} for this test: ${(err as Error).message}`);
  }
  try {
    await c.query(sqlText);
  } finally {
    await c.end().catch(() => {});
  }
}

const state = (app: FastifyInstance, token: string) => app.inject({ method: 'GET', url: '/api/v1/agent/state', headers: auth(token) });

/** Polls server B until the token is refused; returns how long that took. */
async function msUntilRefused(app: FastifyInstance, token: string, limitMs: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const res = await state(app, token);
    if (res.statusCode === 401) {
      assert.equal((res.json() as { error: { code: string } }).error.code, 'TOKEN_INVALID');
      return Date.now() - t0;
    }
    assert.equal(res.statusCode, 200, res.body);
    if (Date.now() - t0 > limitMs) assert.fail(`server B still accepts the token ${limitMs} ms after the sign-out on server A`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('two servers on one PostgreSQL schema: a sign-out on A is honoured by B within the token cache time', async (t) => {
  await pgQuery('select 1');
  const schema = `sbtok_${process.pid}_${randomBytes(4).toString('hex')}`;
  const apps: TestApp[] = [];
  t.after(async () => {
    for (const a of apps) {
      await a.close();
      removeDir(a.dir);
    }
    await pgQuery(`drop schema if exists "${schema}" cascade`);
  });
  const a = await makeApp({ config: { databaseUrl: PG_URL, tokenCacheMs: 1000 }, pgSchema: schema });
  apps.push(a);
  const b = await makeApp({ config: { databaseUrl: PG_URL, tokenCacheMs: 1000 }, pgSchema: schema });
  apps.push(b);

  // Logout: alice's token, used (and so cached) on B, revoked on A.
  const alice = await login(a.app, 'alice', 'demo1234');
  assert.equal((await state(b.app, alice)).statusCode, 200, 'B accepts a token A issued');
  assert.equal((await a.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: auth(alice) })).statusCode, 200);
  const afterLogout = await msUntilRefused(b.app, alice, 5000);
  assert.ok(afterLogout <= 1500, `refused on B ${afterLogout} ms after the logout (cache 1 s)`);

  // Sign-out command on A revokes every token of the agent; B follows.
  const again = await login(a.app, 'alice', 'demo1234');
  assert.equal((await state(b.app, again)).statusCode, 200);
  const out = await command(a.app, again, { type: 'sign-out' });
  assert.equal(out.statusCode, 200, out.body);
  await msUntilRefused(b.app, again, 5000);
});

test('TOKEN_CACHE_SECONDS=0: every request asks the store, so B refuses at once', async (t) => {
  await pgQuery('select 1');
  const schema = `sbtok0_${process.pid}_${randomBytes(4).toString('hex')}`;
  const apps: TestApp[] = [];
  t.after(async () => {
    for (const a of apps) {
      await a.close();
      removeDir(a.dir);
    }
    await pgQuery(`drop schema if exists "${schema}" cascade`);
  });
  const a = await makeApp({ config: { databaseUrl: PG_URL }, pgSchema: schema });
  apps.push(a);
  const b = await makeApp({ config: { databaseUrl: PG_URL, tokenCacheMs: 0 }, pgSchema: schema });
  apps.push(b);
  const sam = await login(a.app, 'sam', 'demo1234');
  assert.equal((await b.app.inject({ method: 'GET', url: '/api/v1/agents', headers: auth(sam) })).statusCode, 200);
  assert.equal((await a.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: auth(sam) })).statusCode, 200);
  const res = await b.app.inject({ method: 'GET', url: '/api/v1/agents', headers: auth(sam) });
  assert.equal(res.statusCode, 401, res.body);
});

test('the default token cache is a few seconds', async () => {
  const { loadConfig } = await import('../src/config');
  assert.equal(loadConfig({}).tokenCacheMs, 2000);
  assert.equal(loadConfig({ TOKEN_CACHE_SECONDS: '0' }).tokenCacheMs, 0);
});

test('two servers on one PostgreSQL schema: B closes an event socket with 4401 once A revoked its token', async (t) => {
  await pgQuery('select 1');
  const schema = `sbtokws_${process.pid}_${randomBytes(4).toString('hex')}`;
  const apps: TestApp[] = [];
  t.after(async () => {
    for (const a of apps) {
      await a.close();
      removeDir(a.dir);
    }
    await pgQuery(`drop schema if exists "${schema}" cascade`);
  });
  const a = await makeApp({ config: { databaseUrl: PG_URL, tokenCacheMs: 500 }, pgSchema: schema });
  apps.push(a);
  const b = await makeApp({ config: { databaseUrl: PG_URL, tokenCacheMs: 500 }, pgSchema: schema, tokenRecheckMs: 500 });
  apps.push(b);
  const base = await listen(b.app);
  const alice = await login(a.app, 'alice', 'demo1234');
  const { ws, messages, closed } = await rawSocket(base);
  ws.send(JSON.stringify({ type: 'hello', token: alice, clientId: 'tab-shared-0001' }));
  await until(() => messages.some((m) => m.type === 'snapshot'), 'the snapshot on B');
  await new Promise((r) => setTimeout(r, 1200));
  assert.equal(ws.readyState, ws.OPEN, 'a valid token keeps its socket across rechecks');

  assert.equal((await a.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: auth(alice) })).statusCode, 200);
  const t0 = Date.now();
  const code = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(-1), 5000))]);
  assert.equal(code, 4401, 'closed as unauthenticated');
  assert.ok(Date.now() - t0 < 2500, `within the recheck and cache times (${Date.now() - t0} ms)`);
  assert.ok(
    messages.some((m) => m.type === 'error' && m.code === 'TOKEN_INVALID'),
    JSON.stringify(messages.slice(-2)),
  );
});
