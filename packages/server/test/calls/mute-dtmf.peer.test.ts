import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseDocument } from 'yaml';
import { channel, readWav, toneBlocks, longestToneGap, tempDir } from '@switchboard/testkit';
import { DEMO_CARE_DNIS } from '../../src/calls/demo-call-flow';
import { DEMO_WORKSPACE, makeApp, removeDir } from '../helpers';
import { agentToken, cmd, engineConfig, makeToneWav, phone, sleep, until, viewOf } from './helpers';

// Ports: engine SIP 35200 (sandbox 35210), RTP 35700-35799, sandbox RTP 35800-35849;
// baresips 35220 (agent) and 35310 (caller).

/**
 * The demo workspace without its own IVR, so the built-in demo flow runs (short placeholder
 * tones, account number then the queue): what the caller hears after the agent answers is
 * the agent, never a prompt, whatever the demo's spoken menu becomes.
 */
function workspaceWithoutIvr(dir: string): string {
  const doc = parseDocument(readFileSync(DEMO_WORKSPACE, 'utf8'));
  doc.delete('workflows');
  doc.delete('dnis');
  cpSync(join(dirname(DEMO_WORKSPACE), 'announcements'), join(dir, 'announcements'), { recursive: true });
  // The care queue's overflow (a callback offer) plays prompts too.
  cpSync(join(dirname(DEMO_WORKSPACE), 'prompts'), join(dir, 'prompts'), { recursive: true });
  const file = join(dir, 'workspace.yaml');
  writeFileSync(file, doc.toString());
  return file;
}

test('adapter Mute and keypad on a live inbound call: the caller hears silence while the agent is muted and the recording agrees; tones reach the caller; the next call starts unmuted', async (t) => {
  const wavs = tempDir('server-mute');
  makeToneWav(join(wavs, 'agent.wav'), 500, 60);
  makeToneWav(join(wavs, 'caller.wav'), 1000, 60);
  const dir = mkdtempSync(join(tmpdir(), 'sb-calls-mute-'));
  const engine0 = { ...engineConfig(35200, join(dir, 'recordings')), rtpPorts: { min: 35700, max: 35799 }, sandboxRtpPorts: { min: 35800, max: 35849 } };
  const app = await makeApp({ dir, config: { workspaceFile: workspaceWithoutIvr(dir), engine: engine0 } });
  const tel = app.app.switchboard.telephony!;
  const engine = tel.stack.engine;
  const agentPhone = phone({ user: 'alice', base: 35220, wav: join(wavs, 'agent.wav'), sipPort: 35200, register: false });
  const caller = phone({ user: 'caller', base: 35310, wav: join(wavs, 'caller.wav'), sipPort: 35200, register: false });
  t.after(async () => {
    await Promise.all([agentPhone.stop(), caller.stop()]);
    await app.close();
    removeDir(app.dir);
  });
  await Promise.all([agentPhone.start(), caller.start()]);

  const token = await agentToken(app.app, 'alice');
  let r = await cmd(app.app, token, { type: 'connect-voice', method: 'call-me', number: agentPhone.uri, persistent: true, saveAsDefault: false });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await until('alice voice connected', () => viewOf(app.app, 'alice').voice.status === 'connected');
  await agentPhone.waitEvent('CALL_ESTABLISHED');
  await cmd(app.app, token, { type: 'set-available' });
  const agentLeg = tel.voice.connectedPath('alice')!.leg!.id;

  caller.dial(`sip:${DEMO_CARE_DNIS}@127.0.0.1:35200`);
  await caller.waitEvent('CALL_ESTABLISHED');
  await sleep(1200);
  await caller.sendDtmf('55#');
  await until('the call reaches alice', () => viewOf(app.app, 'alice').interaction?.state === 'connected');
  const iid = viewOf(app.app, 'alice').interaction!.id;
  assert.equal(viewOf(app.app, 'alice').interaction!.muted, false);
  assert.equal(viewOf(app.app, 'alice').interaction!.recording.state, 'recording');
  const dtmfBefore = caller.events.filter((e) => e.type === 'CALL_DTMF_START').length;

  // What the agent's sockets are sent for a change to the call alone (SessionHub.publishView).
  const hub = app.app.switchboard.hub;
  const published: Array<boolean | undefined> = [];
  const publishView = hub.publishView.bind(hub);
  hub.publishView = (agentId: string) => {
    if (agentId === 'alice') published.push(hub.view('alice')?.interaction?.muted);
    publishView(agentId);
  };

  await sleep(500);
  const t0 = Date.now();
  const at = (s: number) => sleep(Math.max(0, t0 + s * 1000 - Date.now()));
  const now = () => (Date.now() - t0) / 1000;
  await at(2);
  r = await cmd(app.app, token, { type: 'mute', interactionId: iid, muted: true });
  const mutedAt = now();
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.state.interaction?.muted, true, 'the view shows the mute');
  assert.equal(engine.getLeg(agentLeg).muted, true, "the agent's leg is muted in the engine");
  assert.equal(published.at(-1), true, 'the sockets are sent the muted view at once (issue 14 item 2)');
  r = await cmd(app.app, token, { type: 'mute', interactionId: iid, muted: true });
  assert.equal(r.status, 200, 'muting twice is harmless');
  await at(5);
  r = await cmd(app.app, token, { type: 'mute', interactionId: iid, muted: false });
  const unmutedAt = now();
  assert.equal(r.state.interaction?.muted, false);
  assert.equal(engine.getLeg(agentLeg).muted, false);
  assert.equal(published.at(-1), false, 'the sockets are sent the unmuted view at once: the agent never believes they are muted when the caller hears them');

  // The keypad: tones to the caller.
  r = await cmd(app.app, token, { type: 'send-dtmf', interactionId: iid, digits: '2' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await cmd(app.app, token, { type: 'send-dtmf', interactionId: iid, digits: '0*' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await cmd(app.app, token, { type: 'send-dtmf', interactionId: iid, digits: '9x' });
  assert.deepEqual([r.status, (r.body.error as { code: string }).code], [400, 'VALIDATION_FAILED']);
  await until('the caller got three digits', () => caller.events.filter((e) => e.type === 'CALL_DTMF_START').length >= dtmfBefore + 3, 5000);
  const digits = caller.events
    .filter((e) => e.type === 'CALL_DTMF_START')
    .slice(dtmfBefore)
    .map((e) => String(e.param));
  assert.deepEqual(digits, ['2', '0', '*'], "the caller's phone reports the agent's keypad digits in order");

  // Hold: no tones into a held call.
  r = await cmd(app.app, token, { type: 'hold', interactionId: iid });
  assert.equal(r.state.interaction?.held, true);
  r = await cmd(app.app, token, { type: 'send-dtmf', interactionId: iid, digits: '1' });
  assert.deepEqual([r.status, (r.body.error as { code: string }).code], [409, 'ACTION_NOT_ALLOWED']);
  r = await cmd(app.app, token, { type: 'resume', interactionId: iid });
  assert.equal(r.state.interaction?.held, false);

  // Muted at hang-up: the persistent line must not carry the mute into the next call.
  await at(8);
  r = await cmd(app.app, token, { type: 'mute', interactionId: iid, muted: true });
  assert.equal(engine.getLeg(agentLeg).muted, true);
  r = await cmd(app.app, token, { type: 'hang-up', interactionId: iid });
  assert.equal(r.state.activity, 'wrap');
  assert.equal(r.state.interaction?.muted, false, 'the wrap view is not muted');
  assert.equal(engine.getLeg(agentLeg).muted, false, "the agent's persistent leg is unmuted when the call ends");
  assert.equal(published.at(-1), false, 'the last view sent after the hang-up is not muted');
  r = await cmd(app.app, token, { type: 'mute', interactionId: iid, muted: true });
  assert.deepEqual([r.status, (r.body.error as { code: string }).code], [409, 'ACTION_NOT_ALLOWED'], 'nothing to mute in wrap');
  await caller.waitEvent('CALL_CLOSED');
  r = await cmd(app.app, token, { type: 'wrap', interactionId: iid, outcomeId: 'resolved' });
  assert.equal(r.state.activity, 'idle');

  // What the caller heard, and the call's recording. Their time axes drift from wall time
  // under load (the dump grows only with packets received, the recorder may skip ticks), so
  // rather than align clocks: the longest stretch without the agent's 500 Hz must be the mute,
  // as long as the mute lasted, digitally silent, with the tone before and after it.
  const muteS = unmutedAt - mutedAt;
  const check = (who: string, samples: Int16Array) => {
    const gap = longestToneGap(samples, 500);
    const detail = `${who}: mute lasted ${muteS.toFixed(2)} s; gap ${JSON.stringify(gap)}`;
    assert.ok(gap, detail);
    assert.ok(gap.lengthS > muteS - 0.8 && gap.lengthS < muteS + 0.6, `the silence is the mute (${detail})`);
    assert.ok(gap.level < 50, `digital silence while muted (${detail})`);
    assert.ok(gap.before > 0.7 && gap.after > 0.7, `the agent is heard before and after (${detail})`);
  };
  await caller.stop(); // its dump's WAV header is complete once the file is closed
  check('caller', readWav(caller.recordings().dec!).samples);
  await tel.desk.keeper.flush();
  const rec = (await tel.records.get(iid))!;
  assert.ok(rec.recording.file, 'the call was recorded');
  const wav = readWav(rec.recording.file!);
  check('recording, agent side', channel(wav.samples, 2, 1));
  const callerSide = toneBlocks(channel(wav.samples, 2, 0), 1000);
  const callerShare = callerSide.filter(Boolean).length / callerSide.length;
  assert.ok(callerShare > 0.5, `the recording's caller side carries the caller throughout (${callerShare.toFixed(2)})`);
});
