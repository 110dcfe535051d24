import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildOpenApi, routes, commandRequestSchema, clientMessageSchema } from '../src/index';

test('the OpenAPI document lists every route with its request schema', () => {
  const doc = buildOpenApi('test') as { paths: Record<string, Record<string, { requestBody?: unknown; operationId: string }>> };
  for (const [name, r] of Object.entries(routes)) {
    const path = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const op = doc.paths[path]?.[r.method.toLowerCase()];
    assert.ok(op, `missing ${r.method} ${path}`);
    assert.equal(op.operationId, name);
    assert.equal(Boolean(op.requestBody), 'body' in r);
  }
  assert.ok(doc.paths['/api/v1/events']);
});

test('commands reject unknown fields and unknown types', () => {
  assert.equal(commandRequestSchema.safeParse({ requestId: 'req-00000001', command: { type: 'set-available' } }).success, true);
  assert.equal(commandRequestSchema.safeParse({ requestId: 'req-00000001', command: { type: 'set-available', x: 1 } }).success, false);
  assert.equal(commandRequestSchema.safeParse({ requestId: 'req-00000001', command: { type: 'fly' } }).success, false);
  assert.equal(commandRequestSchema.safeParse({ requestId: 'short', command: { type: 'set-available' } }).success, false);
  const c = commandRequestSchema.parse({ requestId: 'req-00000001', command: { type: 'connect-voice', method: 'web' } });
  assert.deepEqual(c.command, { type: 'connect-voice', method: 'web', persistent: true, saveAsDefault: false });
});

test('the first WebSocket message shape is checked', () => {
  assert.equal(clientMessageSchema.safeParse({ type: 'hello', token: 't', clientId: 'tab-12345678' }).success, true);
  assert.equal(clientMessageSchema.safeParse({ type: 'hello', token: '', clientId: 'tab-12345678' }).success, false);
});

test('call commands are validated and told apart from session commands', async () => {
  const { commandSchema, isSessionCommand } = await import('../src/index');
  const dial = commandSchema.parse({ type: 'dial', number: ' 0412 345 678 ', campaignId: null });
  assert.deepEqual(dial, { type: 'dial', number: '0412 345 678', campaignId: null });
  assert.equal(isSessionCommand(dial), false);
  assert.equal(isSessionCommand(commandSchema.parse({ type: 'pause', reasonId: 'lunch' })), true);
  assert.equal(commandSchema.safeParse({ type: 'send-dtmf', interactionId: 'i1', digits: '12x' }).success, false);
  assert.equal(commandSchema.safeParse({ type: 'wrap', interactionId: 'i1', outcomeId: 'resolved', extra: 1 }).success, false);
  assert.equal(commandSchema.safeParse({ type: 'set-notes', interactionId: 'i1', text: 'x'.repeat(10001) }).success, false);
});
