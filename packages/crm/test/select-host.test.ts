import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CrmError, StandaloneHost, hostFor } from '../src/index';
import { FakeEnvironment } from './fake-environment';

test('the URL picks the bridge: none is the standalone host, a known CRM its bridge, anything else a clear error', async () => {
  const standalone = await hostFor(new FakeEnvironment(''));
  assert.ok(standalone instanceof StandaloneHost);
  await standalone.init();
  assert.deepEqual(await standalone.screenPop(), { matches: [], opened: null });
  assert.equal(standalone.capabilities().clickToDial, false);

  for (const name of ['salesforce', 'servicenow', 'dynamics', 'zendesk'] as const) assert.equal((await hostFor(new FakeEnvironment(`?crm=${name}`))).name, name);
  await assert.rejects(hostFor(new FakeEnvironment('?crm=siebel')), (e: unknown) => e instanceof CrmError && e.code === 'CRM_UNKNOWN' && /siebel/.test(e.message));
});

test("the ServiceNow bridge gets the server's records port from hostFor: with it the call is logged, without it logging is not offered", async () => {
  const logged: string[] = [];
  const records = {
    findByPhone: async () => [],
    logInteraction: async (log: { interactionId: string }) => {
      logged.push(log.interactionId);
      return { sys_id: 'x' };
    },
  };
  const withPort = await hostFor(new FakeEnvironment('?crm=servicenow'), { serviceNowRecords: records });
  assert.equal(withPort.capabilities().logActivity, true);
  const without = await hostFor(new FakeEnvironment('?crm=servicenow'));
  assert.equal(without.capabilities().logActivity, false);
  // Other bridges ignore the port.
  assert.equal((await hostFor(new FakeEnvironment('?crm=salesforce'), { serviceNowRecords: records })).name, 'salesforce');
});
