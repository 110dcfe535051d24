import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CrmError, StandaloneHost, backgroundRole, hostFor } from '../src/index';
import { RELAYED_DIALOUT } from '../src/zendesk/zendesk-host';
import { ZAF_SDK_URL } from '../src/zendesk/zaf';
import { fakeZaf } from './fake-zaf';
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

test("Zendesk's background location runs only the click-to-dial relay (no panel); any other URL is an ordinary panel", async () => {
  assert.equal(backgroundRole(new FakeEnvironment('?crm=zendesk')), undefined, 'the top bar app is the panel');
  assert.equal(backgroundRole(new FakeEnvironment('?crm=salesforce&zafRole=background')), undefined);
  assert.equal(backgroundRole(new FakeEnvironment('')), undefined);
  const env = new FakeEnvironment('?crm=zendesk&zafRole=background&origin=https%3A%2F%2Facme.zendesk.com&app_guid=g-bg');
  const fake = fakeZaf({});
  env.serve(ZAF_SDK_URL, () => (env.globals.ZAFClient = { init: () => fake.client }));
  const relay = backgroundRole(env);
  assert.ok(relay);
  await relay();
  fake.emit('voice.dialout', { number: '+61491570150' });
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(fake.triggered, [{ guid: 'g-top', event: RELAYED_DIALOUT, data: { number: '+61491570150' } }]);
});
