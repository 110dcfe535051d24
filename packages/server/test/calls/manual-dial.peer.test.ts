import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AgentView } from '@switchboard/protocol';
import { tempDir } from '@switchboard/testkit';
import { DEMO_CARE_DNIS } from '../../src/calls/demo-call-flow';
import { DEMO_WORKSPACE, makeApp, removeDir } from '../helpers';
import { agentToken, cmd, engineApp, engineAppWith, makeToneWav, phone, sleep, until, viewOf } from './helpers';

// Ports: engine SIP 31000 (sandbox 31010), RTP 31100-31499; baresips 31600 (agent), 31700 (caller).

test('manual dial through the sandbox: answered, busy, no answer, invalid each give their own notice and never change presence; a caller hanging up while queued is handled', async (t) => {
  const wavs = tempDir('server-dial');
  makeToneWav(join(wavs, 'agent.wav'), 500, 60);
  makeToneWav(join(wavs, 'caller.wav'), 1000, 60);
  const app = await engineApp(31000);
  const tel = app.app.switchboard.telephony!;
  const agentPhone = phone({ user: 'alice', base: 31600, wav: join(wavs, 'agent.wav'), sipPort: 31000, register: false });
  const caller = phone({ user: 'caller', base: 31700, wav: join(wavs, 'caller.wav'), sipPort: 31000, register: false });
  t.after(async () => {
    await Promise.all([agentPhone.stop(), caller.stop()]);
    await app.close();
    removeDir(app.dir);
  });
  await agentPhone.start();
  const token = await agentToken(app.app, 'alice');
  await cmd(app.app, token, { type: 'connect-voice', method: 'call-me', number: agentPhone.uri, persistent: true, saveAsDefault: false });
  await until('alice voice connected', () => viewOf(app.app, 'alice').voice.status === 'connected');
  // Alice stays paused (Not Ready) while dialling: presence must not move.
  const presence = (v: AgentView) => (v.presence.kind === 'paused' ? `paused:${v.presence.reason.name}` : v.presence.kind);
  assert.equal(presence(viewOf(app.app, 'alice')), 'paused:Not Ready');

  // Listen to the notices alice's sockets would get (the session's events).
  const notices: Array<{ code: string; message: string }> = [];
  const session = app.app.switchboard.hub.session('alice')!;
  session.on('event', (e) => e.notice && notices.push(e.notice));

  const failing: Array<[string, string, string]> = [
    ['0491 570 200', 'DIAL_BUSY', 'Called party is busy'],
    ['0491 570 300', 'DIAL_NO_ANSWER', 'Called party did not answer the call'],
    ['0491 570 400', 'DIAL_INVALID_NUMBER', 'You dialled an invalid number or incorrect number format'],
  ];
  for (const [number, code, message] of failing) {
    notices.length = 0;
    const r = await cmd(app.app, token, { type: 'dial', number, campaignId: null });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.state.activity, 'dialling');
    assert.equal(r.state.interaction?.presentation, 'dialling');
    assert.equal(r.state.interaction?.customerNumber, `+61${number.replace(/\s/g, '').slice(1)}`);
    await until(`dial ${number} ends`, () => viewOf(app.app, 'alice').activity === 'idle', 8000);
    assert.deepEqual(
      notices.map((n) => [n.code, n.message]),
      [[code, message]],
      number,
    );
    const v = viewOf(app.app, 'alice');
    assert.equal(presence(v), 'paused:Not Ready', `presence unchanged after ${number}`);
    assert.equal(v.interaction ?? null, null);
    assert.equal(v.voice.status, 'connected', 'the agent line survives a failed dial');
  }

  // An invalid number is refused before anything rings.
  let r = await cmd(app.app, token, { type: 'dial', number: '12', campaignId: null });
  assert.deepEqual([r.status, (r.body.error as { code: string }).code], [422, 'INVALID_PHONE_NUMBER']);

  // Answered: the sandbox plays 1 kHz; hang up and wrap (no campaign: no outcome needed).
  notices.length = 0;
  r = await cmd(app.app, token, { type: 'dial', number: '0491570100', campaignId: 'care-inbound' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await until('customer answers', () => viewOf(app.app, 'alice').interaction?.state === 'connected', 8000);
  const out = viewOf(app.app, 'alice').interaction!;
  assert.equal(out.direction, 'OUT');
  assert.equal(presence(viewOf(app.app, 'alice')), 'paused:Not Ready');
  await sleep(1500);
  r = await cmd(app.app, token, { type: 'hang-up', interactionId: out.id });
  assert.equal(r.state.activity, 'wrap');
  r = await cmd(app.app, token, { type: 'wrap', interactionId: out.id, outcomeId: 'resolved' });
  assert.equal(r.state.activity, 'idle');
  assert.equal(presence(r.state), 'paused:Not Ready');
  assert.deepEqual(
    notices.filter((n) => n.code.startsWith('DIAL_')),
    [],
  );
  const atAgent = agentPhone.recordings().dec!;
  assert.ok(atAgent, 'the agent phone recorded audio');

  // A caller waits in the queue (alice is paused) and hangs up.
  await caller.start();
  caller.dial(`sip:${DEMO_CARE_DNIS}@127.0.0.1:31000`);
  await caller.waitEvent('CALL_ESTABLISHED');
  await sleep(1200);
  await caller.sendDtmf('1#1'); // account 1, then menu 1 (care)
  await until('queued', () => [...tel.desk.inboundCalls()].some((c) => c.interaction.direction === 'IN' && c.interaction.state === 'queued'), 8000);
  assert.equal(tel.desk.router.stats('care-queue').waiting, 1);
  caller.hangup();
  await until('abandoned', () => [...tel.desk.inboundCalls()].some((c) => c.interaction.direction === 'IN' && c.interaction.state === 'abandoned'), 5000);
  assert.equal(tel.desk.router.stats('care-queue').waiting, 0);
  // Alice going Available now is not offered the abandoned call.
  r = await cmd(app.app, token, { type: 'set-available' });
  assert.equal(r.state.activity, 'idle');
  await sleep(300);
  assert.equal(viewOf(app.app, 'alice').interaction ?? null, null);

  await tel.desk.keeper.flush();
  const abandoned = [...tel.desk.inboundCalls()].find((c) => c.interaction.state === 'abandoned')!;
  const rec = (await tel.records.get(abandoned.interaction.id))!;
  assert.deepEqual([rec.final, rec.endCause, rec.agentId], [true, 'caller-hangup', null]);

  // The records are in the store (SQLite) and survive a restart; an unfinished one is closed as interrupted.
  const outId = out.id;
  await tel.records.save({ ...rec, interactionId: 'int_unfinished', final: false, version: 1, endCause: null });
  await app.close();
  const again = await makeApp({ dir: app.dir });
  try {
    const calls = again.app.switchboard.store.calls;
    const stored = (await calls.get(outId))!;
    assert.deepEqual([stored.final, stored.direction, stored.outcomeId, stored.customerNumber], [true, 'OUT', 'resolved', '+61491570100']);
    assert.equal((await calls.get(abandoned.interaction.id))?.endCause, 'caller-hangup');
  } finally {
    await again.close();
  }
  const withEngine = await engineApp(31000, app.dir);
  try {
    const unfinished = (await withEngine.app.switchboard.store.calls.get('int_unfinished'))!;
    assert.deepEqual([unfinished.final, unfinished.endCause], [true, 'interrupted'], 'closeInterrupted at startup');
  } finally {
    await withEngine.close();
  }
});

test('auto-wrap applies the campaign default when the countdown runs out (2 s here); announcements play and mark the recording', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-calls-wrap-'));
  const yaml = readFileSync(DEMO_WORKSPACE, 'utf8').replace('autoWrapSeconds: 30', 'autoWrapSeconds: 2');
  cpSync(join(dirname(DEMO_WORKSPACE), 'announcements'), join(dir, 'announcements'), { recursive: true });
  cpSync(join(dirname(DEMO_WORKSPACE), 'prompts'), join(dir, 'prompts'), { recursive: true });
  writeFileSync(join(dir, 'workspace.yaml'), yaml);
  const wavs = tempDir('server-wrap');
  makeToneWav(join(wavs, 'agent.wav'), 500, 60);
  makeToneWav(join(wavs, 'caller.wav'), 1000, 60);
  const app = await engineAppWith(31000, dir, join(dir, 'workspace.yaml'));
  const tel = app.app.switchboard.telephony!;
  const agentPhone = phone({ user: 'alice', base: 31600, wav: join(wavs, 'agent.wav'), sipPort: 31000, register: false });
  const caller = phone({ user: 'caller', base: 31700, wav: join(wavs, 'caller.wav'), sipPort: 31000, register: false });
  t.after(async () => {
    await Promise.all([agentPhone.stop(), caller.stop()]);
    await app.close();
    removeDir(dir);
  });
  await Promise.all([agentPhone.start(), caller.start()]);
  const token = await agentToken(app.app, 'alice');
  await cmd(app.app, token, { type: 'connect-voice', method: 'call-me', number: agentPhone.uri, persistent: true, saveAsDefault: false });
  await until('alice voice connected', () => viewOf(app.app, 'alice').voice.status === 'connected');
  await cmd(app.app, token, { type: 'set-available' });
  caller.dial(`sip:${DEMO_CARE_DNIS}@127.0.0.1:31000`);
  await caller.waitEvent('CALL_ESTABLISHED');
  await sleep(1200);
  await caller.sendDtmf('5#1');
  await until('connected', () => viewOf(app.app, 'alice').interaction?.state === 'connected', 8000);
  const iid = viewOf(app.app, 'alice').interaction!.id;
  let r = await cmd(app.app, token, { type: 'play-announcement', interactionId: iid, announcementId: 'terms' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.state.interaction?.announcement?.name, 'Terms and conditions');
  assert.equal(r.state.interaction?.capabilities.canPlayAnnouncement, false);
  r = await cmd(app.app, token, { type: 'stop-announcement', interactionId: iid });
  assert.equal(r.state.interaction?.announcement, null);
  assert.deepEqual(
    r.state.interaction?.recording.markers.map((m) => [m.kind, m.label]),
    [
      ['announcement-start', 'Terms and conditions'],
      ['announcement-end', 'Terms and conditions'],
    ],
  );
  caller.hangup();
  await until('wrap', () => viewOf(app.app, 'alice').activity === 'wrap', 5000);
  assert.equal(viewOf(app.app, 'alice').interaction?.wrap?.remainingSeconds !== null, true);
  await until('auto-wrapped', () => viewOf(app.app, 'alice').activity === 'idle', 5000);
  await tel.desk.keeper.flush();
  const rec = (await tel.records.get(iid))!;
  assert.deepEqual([rec.final, rec.outcomeId, rec.wrappedBy], [true, 'resolved', 'auto']);
  assert.equal(viewOf(app.app, 'alice').presence.kind, 'available');
});
