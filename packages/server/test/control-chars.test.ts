import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { auth, command, errorOf, login, makeApp, removeDir, type TestApp } from './helpers';

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

function assertRefused(res: { statusCode: number; json(): unknown }, field: string): void {
  const e = errorOf(res);
  assert.deepEqual([e.status, e.code], [400, 'VALIDATION_FAILED'], JSON.stringify(e));
  const fields = (e.details as { fields: Record<string, string> }).fields;
  assert.match(fields[field] ?? '', /control characters/, JSON.stringify(fields));
}

async function probe(app: FastifyInstance): Promise<void> {
  // The username with a NUL: PostgreSQL used to answer "invalid byte sequence" as a 500.
  const nulLogin = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: '{"username":"alice\\u0000","password":"demo1234"}',
    headers: { 'content-type': 'application/json' },
  });
  assertRefused(nulLogin, 'username');
  assertRefused(await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'alice', password: 'demo\u00001234' } }), 'password');

  const sam = await login(app, 'sam', 'demo1234');
  assertRefused(await app.inject({ method: 'GET', url: '/api/v1/agents/%00/audit', headers: auth(sam) }), 'agentId');
  assertRefused(await app.inject({ method: 'GET', url: '/api/v1/agents/al%1Bice/audit', headers: auth(sam) }), 'agentId');

  const alice = await login(app, 'alice', 'demo1234');
  // A call-me number with a NUL used to be accepted, then failed to save.
  assertRefused(await command(app, alice, { type: 'connect-voice', method: 'call-me', number: '+15551234\u0000', saveAsDefault: true }), 'command.number');
  assertRefused(await command(app, alice, { type: 'pause', reasonId: 'break\u0007' }), 'command.reasonId');

  // Nothing was half-saved, and the same requests without the byte still work.
  assert.equal((await app.inject({ method: 'GET', url: '/api/v1/agents/alice/audit', headers: auth(sam) })).statusCode, 200);
  const ok = await command(app, alice, { type: 'connect-voice', method: 'call-me', number: '+15551234567', saveAsDefault: true });
  assert.equal(ok.statusCode, 200, ok.body);
  await app.switchboard.hub.flush();
  assert.deepEqual(await app.switchboard.store.voice.getVoiceDefaults('alice'), { method: 'call-me', number: '+15551234567', persistent: true });
}

test('control characters are refused with 400 at the schema, on SQLite', async (t) => {
  const a: TestApp = await makeApp();
  t.after(async () => {
    await a.close();
    removeDir(a.dir);
  });
  await probe(a.app);
});

test('control characters are refused with 400 at the schema, on PostgreSQL', async (t) => {
  await pgQuery('select 1');
  const schema = `sbnul_${process.pid}_${randomBytes(4).toString('hex')}`;
  const a = await makeApp({ config: { databaseUrl: PG_URL }, pgSchema: schema });
  t.after(async () => {
    await a.close();
    removeDir(a.dir);
    await pgQuery(`drop schema if exists "${schema}" cascade`);
  });
  assert.equal(a.app.switchboard.store.dialect, 'postgres');
  await probe(a.app);
});
