import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { auth, command, errorOf, login, makeApp, removeDir } from './helpers';

async function stillAnswers(app: FastifyInstance, token: string): Promise<void> {
  const res = await app.inject({ method: 'GET', url: '/api/v1/agent/state', headers: auth(token) });
  assert.equal(res.statusCode, 200, 'the server answers normally afterwards');
}

test('bad requests get a code and status, and the server keeps answering', async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const token = await login(app, 'alice', 'demo1234');
  const post = (payload: string | object, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    app.inject({ method: 'POST', url: '/api/v1/agent/commands', headers: { ...auth(token), ...headers }, payload });

  await t.test('malformed JSON → 400 MALFORMED_JSON', async () => {
    const e = errorOf(await post('{"requestId": "req-00000001", "command": {'));
    assert.deepEqual([e.status, e.code], [400, 'MALFORMED_JSON']);
    await stillAnswers(app, token);
  });

  await t.test('unknown fields → 400 VALIDATION_FAILED naming them', async () => {
    const e = errorOf(await post({ requestId: 'req-00000002', command: { type: 'set-available', colour: 'red' }, extra: 1 }));
    assert.deepEqual([e.status, e.code], [400, 'VALIDATION_FAILED']);
    const fields = (e.details as { fields: Record<string, string> }).fields;
    assert.ok('extra' in fields, JSON.stringify(fields));
    await stillAnswers(app, token);
  });

  await t.test('wrong types → 400 VALIDATION_FAILED naming the field', async () => {
    const e = errorOf(await post({ requestId: 12345678, command: { type: 'pause', reasonId: 7 } }));
    assert.deepEqual([e.status, e.code], [400, 'VALIDATION_FAILED']);
    const fields = (e.details as { fields: Record<string, string> }).fields;
    assert.ok('requestId' in fields, JSON.stringify(fields));
    await stillAnswers(app, token);
  });

  await t.test("login without a username → VALIDATION_FAILED with the manual's wording", async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: '', password: 'x' } });
    const e = errorOf(res);
    assert.deepEqual([e.status, e.code], [400, 'VALIDATION_FAILED']);
    assert.equal((e.details as { fields: Record<string, string> }).fields.username, 'Agent Username is required');
  });

  await t.test('oversized body → 413 BODY_TOO_LARGE', async () => {
    const e = errorOf(await post({ requestId: 'req-00000003', command: { type: 'set-available' }, pad: 'x'.repeat(70 * 1024) }));
    assert.deepEqual([e.status, e.code], [413, 'BODY_TOO_LARGE']);
    await stillAnswers(app, token);
  });

  await t.test('unknown pause reason → 422 UNKNOWN_PAUSE_REASON', async () => {
    await command(app, token, { type: 'skip-voice' });
    const e = errorOf(await command(app, token, { type: 'pause', reasonId: 'nap' }));
    assert.deepEqual([e.status, e.code], [422, 'UNKNOWN_PAUSE_REASON']);
    // A system reason cannot be picked either.
    assert.equal(errorOf(await command(app, token, { type: 'pause', reasonId: 'auto-pause' })).code, 'UNKNOWN_PAUSE_REASON');
    await stillAnswers(app, token);
  });

  await t.test('wrong content type → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const e = errorOf(await post('requestId=req-00000004', { 'content-type': 'application/x-www-form-urlencoded' }));
    assert.deepEqual([e.status, e.code], [415, 'UNSUPPORTED_MEDIA_TYPE']);
    const e2 = errorOf(await post('{"requestId":"req-00000005"}', { 'content-type': 'text/plain' }));
    assert.equal(e2.code, 'UNSUPPORTED_MEDIA_TYPE');
    await stillAnswers(app, token);
  });

  await t.test('bad X-Client-Id → 400 VALIDATION_FAILED', async () => {
    const e = errorOf(await command(app, token, { type: 'set-available' }, { clientId: 'bad id!' }));
    assert.deepEqual([e.status, e.code], [400, 'VALIDATION_FAILED']);
  });

  await t.test('bad query → 400, unknown route → 404 NOT_FOUND', async () => {
    const sam = await login(app, 'sam', 'demo1234');
    const e = errorOf(await app.inject({ method: 'GET', url: '/api/v1/agents/alice/audit?limit=0', headers: auth(sam) }));
    assert.deepEqual([e.status, e.code], [400, 'VALIDATION_FAILED']);
    const e2 = errorOf(await app.inject({ method: 'GET', url: '/api/v1/agents/alice/audit?limit=5&x=1', headers: auth(sam) }));
    assert.equal(e2.code, 'VALIDATION_FAILED');
    const nf = errorOf(await app.inject({ method: 'GET', url: '/api/v1/nothing-here' }));
    assert.deepEqual([nf.status, nf.code], [404, 'NOT_FOUND']);
    const na = errorOf(await app.inject({ method: 'GET', url: '/api/v1/agents/nobody/audit', headers: auth(sam) }));
    assert.deepEqual([na.status, na.code], [404, 'NOT_FOUND']);
  });
});

test('the OpenAPI document comes from the protocol and documents X-Client-Id', async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  assert.equal(res.statusCode, 200);
  const doc = res.json() as { openapi: string; paths: Record<string, Record<string, { parameters: Array<{ name: string; in: string }> }>> };
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(doc.paths['/api/v1/agent/commands']?.post?.parameters.some((p) => p.name === 'X-Client-Id' && p.in === 'header'));
  assert.ok(doc.paths['/api/v1/agents/{agentId}/audit']);
});
