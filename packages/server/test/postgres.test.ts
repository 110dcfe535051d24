import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { auth, command, login, makeApp, removeDir } from './helpers';

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

test('API smoke test on PostgreSQL (unique schema)', async (t) => {
  await pgQuery('select 1');
  const schema = `sbserver_${process.pid}_${randomBytes(4).toString('hex')}`;
  const { app, dir, close } = await makeApp({ config: { databaseUrl: PG_URL }, pgSchema: schema });
  t.after(async () => {
    await close();
    removeDir(dir);
    await pgQuery(`drop schema if exists "${schema}" cascade`);
  });
  assert.equal(app.switchboard.store.dialect, 'postgres');
  assert.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
  const token = await login(app, 'alice', 'demo1234');
  await command(app, token, { type: 'connect-voice', method: 'call-in', saveAsDefault: true });
  const res = await command(app, token, { type: 'skip-voice' });
  assert.equal(res.statusCode, 200, res.body);
  const paused = await command(app, token, { type: 'pause', reasonId: 'break' }, { requestId: 'req-pg-000001' });
  const again = await command(app, token, { type: 'pause', reasonId: 'break' }, { requestId: 'req-pg-000001' });
  assert.equal((paused.json() as { applied: boolean }).applied, true);
  assert.equal((again.json() as { applied: boolean }).applied, false);
  const sam = await login(app, 'sam', 'demo1234');
  const audit = (await app.inject({ method: 'GET', url: '/api/v1/agents/alice/audit', headers: auth(sam) })).json() as { rows: Array<{ kind: string }> };
  assert.ok(audit.rows.some((r) => r.kind === 'presence'));
  assert.deepEqual(await app.switchboard.store.voice.getVoiceDefaults('alice'), { method: 'call-in', number: null, persistent: true });
});
