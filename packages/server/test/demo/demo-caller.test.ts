import { test } from 'node:test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { FullIcePeer as Browser } from '@switchboard/testkit';
import { DEMO_CARE_DNIS } from '../../src/calls/demo-call-flow';
import { loadConfig } from '../../src/config';
import { makeApp, removeDir } from '../helpers';

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
import { engineConfig, sleep } from '../calls/helpers';

// Ports: engine SIP 31200 (sandbox 31210), RTP 31220-31319, sandbox RTP 31320-31349.

test('demo caller API: numbers, validation with codes, a call into the IVR, status, hang-up, the concurrent cap and the per-address rate', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-demo-'));
  const app = await makeApp({
    dir,
    config: {
      engine: { ...engineConfig(31200, join(dir, 'recordings')), rtpPorts: { min: 31220, max: 31319 }, sandboxRtpPorts: { min: 31320, max: 31349 } },
      demoCaller: { mode: 'auto', maxCalls: 2, perMinute: 3 },
    },
  });
  const browsers: Browser[] = [];
  t.after(async () => {
    await Promise.all(browsers.map((b) => b.close()));
    await app.close();
    removeDir(app.dir);
  });
  const offer = async (): Promise<string> => {
    const b = new Browser();
    browsers.push(b);
    return (JSON.parse(await b.createOffer()) as { sdp: string }).sdp;
  };
  const start = (payload: unknown) => app.app.inject({ method: 'POST', url: '/api/v1/demo/calls', payload: payload as Record<string, unknown> });
  /** The last browser takes the server's answer: ICE and DTLS connect, and only then the call reaches the IVR. */
  const connect = async (res: { json(): unknown }) => browsers.at(-1)!.acceptAnswer(JSON.stringify({ type: 'answer', sdp: (res.json() as { sdp: string }).sdp }));
  const code = (res: { json(): unknown }) => (res.json() as { error: { code: string } }).error.code;

  const numbers = await app.app.inject({ method: 'GET', url: '/api/v1/demo/numbers' });
  assert.equal(numbers.statusCode, 200);
  assert.deepEqual(numbers.json().numbers, [{ number: DEMO_CARE_DNIS, name: 'Demo care line' }]);
  assert.match(numbers.json().callerId, /^\+61491570\d{3}$/, 'a fictional number (ACMA range)');

  let res = await start({ dnis: 'call me', sdp: await offer() });
  assert.deepEqual([res.statusCode, code(res)], [400, 'VALIDATION_FAILED']);
  res = await start({ dnis: DEMO_CARE_DNIS, sdp: await offer(), extra: 1 });
  assert.deepEqual([res.statusCode, code(res)], [400, 'VALIDATION_FAILED'], 'unknown fields are refused');
  res = await start({ dnis: '+61200000000', sdp: await offer() });
  assert.deepEqual([res.statusCode, code(res)], [404, 'NOT_FOUND'], 'only numbers with a workflow');
  res = await start({ dnis: DEMO_CARE_DNIS, sdp: 'v=0 not an offer at all' });
  assert.deepEqual([res.statusCode, code(res)], [400, 'VALIDATION_FAILED']);

  // A call: answered by the IVR at once (the demo caller's leg is the customer's leg).
  res = await start({ dnis: DEMO_CARE_DNIS, sdp: await offer() });
  assert.equal(res.statusCode, 200, res.body);
  const first = res.json() as { callId: string; sdp: string };
  assert.match(first.sdp, /a=fingerprint:/);
  const status = async (id: string) => (await app.app.inject({ method: 'GET', url: `/api/v1/demo/calls/${id}` })).json() as { state: string; cause: string | null };
  assert.equal((await status(first.callId)).state, 'connecting', 'not in the IVR before its media is up');
  await connect(res);
  await until('the call is in the IVR', () => app.app.switchboard.telephony!.desk.size === 1);
  assert.equal((await status(first.callId)).state, 'ivr');
  const call = [...app.app.switchboard.telephony!.desk.inboundCalls()][0]!;
  assert.equal(call.interaction.customerNumber, numbers.json().callerId);

  res = await start({ dnis: DEMO_CARE_DNIS.slice(1), sdp: await offer() });
  assert.equal(res.statusCode, 200, 'the number may come without its +');
  await connect(res);
  res = await start({ dnis: DEMO_CARE_DNIS, sdp: await offer() });
  assert.deepEqual([res.statusCode, code(res), res.json().error.details.reason], [429, 'RATE_LIMITED', 'too-many-calls']);

  res = await app.app.inject({ method: 'DELETE', url: `/api/v1/demo/calls/${first.callId}` });
  assert.deepEqual(res.json(), { ok: true });
  await until('the first call ended', () => call.interaction.state === 'abandoned');
  assert.deepEqual(await status(first.callId), { callId: first.callId, state: 'ended', cause: 'The call ended.' });

  // A free slot, but this address already started three calls this minute.
  res = await start({ dnis: DEMO_CARE_DNIS, sdp: await offer() });
  assert.deepEqual([res.statusCode, code(res), res.json().error.details.reason], [429, 'RATE_LIMITED', 'too-many-starts']);
  assert.ok(Number(res.headers['retry-after']) > 0);
  const from = async (ip: string) => app.app.inject({ method: 'POST', url: '/api/v1/demo/calls', payload: { dnis: DEMO_CARE_DNIS, sdp: await offer() }, remoteAddress: ip });
  res = await from('127.0.0.9');
  assert.equal(res.statusCode, 200, 'another address may take the free slot');
  await connect(res);
  res = await from('127.0.0.10');
  assert.deepEqual([res.statusCode, code(res), res.json().error.details.reason], [429, 'RATE_LIMITED', 'too-many-calls'], 'the cap holds for everyone');
  res = await app.app.inject({ method: 'GET', url: '/api/v1/demo/calls/demo_nosuchcall' });
  assert.deepEqual([res.statusCode, code(res)], [404, 'NOT_FOUND']);
  res = await app.app.inject({ method: 'GET', url: '/api/v1/demo/calls/..%2Fetc' });
  assert.deepEqual([res.statusCode, code(res)], [400, 'VALIDATION_FAILED']);
});

test('demo caller off: without the engine (or DEMO_CALLER=off) the API and the page answer 404; the flag is validated', async (t) => {
  const app = await makeApp();
  t.after(async () => {
    await app.close();
    removeDir(app.dir);
  });
  for (const url of ['/api/v1/demo/numbers', '/demo-caller/']) {
    const res = await app.app.inject({ method: 'GET', url });
    assert.deepEqual([res.statusCode, (res.json() as { error: { code: string } }).error.code], [404, 'NOT_FOUND'], url);
  }
  assert.equal(loadConfig({}).demoCaller.mode, 'auto');
  assert.equal(loadConfig({ DEMO_CALLER: 'off' }).demoCaller.mode, 'off');
  assert.deepEqual(loadConfig({ DEMO_CALLER_MAX_CALLS: '8', DEMO_CALLER_PER_MINUTE: '20' }).demoCaller, { mode: 'auto', maxCalls: 8, perMinute: 20, connectSeconds: 15 });
  assert.equal(loadConfig({ DEMO_CALLER_CONNECT_SECONDS: '5' }).demoCaller.connectSeconds, 5);
  assert.throws(() => loadConfig({ DEMO_CALLER_CONNECT_SECONDS: 'soon' }), { code: 'CONFIG_INVALID' });
  assert.throws(() => loadConfig({ DEMO_CALLER: 'yes' }), { code: 'CONFIG_INVALID' });
});

// Ports: engine SIP 39900 (sandbox 39910), RTP 39920-39969, sandbox RTP 39970-39999.

test('issue 15.5: a demo call whose media never connects ends within the limit, never reaches the IVR or a queue, and frees its slot', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-demo-ice-'));
  const app = await makeApp({
    dir,
    config: {
      engine: { ...engineConfig(39900, join(dir, 'recordings')), rtpPorts: { min: 39920, max: 39969 }, sandboxRtpPorts: { min: 39970, max: 39999 } },
      demoCaller: { mode: 'auto', maxCalls: 1, perMinute: 10, connectSeconds: 2 },
    },
  });
  const browsers: Browser[] = [];
  t.after(async () => {
    await Promise.all(browsers.map((b) => b.close()));
    await app.close();
    removeDir(app.dir);
  });
  const offer = async (): Promise<string> => {
    const b = new Browser();
    browsers.push(b);
    return (JSON.parse(await b.createOffer()) as { sdp: string }).sdp;
  };
  const start = async () => app.app.inject({ method: 'POST', url: '/api/v1/demo/calls', payload: { dnis: DEMO_CARE_DNIS, sdp: await offer() } });
  const status = async (id: string) => (await app.app.inject({ method: 'GET', url: `/api/v1/demo/calls/${id}` })).json() as { state: string; cause: string | null };
  const center = app.app.switchboard.telephony!.desk;

  // The browser never takes our answer: ICE never completes (as behind a firewall that drops UDP).
  let res = await start();
  assert.equal(res.statusCode, 200, res.body);
  const dead = (res.json() as { callId: string }).callId;
  const startedAt = Date.now();
  assert.deepEqual(await status(dead), { callId: dead, state: 'connecting', cause: null });
  res = await start();
  assert.equal(res.statusCode, 429, 'it holds the only slot while it may still connect');
  await until('the dead call ends', async () => (await status(dead)).state === 'ended', 6_000);
  const took = Date.now() - startedAt;
  assert.ok(took >= 1_800 && took < 4_000, `ended at the 2 s limit (${took} ms)`);
  assert.match((await status(dead)).cause ?? '', /audio never connected/);
  assert.equal(center.size, 0, 'it never reached the IVR, a queue or an agent');
  assert.equal(center.router.stats('care-queue').waiting, 0);

  // Its slot is free again: the next caller, whose media connects, reaches the IVR.
  res = await start();
  assert.equal(res.statusCode, 200, res.body);
  const live = res.json() as { callId: string; sdp: string };
  await browsers.at(-1)!.acceptAnswer(JSON.stringify({ type: 'answer', sdp: live.sdp }));
  await until('the live call is in the IVR', () => center.size === 1);
  assert.equal((await status(live.callId)).state, 'ivr');
  await sleep(2_500);
  assert.equal((await status(live.callId)).state, 'ivr', 'a connected call is not ended by the limit');
});
