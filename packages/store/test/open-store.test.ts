import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { FakeClock } from '@switchboard/shared';
import { SQLITE_FILE_NAME, StoreError, openStore } from '../src/index';
import { demoConfig } from './helpers/fixtures';

test('SQLite: the data folder is created on first start, with WAL and foreign keys on', async () => {
  const root = mkdtempSync(join(tmpdir(), 'sb-persist-'));
  const dataDir = join(root, 'nested', 'data');
  try {
    const store = await openStore({ dataDir });
    assert.ok(existsSync(join(dataDir, SQLITE_FILE_NAME)));
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
    assert.equal(mode.rows[0]?.journal_mode, 'wal');
    const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(store.db);
    assert.equal(fk.rows[0]?.foreign_keys, 1);
    await store.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('SQLite: synchronous is NORMAL by default (WAL) and FULL when asked', async () => {
  const root = mkdtempSync(join(tmpdir(), 'sb-sync-'));
  try {
    for (const [opt, expected] of [
      [undefined, 1],
      ['normal', 1],
      ['full', 2],
    ] as const) {
      const store = await openStore({ dataDir: join(root, String(opt)), ...(opt ? { sqliteSync: opt } : {}) });
      const r = await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db);
      assert.equal(r.rows[0]?.synchronous, expected, `sqliteSync=${opt}`);
      await store.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('SQLite: everything survives close and reopen', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-persist-'));
  const clock = new FakeClock();
  try {
    let store = await openStore({ dataDir, clock });
    await store.workspace.applyWorkspace(await demoConfig());
    await store.voice.saveVoiceDefaults('carol', { method: 'call-in', number: null, persistent: true });
    await store.audit.appendAudit({ at: clock.now(), agentId: 'carol', sessionId: 's1', kind: 'presence', from: 'paused', to: 'available', detail: { by: 'agent' } });
    await store.tokens.createToken({ tokenHash: 'abc', userId: 'carol', role: 'agent', expiresAt: clock.now() + 1000 });
    await store.close();

    store = await openStore({ dataDir, clock });
    try {
      assert.equal((await store.workspace.getSettings())?.name, 'Demo Contact Centre');
      assert.equal((await store.agents.listAgents()).length, 4);
      assert.deepEqual(await store.voice.getVoiceDefaults('carol'), { method: 'call-in', number: null, persistent: true });
      const [row] = await store.audit.listAudit('carol', 5);
      assert.deepEqual(row?.detail, { by: 'agent' });
      assert.equal(row?.at, clock.now());
      assert.equal((await store.tokens.findToken('abc'))?.userId, 'carol');
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('SQLite: a data folder that cannot be created is a clear StoreError', async () => {
  const root = mkdtempSync(join(tmpdir(), 'sb-persist-'));
  try {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    await assert.rejects(openStore({ dataDir: join(file, 'data') }), (err: unknown) => err instanceof StoreError && /cannot create the data folder/.test(err.message));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('PostgreSQL: an unreachable server and a bad schema name are clear StoreErrors', async () => {
  await assert.rejects(
    openStore({ databaseUrl: 'postgres://postgres@127.0.0.1:1/test' }),
    (err: unknown) => err instanceof StoreError && /cannot reach PostgreSQL/.test(err.message),
  );
  await assert.rejects(
    openStore({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/test', pgSchema: 'x; drop' }),
    (err: unknown) => err instanceof StoreError && /invalid PostgreSQL schema/.test(err.message),
  );
});

test('SQLite: several stores opening one fresh folder at once all succeed', async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'sb-persist-')), 'data');
  try {
    const stores = await Promise.all([1, 2, 3].map(() => openStore({ dataDir })));
    for (const s of stores) assert.deepEqual(s.migrations, stores[0]!.migrations);
    await stores[0]!.workspace.applyWorkspace(await demoConfig());
    assert.equal((await stores[2]!.agents.listAgents()).length, 4, 'all see one database');
    await Promise.all(stores.map((s) => s.close()));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
