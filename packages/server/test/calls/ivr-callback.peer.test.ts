import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { tempDir } from '@switchboard/testkit';
import { DEMO_CARE_DNIS } from '../../src/calls/demo-call-flow';
import type { InboundCall } from '@switchboard/core';
import { DEMO_WORKSPACE, makeApp, removeDir } from '../helpers';
import { engineApp, engineConfig, makeToneWav, phone, sleep, until } from './helpers';

// Ports (34000-34499): engine SIP 34000, RTP 34100-34299; sandbox 34010, RTP 34300-34349; the caller's baresip 34400-34481.
const PORTS = { rtpPorts: { min: 34100, max: 34299 }, sandboxRtpPorts: { min: 34300, max: 34349 } };
const CALLER = '+61491570123';

function ivrCall(calls: Iterable<InboundCall>, seen: Set<string>): InboundCall | undefined {
  return [...calls].find((c) => !seen.has(c.interaction.id) && c.interaction.direction === 'IN');
}

test('the demo workflow from the workspace file: account then menu 2 stores a pending callback (E.164, campaign, IVR data, interaction) and plays the confirmation before hanging up; keys typed ahead and barge-in', async (t) => {
  const wavs = tempDir('server-ivr-callback');
  makeToneWav(join(wavs, 'caller.wav'), 1000, 60);
  const app = await engineApp(34000, undefined, PORTS);
  const tel = app.app.switchboard.telephony!;
  const store = app.app.switchboard.store;
  const caller = phone({ user: CALLER, base: 34400, wav: join(wavs, 'caller.wav'), sipPort: 34000, register: false });
  t.after(async () => {
    await caller.stop();
    await app.close();
    removeDir(app.dir);
  });
  await caller.start();
  const stopped: Array<{ legId: string; stopped: boolean }> = [];
  tel.stack.engine.on('playFinished', (e) => stopped.push({ legId: e.legId, stopped: e.stopped }));

  // Call 1: wait for each question, key while its prompt plays (barge-in).
  const seen = new Set<string>();
  caller.dial(`sip:${DEMO_CARE_DNIS}@127.0.0.1:34000`);
  await caller.waitEvent('CALL_ESTABLISHED');
  let call: InboundCall | undefined;
  await until('the account question', () => (call = ivrCall(tel.desk.inboundCalls(), seen))?.runner?.objectId === 'account', 15_000);
  const first = call!;
  seen.add(first.interaction.id);
  assert.equal(first.interaction.state, 'ivr');
  assert.equal(first.interaction.campaign?.id, 'care-inbound', "the campaign of the workflow's queue");
  await sleep(500);
  await caller.sendDtmf('4321#');
  await until('the menu', () => first.runner!.objectId === 'menu', 10_000);
  assert.ok(
    stopped.some((e) => e.legId === first.customer.id && e.stopped),
    'a key stopped the account prompt (barge-in)',
  );
  await sleep(500);
  const keyedAt = Date.now();
  await caller.sendDtmf('2');
  await until('the callback is stored', () => first.interaction.view().ivrData.length === 2, 10_000);
  await until('the confirmation, then the hang-up', () => caller.has('CALL_CLOSED'), 20_000);
  const heldFor = Date.now() - keyedAt;
  assert.ok(heldFor > 4000, `the caller heard the confirmation (5 s) before the hang-up (${heldFor} ms)`);
  assert.deepEqual(
    first.interaction.view().ivrData.map((e) => [e.label, e.value]),
    [
      ['account', '4321'],
      ['menu', '2'],
    ],
  );
  assert.equal(first.interaction.state, 'closed');
  assert.equal(tel.desk.router.stats('care-queue').waiting, 0, 'a callback is not queued');

  let pending = await store.callbacks.listPending();
  assert.equal(pending.length, 1);
  const cb = pending[0]!;
  assert.match(cb.id, /^cb/);
  assert.deepEqual(
    { ...cb, id: 'x', requestedAt: 0 },
    {
      id: 'x',
      interactionId: first.interaction.id,
      campaignId: 'care-inbound',
      queueId: 'care-queue',
      workflowId: 'demo-care',
      number: CALLER,
      requestedAt: 0,
      ivrData: [
        { label: 'account', value: '4321' },
        { label: 'menu', value: '2' },
      ],
      status: 'pending',
    },
  );
  assert.ok(Math.abs(cb.requestedAt - keyedAt) < 10_000, 'requested-at is when the caller chose');
  await tel.desk.keeper.flush();
  const rec = (await tel.records.get(first.interaction.id))!;
  assert.deepEqual([rec.final, rec.agentId, rec.customerNumber], [true, null, CALLER]);

  // Call 2: everything keyed at once during the welcome: kept for the account, then the menu.
  const keyedDuring: string[] = [];
  tel.stack.engine.on('dtmf', (e) => {
    const c = ivrCall(tel.desk.inboundCalls(), seen);
    if (c && e.legId === c.customer.id) keyedDuring.push(c.runner?.objectId ?? 'none');
  });
  caller.dial(`sip:${DEMO_CARE_DNIS}@127.0.0.1:34000`);
  await until('call 2 answered', () => caller.events.filter((e) => e.type === 'CALL_ESTABLISHED').length === 2, 10_000);
  await caller.sendDtmf('987#2');
  const second = ivrCall(tel.desk.inboundCalls(), seen)!;
  await until('the keys reached the engine', () => keyedDuring.length === 5, 5000);
  assert.equal(keyedDuring[0], 'welcome', `the first key came during the welcome (no collect yet): ${keyedDuring.join(',')}`);
  await until('call 2 callback stored', () => second.interaction.view().ivrData.length === 2, 10_000);
  assert.deepEqual(
    second.interaction.view().ivrData.map((e) => [e.label, e.value]),
    [
      ['account', '987'],
      ['menu', '2'],
    ],
  );
  await until('call 2 ends', () => second.interaction.state === 'closed', 20_000);
  pending = await store.callbacks.listPending({ campaignId: 'care-inbound' });
  assert.deepEqual(
    pending.map((c) => [c.interactionId, c.ivrData.map((e) => e.value).join('/')]),
    [
      [first.interaction.id, '4321/2'],
      [second.interaction.id, '987/2'],
    ],
  );
});

test("the workspace file's trunks join the engine's beside the sandbox: address, transport and number rewriting apply", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-calls-trunk-'));
  cpSync(join(dirname(DEMO_WORKSPACE), 'announcements'), join(dir, 'announcements'), { recursive: true });
  cpSync(join(dirname(DEMO_WORKSPACE), 'prompts'), join(dir, 'prompts'), { recursive: true });
  // A "carrier" that is the sandbox itself, reached only through this trunk's rewriting (+61491570NNN → 1000NNN answers).
  const trunks = `
trunks:
  - name: carrier
    address: 127.0.0.1:34010
    transport: udp
    credentials:
      username: acct
      passwordEnv: SB_TEST_CARRIER_PASSWORD
    callerId: "+61290000000"
    outboundRewrite:
      - match: '\\+61491570(\\d{3})'
        replace: '1000$1'
    ringTimeoutSec: 5
`;
  writeFileSync(join(dir, 'workspace.yaml'), readFileSync(DEMO_WORKSPACE, 'utf8') + trunks);
  process.env.SB_TEST_CARRIER_PASSWORD = 'not-asked';
  const app = await makeApp({ dir, config: { workspaceFile: join(dir, 'workspace.yaml'), engine: { ...engineConfig(34000, join(dir, 'recordings')), ...PORTS } } });
  t.after(async () => {
    delete process.env.SB_TEST_CARRIER_PASSWORD;
    await app.close();
    removeDir(dir);
  });
  const engine = app.app.switchboard.telephony!.stack.engine;
  const carrier = engine.trunks.get('carrier');
  assert.deepEqual(
    engine.trunks.list().map((x) => x.name),
    ['sandbox', 'carrier'],
  );
  assert.deepEqual(
    [carrier.host, carrier.port, carrier.transport, carrier.credentials, carrier.callerId, carrier.ringTimeoutMs],
    ['127.0.0.1', 34010, 'udp', { username: 'acct', password: 'not-asked' }, '+61290000000', 5000],
  );
  assert.equal(carrier.outboundNumber('+61491570123'), '1000123');

  const events: string[] = [];
  const legId = await engine.originate({ to: { trunk: 'carrier', number: '+61491570123' } });
  engine.on('answered', (e) => e.legId === legId && events.push('answered'));
  engine.on('ended', (e) => e.legId === legId && events.push(`ended:${e.cause}`));
  await until('the sandbox answers through the carrier trunk', () => events.includes('answered') || events.some((e) => e.startsWith('ended')), 10_000);
  assert.deepEqual(events, ['answered']);
  engine.hangup(legId, 'normal');
});
