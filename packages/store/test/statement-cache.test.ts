import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { cachingSqlite } from '../src/db/statement-cache';

test('the statement cache hands back the statement prepared for the same SQL', () => {
  const raw = new BetterSqlite3(':memory:');
  const db = cachingSqlite(raw);
  const a = db.prepare('select 1 as x');
  assert.equal(db.prepare('select 1 as x'), a);
  assert.notEqual(db.prepare('select 2 as x'), a);
  db.close();
});

test('a schema change is never cached and empties the cache', () => {
  const raw = new BetterSqlite3(':memory:');
  const db = cachingSqlite(raw);
  const ddl = 'create table t (a integer)';
  const s1 = db.prepare(ddl);
  s1.run([]);
  const sel = db.prepare('select * from t');
  assert.equal(db.prepare('select * from t'), sel);
  const alter = 'alter table t add column b integer';
  db.prepare(alter).run([]);
  assert.notEqual(db.prepare('select * from t'), sel, 'cache emptied by the DDL');
  const again = 'create table if not exists u (a integer)';
  assert.notEqual(db.prepare(again), db.prepare(again), 'DDL is prepared afresh each time');
  db.close();
});

test('a busy statement (an open iteration) is not handed out twice', () => {
  const raw = new BetterSqlite3(':memory:');
  const db = cachingSqlite(raw);
  raw.exec('create table t (a integer); insert into t values (1), (2)');
  const q = 'select a from t';
  const it = db.prepare(q).iterate([]);
  it.next();
  const other = db.prepare(q);
  assert.deepEqual(other.all([]), [{ a: 1 }, { a: 2 }]);
  assert.deepEqual(it.next().value, { a: 2 }, 'the open iteration was not disturbed');
  it.return?.();
  db.close();
});

test('the cache is bounded: past its size it starts over', () => {
  const raw = new BetterSqlite3(':memory:');
  const db = cachingSqlite(raw, 3);
  const first = db.prepare('select 0');
  for (let i = 1; i <= 3; i++) db.prepare(`select ${i}`);
  assert.notEqual(db.prepare('select 0'), first);
  db.close();
});

test('Kysely over the cache: repeated queries, a failed insert, and a column added mid-way', async () => {
  const raw = new BetterSqlite3(':memory:');
  const db = new Kysely<{ t: { id: number; name: string; extra?: string | null } }>({ dialect: new SqliteDialect({ database: cachingSqlite(raw) }) });
  await sql`create table t (id integer primary key, name text not null)`.execute(db);
  for (let i = 1; i <= 3; i++)
    await db
      .insertInto('t')
      .values({ id: i, name: `n${i}` })
      .execute();
  await assert.rejects(db.insertInto('t').values({ id: 1, name: 'dup' }).execute(), /UNIQUE/);
  const rows = await db.selectFrom('t').selectAll().where('id', '>', 1).execute();
  assert.deepEqual(rows, [
    { id: 2, name: 'n2' },
    { id: 3, name: 'n3' },
  ]);
  await sql`alter table t add column extra text`.execute(db);
  await db.updateTable('t').set({ extra: 'x' }).where('id', '=', 2).execute();
  const after = await db.selectFrom('t').selectAll().where('id', '>', 1).execute();
  assert.deepEqual(after, [
    { id: 2, name: 'n2', extra: 'x' },
    { id: 3, name: 'n3', extra: null },
  ]);
  await db.destroy();
});
