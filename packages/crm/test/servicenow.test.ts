import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CrmError, type ActivityLog, type ClickToDial } from '../src/index';
import { ServiceNowHost, openFrameScriptUrl } from '../src/servicenow/servicenow-host';
import { FakeEnvironment } from './fake-environment';
import { fakeOpenFrame } from './fake-openframe';

const INSTANCE = 'https://acme.service-now.com';
const SCRIPT = `${INSTANCE}/scripts/openframe/latest/openFrameAPI.min.js`;
const isCode = (code: string) => (e: unknown) => e instanceof CrmError && e.code === code;

async function setup(o: Parameters<typeof fakeOpenFrame>[0] = {}, records?: ConstructorParameters<typeof ServiceNowHost>[1]) {
  const env = new FakeEnvironment('?crm=servicenow', `${INSTANCE}/now/workspace/agent/home`);
  const fake = fakeOpenFrame(o);
  env.serve(SCRIPT, () => (env.globals.openFrameAPI = fake.api));
  const host = new ServiceNowHost(env, records);
  return { env, fake, host };
}

test('init loads OpenFrame from the instance, inits it first, then subscribes to communication events for click-to-dial', async () => {
  const { env, fake, host } = await setup();
  await host.init();
  assert.deepEqual(
    env.loaded.map((l) => l.src),
    [SCRIPT],
  );
  assert.deepEqual(
    fake.calls.map((c) => c.method),
    ['init', 'subscribe'],
  );
  assert.equal(openFrameScriptUrl({ params: new URLSearchParams(`snInstance=${INSTANCE}`), referrer: '' }), SCRIPT);
  const got: ClickToDial[] = [];
  host.onClickToDial((r) => got.push(r));
  fake.communication({ type: 'OUTGOING_CALL', data: { metaData: { phoneNumber: '+61491570110' } } });
  fake.communication({ phoneNumber: ' 0491570111 ' });
  fake.communication({ data: {} });
  assert.deepEqual(
    got.map((g) => g.number),
    ['+61491570110', '0491570111'],
  );
});

test('ringing without Table API credentials: the panel shows with the number and a new interaction form opens; logging says it is not set up', async () => {
  const { fake, host } = await setup();
  await host.init();
  const r = await host.screenPop({ interactionId: 'i', direction: 'inbound', customerNumber: '+61491570110' });
  assert.deepEqual(r, { matches: [], opened: null });
  assert.deepEqual(
    fake.calls.slice(2).map((c) => [c.method, ...c.args]),
    [['show'], ['setSubtitle', '+61491570110'], ['openServiceNowForm', { entity: 'interaction', query: 'sys_id=-1' }]],
  );
  assert.equal(host.capabilities().logActivity, false);
  await assert.rejects(host.logActivity({} as ActivityLog), isCode('CRM_NOT_SUPPORTED'));
});

test("with the server's Table API: one caller found is opened, the interaction is logged at wrap", async () => {
  const logged: ActivityLog[] = [];
  const { fake, host } = await setup(
    {},
    {
      findByPhone: async () => [{ sys_id: 'u1', name: 'Ada', table: 'customer_contact' }],
      logInteraction: async (l) => (logged.push(l), { sys_id: 'int-9' }),
    },
  );
  await host.init();
  const r = await host.screenPop({ interactionId: 'i', direction: 'inbound', customerNumber: '+61491570110' });
  assert.deepEqual(r.opened, { id: 'u1', name: 'Ada', type: 'customer_contact' });
  assert.deepEqual(fake.calls.at(-1)!.args, [{ entity: 'customer_contact', query: 'sys_id=u1' }]);
  const log = {
    interactionId: 'i',
    direction: 'inbound',
    customerNumber: '+61491570110',
    subject: 's',
    startedAt: 0,
    durationSeconds: 1,
    outcome: null,
    notes: '',
    recordingUrl: null,
    record: r.opened,
  } satisfies ActivityLog;
  assert.deepEqual(await host.logActivity(log), { id: 'int-9' });
  assert.equal(logged[0]!.record?.id, 'u1');
});

test('OpenFrame refusing init, or no instance to load from: CRM_SCRIPT_FAILED with the reason', async () => {
  const { host } = await setup({ failInit: 'not in an OpenFrame' });
  await assert.rejects(host.init(), (e: unknown) => isCode('CRM_SCRIPT_FAILED')(e) && /not in an OpenFrame/.test((e as Error).message));
  await assert.rejects(new ServiceNowHost(new FakeEnvironment('')).init(), isCode('CRM_SCRIPT_FAILED'));
});
