import { setTimeout as sleep } from 'node:timers/promises';
import { Migrator, sql, type Kysely } from 'kysely';
import { silentLogger, systemClock, type Clock, type Logger } from '@switchboard/shared';
import { SQLITE_BUSY_TIMEOUT_MS, connectPostgres, connectSqlite, type Connection, type SqliteSync } from './db/connect';
import { InCodeMigrationProvider, type DialectName } from './db/migrations';
import type { Database } from './db/schema';
import { StoreError } from './errors';
import { AgentsRepo } from './repos/agents-repo';
import { AuditRepo } from './repos/audit-repo';
import { CallRecordsRepo } from './repos/call-records-repo';
import { CallbacksRepo } from './repos/callbacks-repo';
import { RecordingsRepo } from './repos/recordings-repo';
import { ReportsRepo } from './repos/reports-repo';
import { AssistRepo } from './repos/assist-repo';
import { ConfigChangesRepo } from './repos/config-changes-repo';
import { CommandResultsRepo } from './repos/command-results-repo';
import { PhoneCredentialsRepo } from './repos/phone-credentials-repo';
import { TokenRepo } from './repos/token-repo';
import { VoiceDefaultsRepo } from './repos/voice-defaults-repo';
import { WorkspaceRepo } from './repos/workspace-repo';

export interface OpenStoreOptions {
  /** postgres://… selects PostgreSQL; without it, SQLite in `dataDir`. */
  databaseUrl?: string;
  /** SQLite durability: 'normal' (default; survives process crashes and restarts) or 'full' (also power cuts). */
  sqliteSync?: SqliteSync;
  /** SQLite data folder, created if missing (default ./data). ':memory:' for a throwaway database. */
  dataDir?: string;
  logger?: Logger;
  /** PostgreSQL schema to use (created if missing); default: the server's search_path. */
  pgSchema?: string;
  /** Stamps updated_at and token creation times. */
  clock?: Clock;
}

export interface Store {
  readonly dialect: DialectName;
  /** File path or URL (password masked), for logs. */
  readonly location: string;
  /** Names of the migrations applied, oldest first. */
  readonly migrations: readonly string[];
  readonly workspace: WorkspaceRepo;
  readonly agents: AgentsRepo;
  readonly voice: VoiceDefaultsRepo;
  readonly audit: AuditRepo;
  readonly tokens: TokenRepo;
  /** Call records: core's CallRecordStore, plus listings for supervisors. */
  readonly calls: CallRecordsRepo;
  /** Callback requests left in the IVR (core's CallbackStore). */
  readonly callbacks: CallbacksRepo;
  /** Recordings found through their call records, and who played or downloaded them. */
  readonly recordings: RecordingsRepo;
  /** What the reports read (call records page by page, agents' logged-in time). */
  readonly reports: ReportsRepo;
  /** Answers to agents' commands by requestId (idempotency), written with their audit rows. */
  readonly commands: CommandResultsRepo;
  /** Agents' phone credentials (SIP digest HA1s per realm). */
  readonly phoneCredentials: PhoneCredentialsRepo;
  /** Agents' assistance requests to supervisors (manual 17). */
  readonly assist: AssistRepo;
  /** Configuration edits made through the API: who, when, what (issue 20.6). */
  readonly configChanges: ConfigChangesRepo;
  /** Resolves when the database answers a trivial query; throws StoreError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The query builder, for the few things the repositories do not cover yet. */
  readonly db: Kysely<Database>;
}

/**
 * Kysely takes no migration lock on SQLite (it assumes one connection), so two
 * processes starting on a fresh folder would both create the tables. An
 * IMMEDIATE transaction around the migrator is the lock, and also makes the
 * migrations atomic. Retried asynchronously so that waiting never blocks the
 * event loop (better-sqlite3's busy handler would).
 */
async function withSqliteWriteLock<T>(database: NonNullable<Connection['sqlite']>, fn: () => Promise<T>): Promise<T> {
  // Counted attempts, not a clock: this must work under a FakeClock too (about 30 s in all).
  let attempts = 1500;
  database.pragma('busy_timeout = 0');
  try {
    for (;;) {
      try {
        database.exec('BEGIN IMMEDIATE');
        break;
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_BUSY' || --attempts <= 0) {
          throw new StoreError(`cannot lock the SQLite database for migration: ${(err as Error).message}`);
        }
        await sleep(20);
      }
    }
  } finally {
    database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  }
  try {
    const result = await fn();
    database.exec('COMMIT');
    return result;
  } catch (err) {
    if (database.inTransaction) database.exec('ROLLBACK');
    throw err;
  }
}

/**
 * Kysely looks for its migration tables by name in every schema unless told
 * which one, so a fresh schema in a database where another schema (another
 * deployment, a concurrent test) already has them would skip creating its own
 * and fail. Pin them to the schema this connection actually uses.
 */
async function migrationSchema(conn: Connection): Promise<string | undefined> {
  if (conn.dialect !== 'postgres') return undefined;
  const r = await sql<{ s: string | null }>`select current_schema() as s`.execute(conn.db);
  return r.rows[0]?.s ?? undefined;
}

async function migrate(conn: Connection, logger: Logger): Promise<string[]> {
  const migrationTableSchema = await migrationSchema(conn);
  const migrator = new Migrator({ db: conn.db, provider: new InCodeMigrationProvider(conn.dialect), migrationTableSchema });
  const run = async (): Promise<string[]> => {
    const { error, results } = await migrator.migrateToLatest();
    for (const r of results ?? []) {
      if (r.status === 'Success') logger.info({ migration: r.migrationName }, 'migration applied');
      else if (r.status === 'Error') logger.error({ migration: r.migrationName }, 'migration failed');
    }
    if (error) {
      throw new StoreError(`database migration failed: ${error instanceof Error ? error.message : String(error)}`, {
        failed: results?.find((r) => r.status === 'Error')?.migrationName,
      });
    }
    const all = await migrator.getMigrations();
    return all.filter((m) => m.executedAt !== undefined).map((m) => m.name);
  };
  return conn.sqlite ? withSqliteWriteLock(conn.sqlite, run) : run();
}

/**
 * Opens (and migrates) the store: PostgreSQL when a databaseUrl is given,
 * otherwise SQLite in the data folder.
 */
export async function openStore(opts: OpenStoreOptions = {}): Promise<Store> {
  const logger = opts.logger ?? silentLogger;
  const clock = opts.clock ?? systemClock;
  const conn = opts.databaseUrl ? await connectPostgres(opts.databaseUrl, opts.pgSchema, logger) : connectSqlite(opts.dataDir ?? 'data', opts.sqliteSync);
  let applied: string[];
  try {
    applied = await migrate(conn, logger);
  } catch (err) {
    await conn.db.destroy().catch(() => {});
    throw err;
  }
  logger.info({ dialect: conn.dialect, location: conn.location, migrations: applied.length }, 'store open');

  let closed = false;
  const { db } = conn;
  return {
    dialect: conn.dialect,
    location: conn.location,
    migrations: applied,
    db,
    workspace: new WorkspaceRepo(db, clock),
    agents: new AgentsRepo(db),
    voice: new VoiceDefaultsRepo(db, clock),
    audit: new AuditRepo(db),
    tokens: new TokenRepo(db, clock),
    calls: new CallRecordsRepo(db),
    callbacks: new CallbacksRepo(db),
    recordings: new RecordingsRepo(db),
    reports: new ReportsRepo(db),
    commands: new CommandResultsRepo(db),
    phoneCredentials: new PhoneCredentialsRepo(db),
    assist: new AssistRepo(db),
    configChanges: new ConfigChangesRepo(db),
    async ping() {
      if (closed) throw new StoreError('the store is closed');
      try {
        await sql`select 1`.execute(db);
      } catch (err) {
        throw new StoreError(`database unreachable: ${(err as Error).message}`);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
