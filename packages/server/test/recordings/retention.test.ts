import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FakeClock } from '@switchboard/shared';
import type { RecordingAccessRow, RetentionRun } from '@switchboard/protocol';
import { loadConfig } from '../../src/index';
import { auth, demoWorkspaceCopy, errorOf, login, makeApp, removeDir } from '../helpers';
import { seedCalls, withRecordingsSection } from './seed';

/** The recordings retention job (issue 20.5) on the injected clock: what it deletes, what it keeps, what it logs. */

const DAY = 86_400_000;

async function setup(t: import('node:test').TestContext, yamlExtra: string, envDays?: number) {
  const clock = new FakeClock(Date.UTC(2026, 11, 1, 12, 0, 0));
  const copy = demoWorkspaceCopy();
  writeFileSync(copy.file, withRecordingsSection(copy.demo, yamlExtra));
  const recDir = join(copy.dir, 'recordings');
  const h = await makeApp({
    clock,
    config: { workspaceFile: copy.file, engine: { ...loadConfig({}).engine, enabled: false, recordingsDir: recDir }, ...(envDays ? { recordingsRetentionDays: envDays } : {}) },
  });
  t.after(async () => {
    await h.close();
    removeDir(h.dir);
    removeDir(copy.dir);
  });
  const now = clock.now();
  await seedCalls(h.app.switchboard.store, recDir, [
    { id: 'int_40days', agentId: 'alice', createdAt: now - 40 * DAY },
    { id: 'int_31days', agentId: 'bob', createdAt: now - 31 * DAY },
    { id: 'int_29days', agentId: 'alice', createdAt: now - 29 * DAY },
    { id: 'int_today', agentId: 'alice', createdAt: now - 3600_000 },
  ]);
  const admin = await login(h.app, 'admin', 'admin1234');
  return { app: h.app, clock, recDir, admin, now };
}

/** Waits until the access log holds `n` retention deletions. */
async function deletions(app: import('fastify').FastifyInstance, n: number): Promise<void> {
  const end = Date.now() + 15_000;
  for (;;) {
    const rows = await app.switchboard.store.recordings.listAccess({ limit: 100 });
    if (rows.filter((r) => r.action === 'deleted').length >= n) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${n} deletions in the access log`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const wav = (dir: string, id: string) => existsSync(join(dir, `${id}.wav`));
const markers = (dir: string, id: string) => existsSync(join(dir, `${id}.markers.json`));

test('retention: the hourly job deletes recordings older than recordings.retentionDays, logs each, and leaves the rest', async (t) => {
  const { app, clock, recDir, admin, now } = await setup(t, 'recordings:\n  retentionDays: 30\n');
  assert.ok(wav(recDir, 'int_40days'));
  // The job's first run is a minute after start, on the injected clock.
  clock.advance(60_000);
  // Done when both deletions are in the access log (each is written after its files are gone).
  await deletions(app, 2);
  for (const id of ['int_40days', 'int_31days']) {
    assert.equal(wav(recDir, id), false, `${id}.wav deleted`);
    assert.equal(markers(recDir, id), false, `${id}.markers.json deleted`);
  }
  for (const id of ['int_29days', 'int_today']) assert.ok(wav(recDir, id) && markers(recDir, id), `${id} kept`);

  const log = await app.inject({ method: 'GET', url: '/api/v1/admin/recordings/access-log', headers: auth(admin) });
  const deleted = (log.json() as { rows: RecordingAccessRow[] }).rows.filter((r) => r.action === 'deleted');
  assert.deepEqual(deleted.map((r) => r.interactionId).sort(), ['int_31days', 'int_40days']);
  assert.equal(deleted[0]!.userId, 'system');
  assert.equal(deleted[0]!.detail?.retentionDays, 30);
  assert.equal(deleted[0]!.at, new Date(now + 60_000).toISOString());

  // Gone from searches; opening one says so (410).
  const range = `from=${new Date(now - 60 * DAY).toISOString()}&to=${new Date(now + DAY).toISOString()}`;
  const found = await app.inject({ method: 'GET', url: `/api/v1/recordings?${range}`, headers: auth(admin) });
  assert.deepEqual(
    (found.json() as { recordings: Array<{ interactionId: string }> }).recordings.map((r) => r.interactionId),
    ['int_today', 'int_29days'],
  );
  const gone = errorOf(await app.inject({ method: 'GET', url: '/api/v1/recordings/int_40days', headers: auth(admin) }));
  assert.deepEqual([gone.status, gone.code], [410, 'RECORDING_GONE']);

  // Two days on, the next hourly runs take the 29-day-old one too (and nothing twice).
  // (each run schedules the next when it is done, so time moves an hour at a time, each step waiting
  // until the run it fired has finished and set its next timer)
  for (let h = 0; h < 48; h++) {
    const pending = clock.pending;
    clock.advance(3600_000);
    const step = Date.now() + 5000;
    while (clock.pending < pending && Date.now() < step) await new Promise((r) => setTimeout(r, 5));
  }
  await deletions(app, 3);
  // and that run is over (it set its next timer), so the one asked for below is a new one.
  const idle = Date.now() + 15_000;
  while (clock.pending < 1 && Date.now() < idle) await new Promise((r) => setTimeout(r, 5));
  assert.equal(wav(recDir, 'int_29days'), false);
  assert.ok(wav(recDir, 'int_today'));
  // (a new login: the first token expired in those two days)
  const again = await login(app, 'admin', 'admin1234');
  const run = (await app.inject({ method: 'POST', url: '/api/v1/admin/recordings/retention', headers: auth(again) })).json() as RetentionRun;
  assert.deepEqual(run.deleted, [], 'nothing left to delete');
});

test('retention: RECORDINGS_RETENTION_DAYS applies when the file sets none; without either nothing is deleted', async (t) => {
  const { app, recDir, admin } = await setup(t, '', 35);
  const run = (await app.inject({ method: 'POST', url: '/api/v1/admin/recordings/retention', headers: auth(admin) })).json() as RetentionRun;
  assert.equal(run.retentionDays, 35);
  assert.deepEqual(run.deleted, ['int_40days']);
  assert.equal(wav(recDir, 'int_40days'), false);
  assert.ok(wav(recDir, 'int_31days'));
});

test('retention: off by default (keeps everything)', async (t) => {
  const { app, recDir, admin } = await setup(t, '');
  const run = (await app.inject({ method: 'POST', url: '/api/v1/admin/recordings/retention', headers: auth(admin) })).json() as RetentionRun;
  assert.deepEqual(run, { retentionDays: null, cutoff: null, deleted: [] });
  assert.ok(wav(recDir, 'int_40days'));
});
