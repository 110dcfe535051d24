import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebRtcLeg } from '@switchboard/media';
import { systemClock } from '@switchboard/shared';
import { auth, removeDir } from '../helpers';
import { agentToken, cmd, engineApp, until, viewOf } from './helpers';

// Ports: engine SIP 30800 (sandbox 30810), RTP 30820-30899, sandbox RTP 30900-30949.

test('Web Connect: the browser offer goes to the engine, the answer comes back and the voice path is connected; bad offers get a code', async (t) => {
  const app = await engineApp(30800, undefined, { rtpPorts: { min: 30820, max: 30899 }, sandboxRtpPorts: { min: 30900, max: 30949 } }, false);
  const browser = await WebRtcLeg.create({ id: 'browser', clock: systemClock });
  t.after(async () => {
    await browser.close();
    await app.close();
    removeDir(app.dir);
  });
  const token = await agentToken(app.app, 'bob');
  const post = (sdp: string) => app.app.inject({ method: 'POST', url: '/api/v1/agent/webrtc', headers: auth(token), payload: { sdp } });
  const offer = (JSON.parse(await browser.createOffer()) as { sdp: string }).sdp;

  let res = await post(offer);
  assert.deepEqual([res.statusCode, res.json().error.code], [409, 'ACTION_NOT_ALLOWED'], 'Web Connect must be chosen first');

  const r = await cmd(app.app, token, { type: 'connect-voice', method: 'web', persistent: true, saveAsDefault: false });
  assert.equal(r.state.voice.status, 'connecting');
  res = await post('v=0 this is not an offer');
  assert.deepEqual([res.statusCode, res.json().error.code], [400, 'VALIDATION_FAILED']);
  res = await post(offer);
  assert.equal(res.statusCode, 200, res.body);
  const answer = (res.json() as { sdp: string }).sdp;
  assert.match(answer, /^v=0/);
  assert.match(answer, /a=fingerprint:/);
  assert.match(answer, /PCMU\/8000/);
  await until('bob connected by web', () => viewOf(app.app, 'bob').voice.status === 'connected');
  assert.equal(app.app.switchboard.telephony!.voice.connectedPath('bob')?.method, 'web');
});
