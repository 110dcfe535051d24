import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { WebRtcLeg } from '@switchboard/media';
import { systemClock } from '@switchboard/shared';
import { tempDir } from '@switchboard/testkit';
import { DEMO_CARE_DNIS } from '../../src/calls/demo-call-flow';
import { auth, removeDir } from '../helpers';
import { agentToken, cmd, engineApp, makeToneWav, phone, sleep, until, viewOf } from './helpers';

// Ports: engine SIP 34600 (sandbox 34610), RTP 34700-34899, sandbox RTP 34520-34599; baresip caller 34900 block.

test('Web Connect without "keep the line open": each call rings in the adapter; Answer bridges it on the browser line; one left ringing auto-pauses and goes back to the queue', async (t) => {
  const wavs = tempDir('web-ring');
  makeToneWav(join(wavs, 'caller.wav'), 1000, 60);
  const app = await engineApp(34600, undefined, { rtpPorts: { min: 34700, max: 34899 }, sandboxRtpPorts: { min: 34520, max: 34599 } });
  const browser = await WebRtcLeg.create({ id: 'browser', clock: systemClock });
  const caller = phone({ user: 'caller', base: 34900, wav: join(wavs, 'caller.wav'), sipPort: 34600, register: false });
  t.after(async () => {
    await caller.stop();
    await browser.close();
    await app.close();
    removeDir(app.dir);
  });

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

  // First call: it rings in the adapter and waits for Answer.
  await caller.start();
  caller.dial(`sip:${DEMO_CARE_DNIS}@127.0.0.1:34600`);
  await caller.waitEvent('CALL_ESTABLISHED');
  await caller.sendDtmf('1#1');
  await until('bob is offered the call', () => viewOf(app.app, 'bob').interaction?.state === 'offered', 20_000);
  await sleep(1000);
  let v = viewOf(app.app, 'bob');
  assert.equal(v.interaction?.state, 'offered', 'not bridged before Answer');
  r = await cmd(app.app, token, { type: 'answer', interactionId: v.interaction!.id });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await until('bob on the call', () => viewOf(app.app, 'bob').interaction?.state === 'connected');
  caller.hangup();
  await until('bob in wrap', () => viewOf(app.app, 'bob').activity === 'wrap', 10_000);
  v = viewOf(app.app, 'bob');
  r = await cmd(app.app, token, { type: 'wrap', interactionId: v.interaction!.id, outcomeId: 'resolved' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(viewOf(app.app, 'bob').voice.status, 'connected', 'the browser line stays up between calls');

  // Second call: left ringing past AGENT_RING_SECONDS (4 s in tests): Auto Pause, caller back in the queue.
  await sleep(500);
  caller.dial(`sip:${DEMO_CARE_DNIS}@127.0.0.1:34600`);
  await until('second call established', () => caller.events.filter((e) => e.type === 'CALL_ESTABLISHED').length >= 2, 10_000);
  await caller.sendDtmf('2#1');
  await until('bob is offered the second call', () => viewOf(app.app, 'bob').interaction?.state === 'offered', 20_000);
  const second = viewOf(app.app, 'bob').interaction!.id;
  await until(
    'Auto Pause',
    () => {
      const p = viewOf(app.app, 'bob').presence;
      return p.kind === 'paused' && p.reason.id === 'auto-pause';
    },
    10_000,
  );
  const tel = app.app.switchboard.telephony!;
  assert.equal(tel.desk.get(second)?.interaction.state, 'queued', 'the caller is back in the queue');
  assert.equal(viewOf(app.app, 'bob').voice.status, 'connected', 'the browser line is still up');
  caller.hangup();
});
