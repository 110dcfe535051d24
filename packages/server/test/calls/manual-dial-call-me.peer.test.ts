import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { AgentView } from '@switchboard/protocol';
import { channel, readWav, toneSeconds, tempDir } from '@switchboard/testkit';
import { auth, removeDir } from '../helpers';
import { Baresip, agentToken, cmd, engineApp, makeToneWav, sleep, until, viewOf } from './helpers';

// Ports: engine SIP 35410 (sandbox 35420), RTP 35850-35879, sandbox RTP 35880-35899;
// the agent's baresip 35900 (RTP 35910-35959, cons 35980, ctrl 35981).

const presence = (v: AgentView) => (v.presence.kind === 'paused' ? `paused:${v.presence.reason.name}` : v.presence.kind);

test("manual dial on a per-call path (call-me, line not kept open): the agent's phone rings first; unanswered or declined → its own notice, nothing dialled, state back to idle; answered → the customer is dialled (busy → its own notice; agent hangs up → customer cancelled) and bridged; sign-out in wrap or mid-call leaves a final record", async (t) => {
  const wavs = tempDir('server-dial-callme');
  makeToneWav(join(wavs, 'agent.wav'), 500, 60);
  const app = await engineApp(35410, undefined, { rtpPorts: { min: 35850, max: 35879 }, sandboxRtpPorts: { min: 35880, max: 35899 } });
  const tel = app.app.switchboard.telephony!;
  const engine = tel.stack.engine;
  tel.desk.manualAgentRingMs = 3000; // AGENT_RING_SECONDS is 4 in tests; shorter still here
  const agentPhone = new Baresip({ name: 'alice', base: 35900, audioWav: join(wavs, 'agent.wav'), autoAnswer: false });
  t.after(async () => {
    await agentPhone.stop();
    await app.close();
    removeDir(app.dir);
  });
  await agentPhone.start();
  const token = await agentToken(app.app, 'alice');
  let r = await cmd(app.app, token, { type: 'connect-voice', method: 'call-me', number: agentPhone.uri, persistent: false, saveAsDefault: false });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await until('alice connected (per call)', () => viewOf(app.app, 'alice').voice.status === 'connected');
  assert.equal(tel.voice.connectedPath('alice')?.leg, undefined, 'no leg is up between calls');
  assert.equal(viewOf(app.app, 'alice').dial?.canDial, true);
  assert.equal(presence(viewOf(app.app, 'alice')), 'paused:Not Ready');

  const notices: Array<{ code: string; message: string }> = [];
  app.app.switchboard.hub.session('alice')!.on('event', (e) => e.notice && notices.push(e.notice));
  const trunkLegs = () => engine.listLegs().filter((l) => l.trunk !== undefined).length;
  const incoming = () => agentPhone.events.filter((e) => e.type === 'CALL_INCOMING').length;
  const closed = () => agentPhone.events.filter((e) => e.type === 'CALL_CLOSED').length;

  // 1. The agent's phone rings and nobody answers: no customer is dialled.
  r = await cmd(app.app, token, { type: 'dial', number: '0491 570 100', campaignId: null });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.state.activity, 'dialling');
  assert.equal(r.state.interaction?.presentation, 'dialling');
  await until("alice's phone rings", () => incoming() === 1, 5000);
  assert.equal(trunkLegs(), 0, "the customer is not dialled while the agent's phone rings");
  await until('the unanswered dial ends', () => viewOf(app.app, 'alice').activity === 'idle', 8000);
  assert.deepEqual(
    notices.map((n) => n.code),
    ['DIAL_AGENT_PHONE_NO_ANSWER'],
  );
  assert.match(notices[0]!.message, /Your phone did not answer/);
  let v = viewOf(app.app, 'alice');
  assert.equal(presence(v), 'paused:Not Ready', 'presence unchanged');
  assert.equal(v.voice.status, 'connected', 'the per-call path is still usable');
  assert.equal(v.interaction ?? null, null);
  assert.equal(trunkLegs(), 0);
  const failedId = [...tel.desk.list()].find((c) => c.interaction.direction === 'OUT')!.interaction.id;

  // 2. The agent declines on the phone.
  notices.length = 0;
  r = await cmd(app.app, token, { type: 'dial', number: '0491 570 100', campaignId: null });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await until("alice's phone rings again", () => incoming() === 2, 5000);
  agentPhone.hangup(); // rejects the incoming call
  await until('the declined dial ends', () => viewOf(app.app, 'alice').activity === 'idle', 8000);
  assert.equal(notices.length, 1);
  assert.ok(['DIAL_AGENT_PHONE_BUSY', 'DIAL_AGENT_PHONE_REJECTED'].includes(notices[0]!.code), JSON.stringify(notices));
  assert.match(notices[0]!.message, /Your phone (is busy|declined)/);
  assert.equal(presence(viewOf(app.app, 'alice')), 'paused:Not Ready');
  assert.equal(trunkLegs(), 0);

  // 3. The agent presses Hang up in the adapter while their phone rings.
  notices.length = 0;
  r = await cmd(app.app, token, { type: 'dial', number: '0491 570 100', campaignId: null });
  await until("alice's phone rings a third time", () => incoming() === 3, 5000);
  const ringing = viewOf(app.app, 'alice').interaction!.id;
  r = await cmd(app.app, token, { type: 'hang-up', interactionId: ringing });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await until('cancelled', () => viewOf(app.app, 'alice').activity === 'idle', 5000);
  assert.deepEqual(
    notices.map((n) => n.code),
    ['DIAL_CANCELLED'],
  );
  await until("alice's phone stops ringing", () => closed() >= 3, 5000);

  // 4. Answered, but the number is busy: the customer's own notice, and the agent's phone is released.
  notices.length = 0;
  r = await cmd(app.app, token, { type: 'dial', number: '0491 570 200', campaignId: null });
  await until("alice's phone rings (busy number)", () => incoming() === 4, 5000);
  agentPhone.command('accept');
  await until('the busy dial ends', () => viewOf(app.app, 'alice').activity === 'idle', 8000);
  assert.deepEqual(
    notices.map((n) => n.code),
    ['DIAL_BUSY'],
  );
  await until("alice's phone is hung up", () => closed() >= 4, 5000);

  // 5. Answered, the customer rings, and the agent hangs up their phone: the customer is not left ringing.
  notices.length = 0;
  r = await cmd(app.app, token, { type: 'dial', number: '0491 570 300', campaignId: null });
  await until("alice's phone rings (never-answering number)", () => incoming() === 5, 5000);
  agentPhone.command('accept');
  await until('the customer rings', () => trunkLegs() === 1, 5000);
  await sleep(300);
  agentPhone.hangup();
  await until("the dial ends with the agent's hang-up", () => viewOf(app.app, 'alice').activity === 'idle', 8000);
  assert.deepEqual(
    notices.map((n) => n.code),
    ['DIAL_CANCELLED'],
  );
  await until('no customer leg left', () => trunkLegs() === 0, 5000);
  assert.equal(presence(viewOf(app.app, 'alice')), 'paused:Not Ready');

  // 6. Answered on the phone: the customer (sandbox 1 kHz) is dialled and bridged.
  notices.length = 0;
  r = await cmd(app.app, token, { type: 'dial', number: '0491 570 100', campaignId: 'care-inbound' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await until("alice's phone rings a sixth time", () => incoming() === 6, 5000);
  agentPhone.command('accept');
  await until('the customer answers', () => viewOf(app.app, 'alice').interaction?.state === 'connected', 8000);
  v = viewOf(app.app, 'alice');
  const out = v.interaction!;
  assert.equal(v.activity, 'on-call');
  assert.equal(out.direction, 'OUT');
  assert.equal(out.customerNumber, '+61491570100');
  assert.equal(presence(v), 'paused:Not Ready');
  await sleep(2500);
  r = await cmd(app.app, token, { type: 'hang-up', interactionId: out.id });
  assert.equal(r.state.activity, 'wrap');
  await until("alice's phone is hung up after the call", () => closed() >= 6, 5000);
  await sleep(300);
  const heard = readWav(agentPhone.recordings().dec!);
  const secs = toneSeconds(channel(heard.samples, heard.channels, 0), 1000, heard.rate);
  assert.ok(secs > 1.5, `the agent heard the customer's 1 kHz tone (${secs.toFixed(2)} s)`);
  assert.deepEqual(
    notices.filter((n) => n.code.startsWith('DIAL_')),
    [],
  );

  // 7. Signing out while in wrap (the session ends): the record is saved, wrapped by the system.
  const logout = await app.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: auth(token) });
  assert.ok(logout.statusCode < 300, logout.body);
  await until('the session is gone', () => app.app.switchboard.hub.view('alice') === null, 5000);
  await tel.desk.keeper.flush();
  const rec = (await tel.records.get(out.id))!;
  assert.ok(rec, 'the call record exists');
  assert.equal(rec.final, true, 'the record is final: the wrap was closed');
  assert.deepEqual([rec.wrappedBy, rec.outcomeId, rec.agentId, rec.endCause], ['system', 'resolved', 'alice', 'agent-hangup']);
  const failed = (await tel.records.get(failedId))!;
  assert.deepEqual([failed.final, failed.endCause], [true, 'agent-phone-no-answer'], 'the unanswered dial is on record with its cause');

  // 8. Signed out in the middle of a live call: the call ends, and its record is final too.
  const token2 = await agentToken(app.app, 'alice');
  r = await cmd(app.app, token2, { type: 'connect-voice', method: 'call-me', number: agentPhone.uri, persistent: false, saveAsDefault: false });
  await until('alice connected again', () => viewOf(app.app, 'alice').voice.status === 'connected');
  r = await cmd(app.app, token2, { type: 'dial', number: '0491 570 100', campaignId: 'care-inbound' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await until("alice's phone rings a seventh time", () => incoming() === 7, 5000);
  agentPhone.command('accept');
  await until('live again', () => viewOf(app.app, 'alice').interaction?.state === 'connected', 8000);
  const live = viewOf(app.app, 'alice').interaction!.id;
  const logout2 = await app.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: auth(token2) });
  assert.ok(logout2.statusCode < 300, logout2.body);
  await until("alice's phone is hung up at sign-out", () => closed() >= 7, 5000);
  await until('no call leg left', () => engine.listLegs().length === 0, 5000);
  await tel.desk.keeper.flush();
  const cut = (await tel.records.get(live))!;
  assert.equal(cut.final, true, `the live call's record is final (${JSON.stringify({ endCause: cut.endCause, wrappedBy: cut.wrappedBy })})`);
  assert.deepEqual([cut.wrappedBy, cut.outcomeId, cut.agentId], ['system', 'resolved', 'alice']);
  assert.ok(['agent-dropped', 'session-ended'].includes(cut.endCause ?? ''), `end cause ${cut.endCause}`);
});
