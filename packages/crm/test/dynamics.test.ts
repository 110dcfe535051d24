import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CrmError, type ClickToDial } from '../src/index';
import { DynamicsHost, cifScriptUrl } from '../src/dynamics/dynamics-host';
import { FakeEnvironment } from './fake-environment';
import { fakeCif } from './fake-cif';

const ORG = 'https://contoso.crm6.dynamics.com';
const SCRIPT = `${ORG}/webresources/Widget/msdyn_ciLibrary.js`;
const isCode = (code: string) => (e: unknown) => e instanceof CrmError && e.code === code;

async function setup(o: Parameters<typeof fakeCif>[0] = {}) {
  const env = new FakeEnvironment(`?crm=dynamics&crmOrigin=${encodeURIComponent(ORG)}`);
  const fake = fakeCif(o);
  env.serve(SCRIPT, () => {
    env.globals.Microsoft = { CIFramework: fake.cif };
    queueMicrotask(() => env.dispatch('CIFInitDone'));
  });
  const host = new DynamicsHost(env);
  await host.init();
  return { env, fake, host };
}

test("init loads the org's CIF library with its data attributes, waits for CIFInitDone, enables click-to-act and listens", async () => {
  const { env, fake } = await setup();
  assert.deepEqual(env.loaded, [{ src: SCRIPT, attributes: { 'data-crmurl': ORG, 'data-cifid': 'CIFMainLibrary' } }]);
  assert.deepEqual(
    fake.calls.map((c) => [c.method, ...c.args]),
    [
      ['setClickToAct', true],
      ['addHandler', 'onclicktoact'],
      ['addHandler', 'onpagenavigate'],
    ],
  );
  assert.equal(cifScriptUrl({ params: new URLSearchParams(''), referrer: `${ORG}/main.aspx` })?.src, SCRIPT);
});

test("ringing: the panel docks and contacts are searched by the number's last eight digits; one match is opened", async () => {
  const { fake, host } = await setup({ contacts: [{ contactid: 'c-1', fullname: 'Ada Lovelace' }] });
  const r = await host.screenPop({ interactionId: 'int1', direction: 'inbound', customerNumber: '+61491570110' });
  assert.deepEqual(r.opened, { id: 'c-1', name: 'Ada Lovelace', type: 'contact' });
  assert.deepEqual(fake.calls.at(-2), { method: 'setMode', args: [1] });
  assert.deepEqual(fake.calls.at(-1), {
    method: 'searchAndOpenRecords',
    args: ['contact', "?$select=fullname,telephone1,mobilephone&$filter=contains(telephone1,'91570110') or contains(mobilephone,'91570110')", false],
  });
});

test("a click-to-act on a contact's number reaches the listeners; the page followed gives the current record", async () => {
  const { fake, host } = await setup();
  const got: ClickToDial[] = [];
  host.onClickToDial((r) => got.push(r));
  await fake.fire('onclicktoact', { value: '0491 570 110', name: 'Ada', format: 'Phone', entityLogicalName: 'contact', entityId: '{c-1}' });
  await fake.fire('onclicktoact', { value: '' });
  assert.deepEqual(got, [{ number: '0491 570 110', record: { id: 'c-1', name: 'Ada', type: 'contact' } }]);
  await fake.fire('onpagenavigate', { value: `${ORG}/main.aspx?etn=account&id=%7Ba-9%7D&pagetype=entityrecord` });
  assert.deepEqual(host.currentRecord(), { id: 'a-9', name: '', type: 'account' });
});

test("wrap creates a phone call activity regarding the contact; a refusal is a CRM_CALL_FAILED with Dynamics' words", async () => {
  const { fake, host } = await setup();
  const log = {
    interactionId: 'int1',
    direction: 'inbound' as const,
    customerNumber: '+61491570110',
    subject: 'Inbound call',
    startedAt: 0,
    durationSeconds: 185,
    outcome: 'Sale',
    notes: 'ok',
    recordingUrl: 'https://sb/r/1',
    record: { id: 'c-1', name: 'Ada', type: 'contact' },
  };
  assert.deepEqual(await host.logActivity(log), { id: 'pc-1' });
  const [entity, data] = fake.calls.at(-1)!.args as [string, string];
  assert.equal(entity, 'phonecall');
  const d = JSON.parse(data) as Record<string, unknown>;
  assert.equal(d.directioncode, false);
  assert.equal(d.actualdurationminutes, 3);
  assert.equal(d['regardingobjectid_contact@odata.bind'], '/contacts(c-1)');
  assert.match(String(d.description), /ok\n\nOutcome: Sale\nRecording: https:\/\/sb\/r\/1/);

  const failing = await setup({ failCreate: 'Principal user is missing prvCreateActivity' });
  await assert.rejects(failing.host.logActivity(log), (e: unknown) => isCode('CRM_CALL_FAILED')(e) && /prvCreateActivity/.test((e as Error).message));
});

test('no org to load from, or a library that fails: CRM_SCRIPT_FAILED', async () => {
  await assert.rejects(new DynamicsHost(new FakeEnvironment('')).init(), isCode('CRM_SCRIPT_FAILED'));
  await assert.rejects(new DynamicsHost(new FakeEnvironment(`?crmOrigin=${ORG}`)).init(), isCode('CRM_SCRIPT_FAILED'));
});
