import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { loadConfig } from '../../src/index';
import { auth, login, makeApp, removeDir } from '../helpers';
import { seedCalls } from './seed';

/** The recordings queries on PostgreSQL: duration filter (BIGINT arithmetic), access log, retention marks, reports. */

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

test('recordings and reports on PostgreSQL (unique schema)', async (t) => {
  await pgQuery('select 1');
  const schema = `sbrec_${process.pid}_${randomBytes(4).toString('hex')}`;
  const recDir = mkdtempSync(join(tmpdir(), 'sb-rec-pg-'));
  const { app, dir, close } = await makeApp({ config: { databaseUrl: PG_URL, engine: { ...loadConfig({}).engine, enabled: false, recordingsDir: recDir } }, pgSchema: schema });
  t.after(async () => {
    await close();
    removeDir(dir);
    removeDir(recDir);
    await pgQuery(`drop schema if exists "${schema}" cascade`);
  });
  const t0 = Date.UTC(2026, 10, 2, 9, 0, 0);
  await seedCalls(app.switchboard.store, recDir, [
    { id: 'int_a', agentId: 'alice', createdAt: t0, talkSeconds: 4 },
    { id: 'int_b', agentId: 'bob', createdAt: t0 + 60_000, talkSeconds: 9 },
    { id: 'int_c', agentId: 'alice', createdAt: t0 + 120_000, talkSeconds: null },
  ]);
  const admin = await login(app, 'admin', 'admin1234');
  const range = `from=${new Date(t0 - 1000).toISOString()}&to=${new Date(t0 + 3600_000).toISOString()}`;
  const found = (await app.inject({ method: 'GET', url: `/api/v1/recordings?${range}&minDurationSeconds=5&number=%2B6149`, headers: auth(admin) })).json() as {
    recordings: Array<{ interactionId: string }>;
  };
  assert.deepEqual(
    found.recordings.map((r) => r.interactionId),
    ['int_b'],
  );
  const tk = (await app.inject({ method: 'POST', url: '/api/v1/recordings/int_a/tickets', headers: auth(admin), payload: { purpose: 'play' } })).json() as { url: string };
  assert.equal((await app.inject({ method: 'GET', url: tk.url, headers: { range: 'bytes=0-99' } })).statusCode, 206);
  const log = (await app.inject({ method: 'GET', url: '/api/v1/admin/recordings/access-log', headers: auth(admin) })).json() as { rows: Array<{ action: string; id: number }> };
  assert.deepEqual(
    log.rows.map((r) => [r.action, typeof r.id]),
    [['play', 'number']],
  );
  const csv = await app.inject({ method: 'GET', url: `/api/v1/reports/cdr?${range}`, headers: auth(admin) });
  assert.equal(csv.statusCode, 200);
  assert.equal(csv.body.trim().split('\r\n').length, 4, 'header and three calls');
  const iv = (await app.inject({ method: 'GET', url: `/api/v1/reports/intervals?${range}&by=queue`, headers: auth(admin) })).json() as {
    rows: Array<{ offered: number; answered: number; abandoned: number }>;
  };
  assert.deepEqual(
    iv.rows.map((r) => [r.offered, r.answered, r.abandoned]),
    [[3, 2, 1]],
  );
});
