import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { floorSnapshotSchema } from '@switchboard/protocol';
import { runSipp } from '@switchboard/testkit';
import { auth, demoWorkspaceCopy, login, makeApp, removeDir } from '../helpers';
import { engineConfig, until } from './helpers';

// Ports (41500-41599): engine SIP 41500 (sandbox 41510), RTP 41520-41559, sandbox RTP 41560-41579; sipp 41590, its RTP 41592.

const QUEUE_DNIS = '+61290000098';

/** The demo file plus a DNIS whose workflow only queues into care-queue (no IVR prompts to sit through). */
function withQueueLine(demo: string): string {
  return demo
    .replace(
      /^workflows:\n/m,
      'workflows:\n  - id: straight-to-care\n    name: Straight to care\n    start: q\n    objects:\n      - id: q\n        type: queue\n        queue: care-queue\n',
    )
    .replace(/^dnis:\n/m, `dnis:\n  - number: "${QUEUE_DNIS}"\n    workflow: straight-to-care\n`);
}

test('floor with the engine: a real caller waiting in care-queue shows on the supervisor’s floor (waiting, longest wait growing)', async (t) => {
  const { dir: wsDir, file, demo } = demoWorkspaceCopy();
  writeFileSync(file, withQueueLine(demo));
  const dir = mkdtempSync(join(tmpdir(), 'sb-calls-'));
  const engine = { ...engineConfig(41500, join(dir, 'recordings')), rtpPorts: { min: 41520, max: 41559 }, sandboxRtpPorts: { min: 41560, max: 41579 } };
  const { app, close } = await makeApp({ dir, config: { workspaceFile: file, engine } });
  t.after(async () => {
    await close();
    removeDir(dir);
    removeDir(wsDir);
  });
  const sam = await login(app, 'sam', 'demo1234');
  const floor = async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/floor', headers: auth(sam) });
    assert.equal(res.statusCode, 200, res.body);
    return floorSnapshotSchema.parse(res.json());
  };
  const before = await floor();
  assert.equal(before.engine, true);
  const { today, ...row } = before.queues.find((q) => q.queueId === 'care-queue')!;
  assert.deepEqual(row, {
    queueId: 'care-queue',
    name: 'Care queue',
    campaignId: 'care-inbound',
    campaignName: 'Customer Care',
    waiting: 0,
    longestWaitMs: 0,
    agentsAvailable: 0,
    targetSeconds: 20,
  });
  assert.deepEqual(
    { ...today, since: undefined },
    { abandoned: 0, answered: 0, answeredWithinTarget: 0, overflowed: 0, serviceLevel: null, since: undefined },
    'nothing counted yet today',
  );

  // A caller stays 6 s; no agent is ready, so the call waits in care-queue.
  const sipp = runSipp([
    '-sn',
    'uac',
    '127.0.0.1:41500',
    '-s',
    QUEUE_DNIS,
    '-i',
    '127.0.0.1',
    '-p',
    '41590',
    '-mp',
    '41592',
    '-d',
    '6000',
    '-m',
    '1',
    '-timeout',
    '30s',
    '-timeout_error',
  ]);
  const router = app.switchboard.telephony!.desk.router;
  await until('the call waits in care-queue', () => router.stats('care-queue').waiting === 1, 10_000);
  const first = (await floor()).queues.find((q) => q.queueId === 'care-queue')!;
  assert.equal(first.waiting, 1);
  await new Promise((r) => setTimeout(r, 600));
  const later = (await floor()).queues.find((q) => q.queueId === 'care-queue')!;
  assert.equal(later.waiting, 1);
  assert.ok(later.longestWaitMs! >= first.longestWaitMs! + 500, `the longest wait grows: ${first.longestWaitMs} then ${later.longestWaitMs}`);

  const done = await sipp;
  assert.equal(done.code, 0, `sipp's call completed:\n${done.stdout.slice(-1500)}${done.stderr}`);
  await until('the caller who hung up leaves the queue', () => router.stats('care-queue').waiting === 0, 5_000);
  assert.equal((await floor()).queues.find((q) => q.queueId === 'care-queue')!.waiting, 0);
});
