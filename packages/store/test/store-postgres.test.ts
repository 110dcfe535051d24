import { describe, before } from 'node:test';
import { openStore } from '../src/index';
import { defineStoreSuite } from './helpers/store-suite';
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
