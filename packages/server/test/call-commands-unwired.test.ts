import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/index';

test('without the telephony engine, call commands and Web Connect say so plainly', async () => {
  const app = await buildApp({ config: { dataDir: mkdtempSync(join(tmpdir(), 'sb-calls-')) } });
  try {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'alice', password: 'demo1234' } });
    assert.equal(login.statusCode, 200);
    const auth = { authorization: `Bearer ${login.json().token}` };
    const dial = await app.inject({
      method: 'POST',
      url: '/api/v1/agent/commands',
      headers: auth,
      payload: { requestId: 'req-dial-0001', command: { type: 'dial', number: '0412345678', campaignId: null } },
    });
    assert.equal(dial.statusCode, 503);
    assert.equal(dial.json().error.code, 'VOICE_UNAVAILABLE');
    const web = await app.inject({ method: 'POST', url: '/api/v1/agent/webrtc', headers: auth, payload: { sdp: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n' } });
    assert.equal(web.json().error.code, 'VOICE_UNAVAILABLE');
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/agent/commands',
      headers: auth,
      payload: { requestId: 'req-dtmf-0001', command: { type: 'send-dtmf', interactionId: 'x', digits: 'zz' } },
    });
    assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
  } finally {
    await app.close();
  }
});
