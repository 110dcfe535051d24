import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryCallbackStore, callbackFromRequest, type CallbackRequest } from '../../src/index';

const request: CallbackRequest = {
  number: '0491 570 110',
  queueId: 'care-queue',
  campaignId: 'care-inbound',
  requestedAt: 1_790_000_000_000,
  workflowId: 'demo-care',
  ivrData: [{ label: 'account', value: '4321' }],
};

test("a runner's callback request becomes a row: the caller's number read in the workspace's region as E.164", () => {
  const c = callbackFromRequest(request, { id: 'cb-1', interactionId: 'int-1', region: 'AU' });
  assert.deepEqual(c, {
    id: 'cb-1',
    interactionId: 'int-1',
    campaignId: 'care-inbound',
    queueId: 'care-queue',
    workflowId: 'demo-care',
    number: '+61491570110',
    requestedAt: 1_790_000_000_000,
    ivrData: [{ label: 'account', value: '4321' }],
  });
  assert.equal(callbackFromRequest({ ...request, number: '+61491570110' }, { id: 'cb-2', interactionId: null, region: null }).number, '+61491570110');
  // A SIP user name or an unknown region is not a number to call back.
  assert.throws(
    () => callbackFromRequest({ ...request, number: 'caller' }, { id: 'x', interactionId: null, region: 'AU' }),
    (e: { code?: string }) => e.code === 'INVALID_PHONE_NUMBER',
  );
  assert.throws(
    () => callbackFromRequest(request, { id: 'x', interactionId: null, region: null }),
    (e: { code?: string }) => e.code === 'INVALID_PHONE_NUMBER',
  );
});

test('MemoryCallbackStore: pending on add, duplicates refused, E.164 enforced, oldest first', async () => {
  const s = new MemoryCallbackStore();
  const c = callbackFromRequest(request, { id: 'cb-1', interactionId: 'int-1', region: 'AU' });
  assert.equal((await s.add(c)).status, 'pending');
  await assert.rejects(s.add(c), (e: { code?: string }) => e.code === 'CONFLICT');
  await assert.rejects(s.add({ ...c, id: 'cb-2', number: '0491570110' }), (e: { code?: string }) => e.code === 'VALIDATION_FAILED');
  await s.add({ ...c, id: 'cb-0', requestedAt: c.requestedAt - 1 });
  assert.deepEqual(
    (await s.listPending()).map((x) => x.id),
    ['cb-0', 'cb-1'],
  );
  const got = (await s.get('cb-1'))!;
  got.ivrData.push({ label: 'x', value: 'y' });
  assert.equal((await s.get('cb-1'))!.ivrData.length, 1, 'copies, not the stored row');
});
