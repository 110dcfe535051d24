import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, type Store } from '../src/index';
import { PG_URL, dropSchema, requirePostgres, uniqueSchema } from './helpers/postgres';

/** The audit of configuration changes (issue 20.6, migration 0009) on SQLite and PostgreSQL. */

async function exercise(store: Store): Promise<void> {
  const base = { userId: 'admin', role: 'admin', versionBefore: 'v1', versionAfter: 'v2' };
  await store.configChanges.append({
    ...base,
    at: 1000,
    section: 'pauseReasons',
    itemId: 'lunch',
    action: 'update',
    detail: { before: { name: 'Lunch' }, after: { name: 'Long lunch' } },
  });
  await store.configChanges.append({ ...base, at: 2000, userId: 'sam', role: 'supervisor', section: 'workspace', itemId: null, action: 'import', detail: null });
  const rows = await store.configChanges.list(10);
  assert.deepEqual(
    rows.map((r) => [r.at, r.userId, r.role, r.section, r.itemId, r.action, r.versionBefore, r.versionAfter, r.detail]),
    [
      [2000, 'sam', 'supervisor', 'workspace', null, 'import', 'v1', 'v2', null],
      [1000, 'admin', 'admin', 'pauseReasons', 'lunch', 'update', 'v1', 'v2', { before: { name: 'Lunch' }, after: { name: 'Long lunch' } }],
    ],
  );
  assert.equal((await store.configChanges.list(1)).length, 1);
}

test('config changes on SQLite: appended and listed newest first', async () => {
  const store = await openStore({ dataDir: ':memory:' });
  try {
    await exercise(store);
  } finally {
    await store.close();
  }
});

test('config changes on PostgreSQL: appended and listed newest first', async () => {
  await requirePostgres();
  const pgSchema = uniqueSchema();
  const store = await openStore({ databaseUrl: PG_URL, pgSchema });
  try {
    await exercise(store);
  } finally {
    await store.close();
    await dropSchema(pgSchema);
  }
});
