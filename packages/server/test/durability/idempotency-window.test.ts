import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { FakeClock } from '@switchboard/shared';
import { loadConfig } from '../../src/index';
import { command, login, makeApp, removeDir, type TestApp } from '../helpers';
import { PG_URL, pgExec } from './server-process';

type Res = { applied: boolean; seq: number };

async function agentReady(app: TestApp['app']): Promise<string> {
  const token = await login(app, 'alice', 'demo1234');
  assert.equal((await command(app, token, { type: 'connect-voice', method: 'call-in', persistent: true })).statusCode, 200);
  assert.equal((await command(app, token, { type: 'skip-voice' })).statusCode, 200);
  return token;
}

/** 40 more commands after `first`: far past the 32 answers a session keeps in memory. */
async function manyMore(app: TestApp['app'], token: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    const res = await command(app, token, i % 2 === 0 ? { type: 'set-available' } : { type: 'pause', reasonId: 'break' });
    assert.equal(res.statusCode, 200, res.body);
  }
}

async function retriedAfterManyAndRestart(open: () => Promise<TestApp>): Promise<void> {
  const first = await open();
  const token = await agentReady(first.app);
  const R = `req-keep-${randomBytes(4).toString('hex')}`;
  const original = (await command(first.app, token, { type: 'pause', reasonId: 'lunch' }, { requestId: R })).json() as Res;
  assert.equal(original.applied, true);
  await manyMore(first.app, token);
  const retry = await command(first.app, token, { type: 'pause', reasonId: 'lunch' }, { requestId: R });
  assert.equal(retry.statusCode, 200, retry.body);
  assert.deepEqual([(retry.json() as Res).applied, (retry.json() as Res).seq], [false, original.seq], 'the 41st command back is still answered, not applied');
  const mismatch = await command(first.app, token, { type: 'set-available' }, { requestId: R });
  assert.equal((mismatch.json() as { error: { code: string } }).error.code, 'DUPLICATE_REQUEST_MISMATCH');
  await first.close();

  // A restart (a new session too): the request id is still known.
  const second = await open();
  try {
    const t2 = await agentReady(second.app);
    const again = await command(second.app, t2, { type: 'pause', reasonId: 'lunch' }, { requestId: R });
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual([(again.json() as Res).applied, (again.json() as Res).seq], [false, original.seq]);
  } finally {
    await second.close();
  }
}

test('SQLite: a request id is answered, not applied again, after 40 later commands and after a restart', async (t) => {
  let dir: string | undefined;
  t.after(() => dir && removeDir(dir));
  await retriedAfterManyAndRestart(async () => {
    const a = await makeApp(dir ? { dir } : {});
    dir = a.dir;
    return a;
  });
});

test('PostgreSQL: a request id is answered, not applied again, after 40 later commands and after a restart', async (t) => {
  const schema = `sbidem_${process.pid}_${randomBytes(3).toString('hex')}`;
  await pgExec('select 1');
  const dirs: string[] = [];
  t.after(async () => {
    for (const d of dirs) removeDir(d);
    await pgExec(`drop schema if exists "${schema}" cascade`);
  });
  await retriedAfterManyAndRestart(async () => {
    const a = await makeApp({ config: { databaseUrl: PG_URL }, pgSchema: schema });
    dirs.push(a.dir);
    return a;
  });
});

test('request ids expire after the window (REQUEST_ID_TTL_HOURS) and expired ones are deleted', async (t) => {
  assert.equal(loadConfig({}).requestIdTtlMs, 24 * 3_600_000);
  assert.equal(loadConfig({ REQUEST_ID_TTL_HOURS: '2' }).requestIdTtlMs, 2 * 3_600_000);
  assert.throws(() => loadConfig({ REQUEST_ID_TTL_HOURS: 'a day' }), /REQUEST_ID_TTL_HOURS/);
  const clock = new FakeClock(Date.parse('2026-01-05T09:00:00Z'));
  const { app, dir, close } = await makeApp({ clock, config: { requestIdTtlMs: 2 * 3_600_000 } });
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const store = app.switchboard.store;
  let token = await agentReady(app);
  const R = 'req-expiring-0001';
  assert.equal(((await command(app, token, { type: 'pause', reasonId: 'lunch' }, { requestId: R })).json() as Res).applied, true);
  clock.advance(3_600_000);
  assert.equal(((await command(app, token, { type: 'pause', reasonId: 'lunch' }, { requestId: R })).json() as Res).applied, false, 'within the window');
  assert.equal(((await command(app, token, { type: 'set-available' })).json() as Res).applied, true);
  clock.advance(2 * 3_600_000);
  token = await login(app, 'alice', 'demo1234');
  const late = (await command(app, token, { type: 'pause', reasonId: 'lunch' }, { requestId: R })).json() as Res;
  assert.equal(late.applied, true, 'past the window the id is new again');
  await app.switchboard.hub.flush();
  const old = await store.db
    .selectFrom('command_results')
    .select('request_id')
    .where('at', '<', clock.now() - 2 * 3_600_000)
    .execute();
  assert.deepEqual(old, [], 'expired request ids are deleted');
  clock.advance(3_600_000);
  const retry = (await command(app, token, { type: 'pause', reasonId: 'lunch' }, { requestId: R })).json() as Res;
  assert.deepEqual([retry.applied, retry.seq], [false, late.seq], 'the new answer is the one kept');
});
