import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FakeClock, verifySecret } from '@switchboard/shared';
import { WorkflowRunner, type WorkflowAction } from '@switchboard/core';
import { loadWorkspaceFile, openStore } from '../src/index';
import { DEMO_WORKSPACE } from './helpers/fixtures';

test('the demo workspace loads as the shared DEMO WORKSPACE paragraph describes', async () => {
  const ws = await loadWorkspaceFile(DEMO_WORKSPACE);
  assert.deepEqual([ws.name, ws.region, ws.callInNumber], ['Demo Contact Centre', 'AU', '+61290000000']);
  assert.deepEqual(
    ws.agents.map((a) => [a.username, a.displayName, a.agentNumber, a.teamId, a.campaignIds.join('+'), a.transfersWhilePaused]),
    [
      ['alice', 'Alice Nguyen', '1001', 'care', 'care-inbound+sales-outbound', false],
      ['bob', 'Bob Smith', '1002', 'care', 'care-inbound', true],
      ['carol', 'Carol Jones', '1003', 'sales', 'sales-outbound+renewals-predictive', false],
      ['dave', 'Dave Brown', '1004', 'sales', '', false],
    ],
  );
  assert.equal(ws.agents[0]!.defaultNumber, '+61412345678');
  const pins = ['1234', '2345', '3456', '4567'];
  for (const [i, a] of ws.agents.entries()) {
    assert.ok(await verifySecret('demo1234', a.passwordHash), `${a.username}'s password`);
    assert.ok(await verifySecret(pins[i]!, a.pinHash), `${a.username}'s PIN`);
  }
  assert.deepEqual(
    ws.staff.map((s) => [s.username, s.role, s.teamId]),
    [
      ['sam', 'supervisor', 'care'],
      ['admin', 'admin', null],
    ],
  );
  assert.ok(await verifySecret('demo1234', ws.staff[0]!.passwordHash));
  assert.ok(await verifySecret('admin1234', ws.staff[1]!.passwordHash));
  assert.deepEqual(ws.pauseReasons, [
    { id: 'break', name: 'Break', takesTransfers: false },
    { id: 'lunch', name: 'Lunch', takesTransfers: false },
    { id: 'meeting', name: 'Meeting', takesTransfers: false },
    { id: 'training', name: 'Training', takesTransfers: false },
    { id: 'acw', name: 'After Call Work', takesTransfers: true },
  ]);
  const [care, sales, renewals] = ws.campaigns;
  assert.deepEqual(care, {
    id: 'care-inbound',
    name: 'Customer Care',
    direction: 'inbound',
    dialMode: null,
    wrapCodes: [
      { id: 'resolved', name: 'Resolved' },
      { id: 'follow-up', name: 'Follow-up' },
      { id: 'escalated', name: 'Escalated' },
    ],
    defaultWrapCodeId: 'resolved',
    autoWrapSeconds: 30,
    extendSeconds: 30,
    recording: 'agent-controlled',
    bookmarks: true,
    announcements: [
      { id: 'terms', name: 'Terms and conditions', file: 'announcements/terms.wav' },
      { id: 'recording-notice', name: 'Recording notice', file: 'announcements/recording-notice.wav' },
    ],
    // Written national and international in the file; sandbox numbers (1xx answers, 2xx busy).
    transferNumbers: [
      { label: 'Billing', number: '+61491570101' },
      { label: 'Tech Support', number: '+61491570102' },
      { label: 'Supplier hotline (busy)', number: '+61491570201' },
    ],
  });
  assert.deepEqual([sales?.id, sales?.name, sales?.direction, sales?.dialMode], ['sales-outbound', 'Sales', 'outbound', 'preview']);
  assert.deepEqual([renewals?.id, renewals?.name, renewals?.direction, renewals?.dialMode], ['renewals-predictive', 'Renewals', 'outbound', 'predictive']);
  assert.deepEqual(
    ws.queues.map((q) => [q.id, q.campaignId]),
    [
      ['care-queue', 'care-inbound'],
      ['sales-queue', 'sales-outbound'],
    ],
  );
  // Issue 14.1: a caller never waits for ever in the demo's care queue: after 3 minutes, a callback offer.
  assert.deepEqual(
    ws.queues.map((q) => [q.id, q.maxWaitSeconds, q.overflow?.type ?? null, q.reofferAfterSeconds]),
    [
      ['care-queue', 180, 'callback', 20],
      ['sales-queue', null, null, 20],
    ],
  );

  // Issue 18: two workflows are transfer targets; the music on hold is the shipped loop.
  assert.deepEqual(
    ws.workflows!.map((w) => [w.id, w.transferTarget]),
    [
      ['demo-care', true],
      ['to-sales', true],
    ],
  );
  assert.equal(ws.musicOnHoldFile, join(dirname(DEMO_WORKSPACE), 'prompts/music-on-hold.wav'));

  // The demo's prompts exist and are what the media player takes: 16-bit PCM, 8 kHz, mono.
  for (const a of care!.announcements) {
    const wav = readFileSync(join(dirname(DEMO_WORKSPACE), a.file));
    assert.equal(wav.toString('ascii', 0, 4), 'RIFF');
    assert.equal(wav.toString('ascii', 8, 12), 'WAVE');
    assert.deepEqual([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34)], [1, 1, 8000, 16], a.file);
  }

  // And it goes into a store, where a login lookup finds a verifiable hash.
  const store = await openStore({ dataDir: ':memory:' });
  try {
    await store.workspace.applyWorkspace(ws);
    const alice = await store.agents.findUserByUsername('alice');
    assert.ok(alice && (await verifySecret('demo1234', alice.passwordHash)));
  } finally {
    await store.close();
  }
});

test("the demo's care line: DNIS +61290000001 runs a workflow whose spoken prompts exist (8 kHz mono 16-bit) and which core's runner walks to the queue or a callback", async () => {
  const ws = await loadWorkspaceFile(DEMO_WORKSPACE, { hash: async (s) => s });
  assert.deepEqual(ws.dnis, [{ number: '+61290000001', workflowId: 'demo-care' }]);
  assert.deepEqual(ws.trunks, [], 'the demo has no trunk: the server adds the sandbox');
  assert.deepEqual(ws.dialPlan, { allowCountries: ['AU'], blockTypes: ['PREMIUM_RATE'], blockNumbers: [] }, 'the sandbox numbers are Australian; premium rate is blocked');
  const wf = ws.workflows!.find((w) => w.id === 'demo-care')!;
  assert.equal(wf.name, 'Demo care line');
  const files = wf.objects.flatMap((o) => (o.type === 'play' ? [o.file] : o.type === 'collect' && o.prompt ? [o.prompt] : []));
  assert.deepEqual(files, ['prompts/welcome.wav', 'prompts/enter-account.wav', 'prompts/menu.wav', 'prompts/callback-confirm.wav']);
  for (const f of files) {
    const wav = readFileSync(join(dirname(DEMO_WORKSPACE), f));
    assert.deepEqual([wav.toString('ascii', 0, 4), wav.toString('ascii', 8, 12)], ['RIFF', 'WAVE'], f);
    assert.deepEqual([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34)], [1, 1, 8000, 16], f);
    const seconds = wav.readUInt32LE(40) / 16000;
    assert.ok(seconds > 1 && seconds < 10, `${f}: a spoken prompt, not a placeholder (${seconds} s)`);
  }

  const walk = (steps: Array<(r: WorkflowRunner) => WorkflowAction[]>): WorkflowAction[] => {
    const r = new WorkflowRunner({ workflow: wf, clock: new FakeClock(1000), callerNumber: '+61491570110', campaignOfQueue: (q) => ws.queues.find((x) => x.id === q)!.campaignId });
    let last = r.start();
    for (const s of steps) last = s(r);
    return last;
  };
  const queued = walk([(r) => r.promptFinished(), (r) => r.digitsCollected('4321#'), (r) => r.digitsCollected('1')]);
  assert.deepEqual(queued.at(-1), { type: 'join-queue', objectId: 'to-care', queueId: 'care-queue', priority: 0 });
  const noChoice = walk([(r) => r.promptFinished(), (r) => r.digitsCollected('4321#'), (r) => r.collectTimeout('')]);
  assert.equal(noChoice.at(-1)?.type, 'join-queue', 'no menu choice: customer care');
  const callback = walk([(r) => r.promptFinished(), (r) => r.digitsCollected('4321#'), (r) => r.digitsCollected('2')]);
  assert.deepEqual(
    callback.map((a) => a.type),
    ['ivr-data', 'store-callback', 'play'],
  );
  const cb = callback[1] as Extract<WorkflowAction, { type: 'store-callback' }>;
  assert.deepEqual(
    [cb.request.number, cb.request.campaignId, cb.request.ivrData],
    [
      '+61491570110',
      'care-inbound',
      [
        { label: 'account', value: '4321' },
        { label: 'menu', value: '2' },
      ],
    ],
  );
  assert.deepEqual(walk([(r) => r.promptFinished(), (r) => r.digitsCollected('4321#'), (r) => r.digitsCollected('2'), (r) => r.promptFinished()]), [
    { type: 'hangup', reason: 'hangup-object' },
  ]);
});
