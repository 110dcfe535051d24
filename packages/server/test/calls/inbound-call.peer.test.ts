import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { channel, readWav, toneSeconds, tempDir } from '@switchboard/testkit';
import { DEMO_CARE_DNIS } from '../../src/calls/demo-call-flow';
import { removeDir } from '../helpers';
import { Baresip, agentToken, cmd, engineApp, makeToneWav, phone, sleep, until, viewOf } from './helpers';

/** The /metrics samples by name and labels, e.g. `switchboard_rtp_packets_total{direction="in"}`. */
async function scrape(app: Parameters<typeof viewOf>[0]): Promise<Map<string, number>> {
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(res.statusCode, 200);
  const m = new Map<string, number>();
  for (const line of res.body.split('\n')) if (line && !line.startsWith('#')) m.set(line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1)));
  return m;
}

// Ports: engine SIP 30000 (sandbox 30010), RTP 30100-30499; baresips 30600 (agent) and 30700 (caller).

test('a caller dials the care DNIS, keys IVR digits, is queued and reaches a persistent call-me agent; audio both ways; hold, notes, recording, hang-up, wrap, call record', async (t) => {
  const wavs = tempDir('server-calls');
  makeToneWav(join(wavs, 'agent.wav'), 500, 60);
  makeToneWav(join(wavs, 'caller.wav'), 1000, 60);
  const app = await engineApp(30000);
  const tel = app.app.switchboard.telephony!;
  const agentPhone = phone({ user: 'alice', base: 30600, wav: join(wavs, 'agent.wav'), sipPort: 30000, register: false });
  const caller = phone({ user: 'caller', base: 30700, wav: join(wavs, 'caller.wav'), sipPort: 30000, register: false });
  t.after(async () => {
    await Promise.all([agentPhone.stop(), caller.stop()]);
    await app.close();
    removeDir(app.dir);
  });
  await agentPhone.start();

  // Alice connects by call-me, keeping the line open, to her phone (a SIP URI: the lab setting).
  const token = await agentToken(app.app, 'alice');
  let r = await cmd(app.app, token, { type: 'connect-voice', method: 'call-me', number: agentPhone.uri, persistent: true, saveAsDefault: false });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await until('alice voice connected', () => viewOf(app.app, 'alice').voice.status === 'connected');
  await agentPhone.waitEvent('CALL_ESTABLISHED');
  r = await cmd(app.app, token, { type: 'set-available' });
  assert.equal(r.state.presence.kind, 'available');
  assert.deepEqual(r.state.dial, { canDial: true, region: 'AU' });

  // A caller dials the care line, hears the prompts and keys an account number.
  await caller.start();
  caller.dial(`sip:${DEMO_CARE_DNIS}@127.0.0.1:30000`);
  await caller.waitEvent('CALL_ESTABLISHED');
  await sleep(1200); // during the welcome: keys typed ahead are kept for the account, then the menu (1: care)
  await caller.sendDtmf('4321#1');
  await until('the call reaches alice', () => viewOf(app.app, 'alice').interaction?.state === 'connected');
  const view = viewOf(app.app, 'alice');
  const call = view.interaction!;
  assert.equal(view.activity, 'on-call');
  assert.equal(call.direction, 'IN');
  assert.equal(call.presentation, 'live');
  assert.deepEqual(
    call.ivrData.map((e) => [e.label, e.value]),
    [
      ['account', '4321'],
      ['menu', '1'],
    ],
  );
  assert.equal(call.info.find((i) => i.key === 'platformPhone')?.value, DEMO_CARE_DNIS);
  assert.equal(call.recording.state, 'recording', 'care-inbound records (agent-controlled, started at answer)');
  assert.equal(call.capabilities.canHold, true);

  await sleep(2500); // audio both ways
  const iid = call.id;

  // The engine's figures on /metrics: both legs of the call (and alice's line) live, media counted.
  const during = await scrape(app.app);
  assert.ok((during.get('switchboard_telephony_legs{kind="sip",state="answered"}') ?? 0) >= 2, "the caller's leg and alice's line are answered SIP legs");
  assert.ok(during.get('switchboard_media_legs')! >= 2);
  assert.ok(during.get('switchboard_rtp_packets_total{direction="in"}')! > 100, 'seconds of audio counted in');
  assert.ok(during.get('switchboard_rtp_packets_total{direction="out"}')! > 100, 'and out');
  assert.ok(during.get('switchboard_sip_messages_total{direction="received"}')! > 0);
  assert.equal(during.get('switchboard_sip_parse_dropped_total'), 0);
  r = await cmd(app.app, token, { type: 'add-bookmark', interactionId: iid });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await cmd(app.app, token, { type: 'hold', interactionId: iid });
  assert.equal(r.state.interaction?.held, true);
  assert.equal(r.state.interaction?.capabilities.canResume, true);
  await sleep(300);
  r = await cmd(app.app, token, { type: 'resume', interactionId: iid });
  assert.equal(r.state.interaction?.held, false);
  r = await cmd(app.app, token, { type: 'set-notes', interactionId: iid, text: 'Asked about the bill' });
  assert.equal(r.state.interaction?.notes, 'Asked about the bill');
  r = await cmd(app.app, token, { type: 'toggle-recording', interactionId: iid });
  assert.equal(r.state.interaction?.recording.state, 'paused');
  assert.equal(r.state.interaction?.recording.icon, 'paused');
  r = await cmd(app.app, token, { type: 'mute', interactionId: iid, muted: true });
  assert.equal(r.state.interaction?.muted, true, 'mute is real now (mute-dtmf.peer.test.ts checks the audio)');
  r = await cmd(app.app, token, { type: 'hang-up', interactionId: iid });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.state.activity, 'wrap');
  assert.equal(r.state.interaction?.presentation, 'ended');
  assert.equal(r.state.interaction?.wrap?.canExtend, true);
  await caller.waitEvent('CALL_CLOSED');
  assert.equal(viewOf(app.app, 'alice').voice.status, 'connected', 'the persistent line stays up after the call');
  r = await cmd(app.app, token, { type: 'extend-wrap', interactionId: iid });
  assert.equal(r.state.interaction?.wrap?.canExtend, false, 'extend once');
  r = await cmd(app.app, token, { type: 'wrap', interactionId: iid, outcomeId: 'follow-up' });
  assert.equal(r.state.activity, 'idle');
  assert.equal(r.state.interaction ?? null, null);
  assert.equal(r.state.presence.kind, 'available');

  // What each phone really heard.
  const atAgent = readWav(agentPhone.recordings().dec!);
  const atCaller = readWav(caller.recordings().dec!);
  const agentHeard = toneSeconds(channel(atAgent.samples, atAgent.channels, 0), 1000, atAgent.rate);
  const callerHeard = toneSeconds(channel(atCaller.samples, atCaller.channels, 0), 500, atCaller.rate);
  assert.ok(agentHeard > 1.5, `the agent heard the caller's 1 kHz tone (${agentHeard.toFixed(2)} s)`);
  assert.ok(callerHeard > 1.5, `the caller heard the agent's 500 Hz tone (${callerHeard.toFixed(2)} s)`);

  await tel.desk.keeper.flush();
  const rec = (await tel.records.get(iid))!;
  assert.equal(rec.final, true);
  assert.deepEqual([rec.outcomeId, rec.wrappedBy, rec.agentId, rec.endCause], ['follow-up', 'agent', 'alice', 'agent-hangup']);

  // After the caller's leg has gone, the counters keep its packets: they only grow.
  const after = await scrape(app.app);
  assert.ok(after.get('switchboard_rtp_packets_total{direction="in"}')! >= during.get('switchboard_rtp_packets_total{direction="in"}')!);
  assert.ok(after.get('switchboard_media_legs')! < during.get('switchboard_media_legs')!, "the caller's media leg is closed");
  assert.deepEqual(
    rec.recording.markers.filter((m) => m.kind === 'manual').map((m) => m.label),
    ['Manual'],
  );
});

test('non-persistent call-me rings per call: not answered → Auto Pause and the caller goes back to the queue; an agent connected by call-in (agent ID + PIN by DTMF) then takes it', async (t) => {
  const wavs = tempDir('server-calls2');
  makeToneWav(join(wavs, 'agent.wav'), 500, 60);
  makeToneWav(join(wavs, 'caller.wav'), 1000, 60);
  const app = await engineApp(30000);
  const tel = app.app.switchboard.telephony!;
  const alicePhone = new Baresip({ name: 'alice', base: 30600, audioWav: join(wavs, 'agent.wav'), autoAnswer: false });
  const bobPhone = phone({ user: 'bob', base: 30500, wav: join(wavs, 'agent.wav'), sipPort: 30000, register: false });
  const caller = phone({ user: 'caller', base: 30700, wav: join(wavs, 'caller.wav'), sipPort: 30000, register: false });
  t.after(async () => {
    await Promise.all([alicePhone.stop(), bobPhone.stop(), caller.stop()]);
    await app.close();
    removeDir(app.dir);
  });
  await Promise.all([alicePhone.start(), bobPhone.start(), caller.start()]);

  // Alice: call-me without keeping the line open; connected at once, rung per call.
  const alice = await agentToken(app.app, 'alice');
  let r = await cmd(app.app, alice, { type: 'connect-voice', method: 'call-me', number: alicePhone.uri, persistent: false, saveAsDefault: false });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await until('alice connected', () => viewOf(app.app, 'alice').voice.status === 'connected');
  await cmd(app.app, alice, { type: 'set-available' });

  caller.dial(`sip:${DEMO_CARE_DNIS}@127.0.0.1:30000`);
  await caller.waitEvent('CALL_ESTABLISHED');
  await sleep(1200);
  await caller.sendDtmf('77#1');
  await until('alice is offered the call', () => viewOf(app.app, 'alice').interaction?.presentation === 'ringing', 8000);
  assert.equal(viewOf(app.app, 'alice').interaction?.capabilities.canAnswer, true);
  await alicePhone.waitEvent('CALL_INCOMING', 5000);
  // Nobody answers within the ring time (4 s in tests).
  await until(
    'missed → Auto Pause',
    () => {
      const v = viewOf(app.app, 'alice');
      return v.presence.kind === 'paused' && v.presence.reason.name === 'Auto Pause';
    },
    8000,
  );
  assert.equal(viewOf(app.app, 'alice').interaction ?? null, null);
  const waiting = [...tel.desk.inboundCalls()].find((c) => c.interaction.state === 'queued')!;
  assert.ok(waiting, 'the caller is back in the queue');
  assert.equal(tel.desk.router.stats('care-queue').waiting, 1);

  // Bob: call in, key his agent number then his configured PIN.
  const bob = await agentToken(app.app, 'bob');
  r = await cmd(app.app, bob, { type: 'connect-voice', method: 'call-in', persistent: true, saveAsDefault: false });
  const instructions = r.state.voice.callIn!;
  assert.deepEqual([instructions.dialNumber, instructions.agentNumber], ['+61290000000', '1002']);
  bobPhone.dial(`sip:+61290000000@127.0.0.1:30000`);
  await bobPhone.waitEvent('CALL_ESTABLISHED');
  await sleep(700);
  await bobPhone.sendDtmf('1002#');
  await sleep(700);
  await bobPhone.sendDtmf(`${instructions.pin}#`);
  await until('bob connected by call-in', () => viewOf(app.app, 'bob').voice.status === 'connected', 8000);
  await cmd(app.app, bob, { type: 'set-available' });
  await until('bob takes the call', () => viewOf(app.app, 'bob').interaction?.state === 'connected', 5000);
  assert.equal(viewOf(app.app, 'bob').interaction?.id, waiting.interaction.id);
  await sleep(2000);
  caller.hangup();
  await until('bob in wrap', () => viewOf(app.app, 'bob').activity === 'wrap', 5000);
  const atBob = readWav(bobPhone.recordings().dec!);
  const heard = toneSeconds(channel(atBob.samples, atBob.channels, 0), 1000, atBob.rate);
  assert.ok(heard > 1, `bob heard the caller (${heard.toFixed(2)} s of 1 kHz)`);
  assert.equal(viewOf(app.app, 'bob').interaction?.endCause, 'customer-hangup');
});
