import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct SQL texts kept prepared; past it the cache starts over (an `in (...)` list of every length is its own text). */
export const STATEMENT_CACHE_SIZE = 500;

/** Statements that change the schema: never cached, and they empty the cache. */
const DDL = /^\s*(create|alter|drop)\b/i;

/**
 * What Kysely's SQLite driver sees of the database: `prepare` returns a statement prepared
 * earlier for the same SQL text. Kysely prepares every query afresh and better-sqlite3 has no
 * cache of its own; SQLite's parse and plan cost more than the run of a small statement, and all
 * of it is synchronous on the event loop. The driver holds its single connection while a query
 * runs, so a cached statement is never in use twice; a busy one (a stream still open) is
 * bypassed. SQLite re-prepares a statement itself when the schema changes under it.
 */
export function cachingSqlite(database: BetterSqlite3.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      const hit = cache.get(sql);
      if (hit && !hit.busy) return hit;
      if (DDL.test(sql)) {
        cache.clear();
        return database.prepare(sql);
      }
      const stmt = database.prepare(sql);
      if (!hit) {
        if (cache.size >= size) cache.clear();
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}
