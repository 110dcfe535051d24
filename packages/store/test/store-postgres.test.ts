import { describe, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openStore } from '../src/index';
import { defineStoreSuite } from './helpers/store-suite';
import { defineCallbacksSuite } from './helpers/callbacks-suite';
import { definePhoneCredentialsSuite } from './helpers/phone-credentials-suite';
import { defineAssistSuite } from './helpers/assist-suite';
import { defineCallRecordsSuite, fullRecord } from './helpers/call-records-suite';
import { PG_URL, dropSchema, requirePostgres, uniqueSchema } from './helpers/postgres';

describe('store on PostgreSQL', () => {
  before(requirePostgres);
  defineStoreSuite('postgres', async () => {
    // One schema per test, so concurrent runs (and tests) never share tables.
    const pgSchema = uniqueSchema();
    return {
      open: (clock) => openStore({ databaseUrl: PG_URL, pgSchema, clock }),
      reopen: (clock) => openStore({ databaseUrl: PG_URL, pgSchema, clock }),
      dispose: () => dropSchema(pgSchema),
    };
  });
});

describe('call records on PostgreSQL', () => {
  before(requirePostgres);
  defineCallRecordsSuite('postgres', async () => {
    const pgSchema = uniqueSchema();
    return {
      open: (clock) => openStore({ databaseUrl: PG_URL, pgSchema, clock }),
      reopen: (clock) => openStore({ databaseUrl: PG_URL, pgSchema, clock }),
      dispose: () => dropSchema(pgSchema),
    };
  });
});

describe('callbacks on PostgreSQL', () => {
  before(requirePostgres);
  defineCallbacksSuite('postgres', async () => {
    const pgSchema = uniqueSchema();
    return {
      open: (clock) => openStore({ databaseUrl: PG_URL, pgSchema, clock }),
      reopen: (clock) => openStore({ databaseUrl: PG_URL, pgSchema, clock }),
      dispose: () => dropSchema(pgSchema),
    };
  });
});

describe('phone credentials on PostgreSQL', () => {
  before(requirePostgres);
  definePhoneCredentialsSuite('postgres', async () => {
    const pgSchema = uniqueSchema();
    return {
      open: (clock) => openStore({ databaseUrl: PG_URL, pgSchema, clock }),
      reopen: (clock) => openStore({ databaseUrl: PG_URL, pgSchema, clock }),
      dispose: () => dropSchema(pgSchema),
    };
  });
});

describe('PostgreSQL connection loss', () => {
  before(requirePostgres);
  test('a dropped idle connection neither crashes the process nor breaks the store', async () => {
    const pgSchema = uniqueSchema();
    const store = await openStore({ databaseUrl: PG_URL, pgSchema });
    try {
      await store.ping();
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      const r = await admin.query('select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = $1', [`switchboard/${pgSchema}`]);
      await admin.end();
      assert.ok(r.rows.length >= 1, 'the store had a connection to terminate');
      await new Promise((res) => setTimeout(res, 200)); // let the pool see the error
      await store.ping(); // a fresh connection
      assert.equal(await store.workspace.hasWorkspace(), false);
    } finally {
      await store.close();
      await dropSchema(pgSchema);
    }
  });
});

describe('PostgreSQL concurrent start', () => {
  before(requirePostgres);
  test('several processes opening one fresh schema at once all succeed and migrate once', async () => {
    const pgSchema = uniqueSchema();
    try {
      const stores = await Promise.all([1, 2, 3, 4].map(() => openStore({ databaseUrl: PG_URL, pgSchema })));
      for (const s of stores) assert.equal(s.migrations.length, stores[0]!.migrations.length);
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      const r = await c.query(`select count(*)::int as n from "${pgSchema}".kysely_migration`);
      await c.end();
      assert.equal(r.rows[0].n, stores[0]!.migrations.length);
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await dropSchema(pgSchema);
    }
  });
});

describe('PostgreSQL schemas side by side', () => {
  before(requirePostgres);
  test('a fresh schema migrates while another schema of the database already has its migration tables', async () => {
    const a = uniqueSchema();
    const b = uniqueSchema();
    try {
      const first = await openStore({ databaseUrl: PG_URL, pgSchema: a });
      // Kysely would otherwise find a's kysely_migration_lock and never create b's.
      const second = await openStore({ databaseUrl: PG_URL, pgSchema: b });
      assert.deepEqual([...second.migrations], [...first.migrations]);
      await second.calls.save(fullRecord());
      assert.equal(await first.calls.get('int-1'), null);
      assert.equal((await second.calls.get('int-1'))?.version, 1);
      await Promise.all([first.close(), second.close()]);
    } finally {
      await dropSchema(a);
      await dropSchema(b);
    }
  });
});

describe('assistance requests on PostgreSQL', () => {
  before(requirePostgres);
  defineAssistSuite('postgres', async () => {
    const pgSchema = uniqueSchema();
    return {
      open: (clock) => openStore({ databaseUrl: PG_URL, pgSchema, clock }),
      reopen: (clock) => openStore({ databaseUrl: PG_URL, pgSchema, clock }),
      dispose: () => dropSchema(pgSchema),
    };
  });
});
