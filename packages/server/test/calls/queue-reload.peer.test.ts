import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSipp } from '@switchboard/testkit';
import { reloadableEngineApp, until } from './helpers';

// Ports (41200-41299): engine SIP 41200 (sandbox 41210), RTP 41220-41259, sandbox RTP 41260-41279; sipp 41290, its RTP 41292.

const VIP_DNIS = '+61290000099';

/** The demo file plus a queue, a workflow that only queues, and a DNIS for it. */
function withVipLine(demo: string): string {
  return demo
    .replace(/^queues:\n/m, 'queues:\n  - id: vip-queue\n    name: VIP queue\n    campaign: care-inbound\n')
    .replace(/^workflows:\n/m, 'workflows:\n  - id: vip\n    name: VIP line\n    start: to-vip\n    objects:\n      - id: to-vip\n        type: queue\n        queue: vip-queue\n')
    .replace(/^dnis:\n/m, `dnis:\n  - number: "${VIP_DNIS}"\n    workflow: vip\n`);
}

test('a reload that adds a queue, a workflow and its DNIS: a real call to the new number waits in the new queue and the server lives on; a reload removing it keeps the waiting call routable', async (t) => {
  const { app, demo, write, reload } = await reloadableEngineApp(t, 41200, { rtpPorts: { min: 41220, max: 41259 }, sandboxRtpPorts: { min: 41260, max: 41279 } });
  const router = app.switchboard.telephony!.desk.router;

  write(withVipLine(demo));
  const res = await reload();
  assert.equal(res.statusCode, 200, res.body);

  // A caller on the new number stays 6 s; no agent is ready, so the call waits in vip-queue.
  const sipp = runSipp([
    '-sn',
    'uac',
    '127.0.0.1:41200',
    '-s',
    VIP_DNIS,
    '-i',
    '127.0.0.1',
    '-p',
    '41290',
    '-mp',
    '41292',
    '-d',
    '6000',
    '-m',
    '1',
    '-timeout',
    '30s',
    '-timeout_error',
  ]);
  await until('the call waits in the new queue', () => router.accepts('vip-queue') && router.stats('vip-queue').waiting === 1, 10_000);

  // The queue goes from the file while the call waits: no new call may join it, the waiting one stays.
  write(demo);
  assert.equal((await reload()).statusCode, 200);
  assert.equal(router.accepts('vip-queue'), false);
  assert.equal(router.stats('vip-queue').waiting, 1, 'the waiting caller is not dropped by the reload');

  const done = await sipp;
  assert.equal(done.code, 0, `sipp's call completed (it hung up after 6 s):\n${done.stdout.slice(-1500)}${done.stderr}`);
  await until(
    'the hung-up caller leaves the queue, which is then forgotten',
    () =>
      !router.accepts('vip-queue') &&
      (() => {
        try {
          router.stats('vip-queue');
          return false;
        } catch {
          return true;
        }
      })(),
    5_000,
  );
  assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'the server is alive');
});
