import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Database } from './schema';
import { cachingSqlite } from './statement-cache';
import type { DialectName } from './migrations';
import { StoreError } from '../errors';
import type { Logger } from '@switchboard/shared';

export interface Connection {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The raw SQLite handle (SQLite only), for the migration lock. */
  sqlite?: BetterSqlite3.Database;
  /** Where the data lives, for logs: a file path or the URL without its password. */
  location: string;
}

export const SQLITE_FILE_NAME = 'switchboard.sqlite';
/** How long a write waits for another process's write lock. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * SQLite in a data folder (created on first start), WAL so readers do not
 * block the writer, foreign keys on (SQLite leaves them off by default).
 * `dataDir: ':memory:'` gives a throwaway in-memory database for tests.
 */
/**
 * SQLite durability. In WAL mode `normal` survives a process crash or restart
 * (a committed row is in the WAL) and only a power cut or OS crash can lose the
 * last commits; `full` fsyncs every commit, which blocks the event loop for the
 * disk's flush time (tens of ms on some disks) because better-sqlite3 is synchronous.
 */
export type SqliteSync = 'normal' | 'full';

export function connectSqlite(dataDir: string, sync: SqliteSync = 'normal'): Connection {
  let file: string;
  if (dataDir === ':memory:') {
    file = ':memory:';
  } else {
    const dir = resolve(dataDir);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw new StoreError(`cannot create the data folder ${dir}: ${(err as Error).message}`, { dataDir: dir });
    }
    file = join(dir, SQLITE_FILE_NAME);
  }
  let database: BetterSqlite3.Database;
  try {
    database = new BetterSqlite3(file);
    if (file !== ':memory:') database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    database.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
  } catch (err) {
    throw new StoreError(`cannot open SQLite database ${file}: ${(err as Error).message}`, { file });
  }
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingSqlite(database) }) }), dialect: 'sqlite', sqlite: database, location: file };
}

/** A schema name we are willing to splice into SQL (it also goes into search_path). */
const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * `create schema if not exists` still races when several instances start at
 * once (a unique violation on pg_namespace); losing that race is fine.
 */
async function createSchema(db: Kysely<Database>, schema: string): Promise<void> {
  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== '23505' && code !== '42P06') throw err;
  }
}

/**
 * PostgreSQL through a pg Pool. With `pgSchema`, every connection's
 * search_path points at that schema (created if missing), so tests and
 * several deployments can share one database.
 */
export async function connectPostgres(databaseUrl: string, pgSchema: string | undefined, logger: Logger): Promise<Connection> {
  if (pgSchema !== undefined && !SCHEMA_RE.test(pgSchema)) {
    throw new StoreError(`invalid PostgreSQL schema name "${pgSchema}" (lower-case letters, digits, _)`);
  }
  let location = databaseUrl;
  try {
    const u = new URL(databaseUrl);
    if (u.password) u.password = '***';
    location = u.toString();
  } catch {
    // Not a URL (e.g. a key=value string): leave it, pg will complain below.
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    // Never hang a start-up (or a readiness probe) on an unreachable host.
    connectionTimeoutMillis: 10_000,
    // Shows in pg_stat_activity, so an operator can tell deployments (schemas) apart.
    application_name: pgSchema ? `switchboard/${pgSchema}` : 'switchboard',
    ...(pgSchema ? { options: `-c search_path=${pgSchema}` } : {}),
  });
  // An idle client losing its connection emits 'error' on the pool; unhandled, it would kill the process.
  pool.on('error', (err) => logger.warn({ err: err.message, location }, 'PostgreSQL idle connection error'));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (pgSchema) await createSchema(db, pgSchema);
    else await sql`select 1`.execute(db);
  } catch (err) {
    await db.destroy().catch(() => {});
    throw new StoreError(`cannot reach PostgreSQL at ${location}: ${(err as Error).message}`, { location });
  }
  return { db, dialect: 'postgres', location };
}
