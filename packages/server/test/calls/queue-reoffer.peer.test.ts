import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { WebRtcLeg } from '@switchboard/media';
import { systemClock } from '@switchboard/shared';
import { tempDir } from '@switchboard/testkit';
import { DEMO_CARE_DNIS } from '../../src/calls/demo-call-flow';
import { DEMO_WORKSPACE, auth, removeDir } from '../helpers';
import { agentToken, cmd, engineAppWith, makeToneWav, phone, sleep, until, viewOf } from './helpers';

// Ports (39300-39899, one test at a time): engine SIP 39300 (sandbox 39310), RTP 39400-39699,
// sandbox RTP 39700-39799; the caller's baresip 39800-39881.
const BASE = 39300;
const CALLER = '+61491570123';

/** The demo workspace in its own folder, the care queue's waiting limits replaced. */
function workspace(queueLimits: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sb-reoffer-'));
  const original =
    '    maxWaitSeconds: 180\n    overflow:\n      type: callback\n      prompt: prompts/callback-offer.wav\n      confirm: prompts/callback-confirm.wav\n    reofferAfterSeconds: 20\n';
  const yaml = readFileSync(DEMO_WORKSPACE, 'utf8');
  assert.ok(yaml.includes(original), 'the demo care queue has the documented limits');
  cpSync(join(dirname(DEMO_WORKSPACE), 'announcements'), join(dir, 'announcements'), { recursive: true });
  cpSync(join(dirname(DEMO_WORKSPACE), 'prompts'), join(dir, 'prompts'), { recursive: true });
  writeFileSync(join(dir, 'workspace.yaml'), yaml.replace(original, queueLimits));
  return { dir, file: join(dir, 'workspace.yaml') };
}

test('issue 14.1: a call the only agent missed (Auto Pause) is offered to her again when she is back, and she can answer it', async (t) => {
  const wavs = tempDir('queue-reoffer');
  makeToneWav(join(wavs, 'caller.wav'), 1000, 60);
  const ws = workspace('    reofferAfterSeconds: 60\n');
  const app = await engineAppWith(BASE, ws.dir, ws.file);
  const browser = await WebRtcLeg.create({ id: 'browser', clock: systemClock });
  const caller = phone({ user: CALLER, base: 39800, wav: join(wavs, 'caller.wav'), sipPort: BASE, register: false });
  t.after(async () => {
    await caller.stop();
    await browser.close();
    await app.close();
    removeDir(app.dir);
  });

  // Bob, on Web Connect without "keep the line open": each offer rings and an unanswered one auto-pauses.
  const token = await agentToken(app.app, 'bob');
  let r = await cmd(app.app, token, { type: 'connect-voice', method: 'web', persistent: false, saveAsDefault: false });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const offer = (JSON.parse(await browser.createOffer()) as { sdp: string }).sdp;
  const res = await app.app.inject({ method: 'POST', url: '/api/v1/agent/webrtc', headers: auth(token), payload: { sdp: offer } });
  assert.equal(res.statusCode, 200, res.body);
  await browser.acceptAnswer(JSON.stringify({ type: 'answer', sdp: (res.json() as { sdp: string }).sdp }));
  await until('bob connected by web', () => viewOf(app.app, 'bob').voice.status === 'connected');
  r = await cmd(app.app, token, { type: 'set-available' });
  assert.equal(r.state.presence.kind, 'available');

  await caller.start();
  caller.dial(`sip:${DEMO_CARE_DNIS}@127.0.0.1:${BASE}`);
  await caller.waitEvent('CALL_ESTABLISHED');
  await caller.sendDtmf('1#1');
  await until('bob is offered the call', () => viewOf(app.app, 'bob').interaction?.state === 'offered', 20_000);
  const iid = viewOf(app.app, 'bob').interaction!.id;
  await until(
    'rung out: Auto Pause',
    () => {
      const p = viewOf(app.app, 'bob').presence;
      return p.kind === 'paused' && p.reason.id === 'auto-pause';
    },
    10_000,
  );
  const tel = app.app.switchboard.telephony!;
  assert.equal(tel.desk.get(iid)?.interaction.state, 'queued', 'the caller is back in the queue');

  // Bob is back and the only one free: the same call rings him again at once (it used to wait for another agent, for ever).
  await sleep(500);
  const backAt = Date.now();
  r = await cmd(app.app, token, { type: 'set-available' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await until('the call is offered to bob again', () => viewOf(app.app, 'bob').interaction?.state === 'offered', 5_000);
  assert.equal(viewOf(app.app, 'bob').interaction!.id, iid, 'the same call');
  assert.ok(Date.now() - backAt < 3000, 'well within the 60 s reoffer time: no one else is free');
  r = await cmd(app.app, token, { type: 'answer', interactionId: iid });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await until('bob on the call', () => viewOf(app.app, 'bob').interaction?.state === 'connected');
  caller.hangup();
  await until('bob in wrap', () => viewOf(app.app, 'bob').activity === 'wrap', 10_000);
});

test('issue 14.1: at the queue maximum wait the caller gets the callback offer; 1 stores a callback for their number and ends the call', async (t) => {
  const wavs = tempDir('queue-overflow');
  makeToneWav(join(wavs, 'caller.wav'), 1000, 60);
  const ws = workspace('    maxWaitSeconds: 5\n    overflow:\n      type: callback\n      prompt: prompts/callback-offer.wav\n      confirm: prompts/callback-confirm.wav\n');
  const app = await engineAppWith(BASE, ws.dir, ws.file);
  const caller = phone({ user: CALLER, base: 39800, wav: join(wavs, 'caller.wav'), sipPort: BASE, register: false });
  t.after(async () => {
    await caller.stop();
    await app.close();
    removeDir(app.dir);
  });
  const tel = app.app.switchboard.telephony!;
  await caller.start();
  caller.dial(`sip:${DEMO_CARE_DNIS}@127.0.0.1:${BASE}`);
  await caller.waitEvent('CALL_ESTABLISHED');
  await caller.sendDtmf('77#1');
  await until('queued', () => [...tel.desk.inboundCalls()].some((c) => c.interaction.state === 'queued'), 20_000);
  const call = [...tel.desk.inboundCalls()].find((c) => c.interaction.state === 'queued')!;
  const queuedAt = Date.now();
  assert.equal(tel.desk.router.stats('care-queue').waiting, 1);
  // No agent: after 5 s the callback offer plays (the runner waits for a key).
  await until('the callback offer', () => call.runner?.objectId === 'offer', 10_000);
  const after = Date.now() - queuedAt;
  assert.ok(after >= 4500 && after < 8000, `offered after the 5 s maximum wait (${after} ms)`);
  assert.equal(tel.desk.router.stats('care-queue').waiting, 0, 'out of the queue while it is offered');
  await sleep(800);
  await caller.sendDtmf('1');
  await until('the confirmation, then the hang-up', () => caller.has('CALL_CLOSED'), 20_000);
  // The phone reports the BYE as it gets it; the server's side of the hang-up may finish a moment later.
  await until('the call closed', () => call.interaction.state === 'closed', 5000);
  const pending = await app.app.switchboard.store.callbacks.listPending();
  assert.deepEqual(
    pending.map((p) => [p.number, p.queueId, p.campaignId, p.interactionId]),
    [[CALLER, 'care-queue', 'care-inbound', call.interaction.id]],
  );
});
