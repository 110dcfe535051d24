import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CrmError } from '../src/crm-error';
import { describeRejection, withTimeout } from '../src/with-timeout';
import { FakeEnvironment } from './fake-environment';

test('a rejection says what the CRM said: an Error, a string, or the HTTP failure ZAF rejects a request with', () => {
  assert.equal(describeRejection(new Error('Entity not found')), 'Entity not found');
  assert.equal(describeRejection('quota exceeded'), 'quota exceeded');
  // client.request rejects with jQuery's jqXHR, not an Error (String() of it is "[object Object]").
  assert.equal(
    describeRejection({ status: 422, statusText: 'Unprocessable Entity', responseJSON: { error: 'RecordInvalid', description: 'Requester is invalid' } }),
    'HTTP 422 Unprocessable Entity: Requester is invalid',
  );
  assert.equal(describeRejection({ status: 500, statusText: 'Internal Server Error', responseText: 'upstream down' }), 'HTTP 500 Internal Server Error: upstream down');
  assert.equal(describeRejection({ status: 0 }), 'HTTP 0');
  assert.equal(describeRejection({}), 'an unreadable error');
  assert.equal(describeRejection(null), 'an unreadable error');
});

test('withTimeout: a CRM refusal becomes CRM_CALL_FAILED with its reason; silence becomes CRM_TIMEOUT', async () => {
  const env = new FakeEnvironment('');
  await assert.rejects(
    withTimeout(env, 'Zendesk', 'the caller search', Promise.reject({ status: 403, statusText: 'Forbidden', responseJSON: { error: 'Forbidden' } })),
    (e: unknown) => e instanceof CrmError && e.code === 'CRM_CALL_FAILED' && e.message === 'Zendesk refused the caller search: HTTP 403 Forbidden: Forbidden',
  );
  await assert.rejects(
    withTimeout(env, 'Zendesk', 'the caller search', new Promise(() => undefined), 20),
    (e: unknown) => e instanceof CrmError && e.code === 'CRM_TIMEOUT' && /did not answer the caller search within 0 s/.test(e.message),
  );
});
