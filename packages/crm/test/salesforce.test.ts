import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CrmError, callCenterXml, type ActivityLog, type ClickToDial } from '../src/index';
import { SalesforceHost, openCtiScriptUrl } from '../src/salesforce/salesforce-host';
import { FakeEnvironment } from './fake-environment';
import { fakeOpenCti } from './fake-open-cti';

const ORG = 'https://acme.lightning.force.com';
const SCRIPT = `${ORG}/support/api/62.0/lightning/opencti_min.js`;

function setup(o: Parameters<typeof fakeOpenCti>[0] = {}) {
  const env = new FakeEnvironment(`?crm=salesforce&sfdcIframeOrigin=${encodeURIComponent(ORG)}&mode=Lightning`);
  const fake = fakeOpenCti(o);
  env.serve(SCRIPT, () => (env.globals.sforce = { opencti: fake.cti }));
  return { env, fake, host: new SalesforceHost(env) };
}

const isCode = (code: string) => (e: unknown) => e instanceof CrmError && e.code === code;

test('the Open CTI script comes from the embedding org, at the documented path, with the version asked for', () => {
  assert.equal(openCtiScriptUrl({ params: new URLSearchParams(`sfdcIframeOrigin=${ORG}`), referrer: '' }), SCRIPT);
  assert.equal(openCtiScriptUrl({ params: new URLSearchParams('sfApiVersion=58.0'), referrer: `${ORG}/lightning/page/home` }), `${ORG}/support/api/58.0/lightning/opencti_min.js`);
  assert.equal(openCtiScriptUrl({ params: new URLSearchParams('sfApiVersion=../../x'), referrer: ORG }), SCRIPT, 'a version that is not one falls back');
  assert.equal(openCtiScriptUrl({ params: new URLSearchParams('sfdcIframeOrigin=javascript:alert(1)'), referrer: '' }), null);
});

test('init loads Open CTI, listens for clicks and navigation, enables click-to-dial and says it is ready', async () => {
  const { env, fake, host } = setup();
  await host.init();
  assert.deepEqual(
    env.loaded.map((l) => l.src),
    [SCRIPT],
  );
  assert.deepEqual(
    fake.calls.map((c) => c.method),
    ['onNavigationChange', 'onClickToDial', 'enableClickToDial', 'notifyInitializationComplete'],
  );
  assert.equal(host.capabilities().clickToDial, true);
});

test('a ringing inbound call shows the panel and searches by number; one match is the record opened, several are offered', async () => {
  const { fake, host } = setup({ matches: { '003A': { Id: '003A', Name: 'Ada Lovelace', RecordType: 'Contact' } } });
  await host.init();
  const r = await host.screenPop({ interactionId: 'int1', direction: 'inbound', customerNumber: '+61491570110' });
  assert.deepEqual(r, { matches: [{ id: '003A', name: 'Ada Lovelace', type: 'Contact' }], opened: { id: '003A', name: 'Ada Lovelace', type: 'Contact' } });
  const [vis, search] = fake.calls.slice(-2);
  assert.deepEqual(vis, { method: 'setSoftphonePanelVisibility', args: { visible: true } });
  assert.deepEqual(search, {
    method: 'searchAndScreenPop',
    args: { searchParams: '+61491570110', queryParams: 'switchboardInteraction=int1', defaultFieldValues: { Phone: '+61491570110' }, callType: 'inbound', deferred: false },
  });

  const two = setup({
    matches: { '003A': { Id: '003A', Name: 'Ada', RecordType: 'Contact' }, '001B': { Id: '001B', Name: 'Acme', RecordType: 'Account' }, SCREEN_POP_DATA: { x: 1 } } as never,
  });
  await two.host.init();
  const r2 = await two.host.screenPop({ interactionId: 'int2', direction: 'outbound', customerNumber: '+61491570111' });
  assert.equal(r2.matches.length, 2);
  assert.equal(r2.opened, null);
  assert.equal(two.fake.calls.at(-1)!.args.callType, 'outbound');
});

test('a click on a number in Salesforce reaches the listeners with its record; an empty number is ignored', async () => {
  const { fake, host } = setup();
  await host.init();
  const got: ClickToDial[] = [];
  const off = host.onClickToDial((r) => got.push(r));
  fake.click({ number: ' (02) 9000 0001 ', recordId: '003A', recordName: 'Ada', objectType: 'Contact' });
  fake.click({ number: '   ' });
  off();
  fake.click({ number: '+61290000001' });
  assert.deepEqual(got, [{ number: '(02) 9000 0001', record: { id: '003A', name: 'Ada', type: 'Contact' } }]);
});

test('wrap logs a completed call Task on the popped record (WhoId for a contact, WhatId for an account), then refreshes the view', async () => {
  const { fake, host } = setup();
  await host.init();
  const log: ActivityLog = {
    interactionId: 'int1',
    direction: 'inbound',
    customerNumber: '+61491570110',
    subject: 'Inbound call +61491570110',
    startedAt: Date.UTC(2026, 11, 6, 9, 30),
    durationSeconds: 125.4,
    outcome: 'Sale',
    notes: 'Wants the blue one.',
    recordingUrl: 'https://sb.example/recordings/int1',
    record: { id: '003A', name: 'Ada', type: 'Contact' },
  };
  assert.deepEqual(await host.logActivity(log), { id: '00T000000000001' });
  const save = fake.calls.find((c) => c.method === 'saveLog')!;
  const v = save.args.value as Record<string, unknown>;
  assert.equal(v.entityApiName, 'Task');
  assert.equal(v.WhoId, '003A');
  assert.equal(v.WhatId, undefined);
  assert.equal(v.CallType, 'Inbound');
  assert.equal(v.CallDurationInSeconds, 125);
  assert.equal(v.CallDisposition, 'Sale');
  assert.equal(v.ActivityDate, '2026-12-06');
  assert.match(String(v.Description), /Wants the blue one\.[\s\S]*Recording: https:\/\/sb\.example\/recordings\/int1/);
  assert.equal(fake.calls.at(-1)!.method, 'refreshView');

  await host.logActivity({ ...log, record: { id: '001B', name: 'Acme', type: 'Account' } });
  const v2 = fake.calls.filter((c) => c.method === 'saveLog').at(-1)!.args.value as Record<string, unknown>;
  assert.equal(v2.WhatId, '001B');
});

test("errors: a script that fails to load, a refused save with Salesforce's reason, a CRM that never answers", async () => {
  const env = new FakeEnvironment(`?sfdcIframeOrigin=${ORG}`);
  await assert.rejects(new SalesforceHost(env).init(), isCode('CRM_SCRIPT_FAILED'));
  await assert.rejects(new SalesforceHost(new FakeEnvironment('')).init(), isCode('CRM_SCRIPT_FAILED'), 'no org to load from');

  const refused = setup({ failSaveLog: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' });
  await refused.host.init();
  await assert.rejects(
    refused.host.logActivity({
      interactionId: 'i',
      direction: 'outbound',
      customerNumber: '+6129',
      subject: 's',
      startedAt: 0,
      durationSeconds: 1,
      outcome: null,
      notes: '',
      recordingUrl: null,
      record: null,
    }),
    (e: unknown) => isCode('CRM_CALL_FAILED')(e) && /FIELD_CUSTOM_VALIDATION_EXCEPTION/.test((e as Error).message),
  );
});

test('a Salesforce that never answers a call times out with CRM_TIMEOUT (the adapter carries on)', { timeout: 20_000 }, async () => {
  const { host } = setup({ silent: ['searchAndScreenPop'] });
  await host.init();
  await assert.rejects(host.screenPop({ interactionId: 'i', direction: 'inbound', customerNumber: '+61491570110' }), isCode('CRM_TIMEOUT'));
});

test('the call center definition file: https adapter URL with crm=salesforce, sizes, Lightning; escaped; bad input refused', () => {
  const xml = callCenterXml({ adapterUrl: 'https://sb.example/?team=a&b=1', displayName: 'Switchboard <Care>' });
  assert.match(xml, /<item sortOrder="2" name="reqAdapterUrl" label="CTI Adapter URL">https:\/\/sb\.example\/\?team=a&amp;b=1&amp;crm=salesforce<\/item>/);
  assert.match(xml, /name="reqDisplayName" label="Display Name">Switchboard &lt;Care&gt;</);
  assert.match(xml, /name="reqUseApi" label="Use CTI API">true</);
  assert.match(xml, /name="reqSoftphoneHeight" label="Softphone Height">520</);
  assert.match(xml, /name="reqSoftphoneWidth" label="Softphone Width">320</);
  assert.match(xml, /name="reqSalesforceCompatibilityMode" label="Salesforce Compatibility Mode">Lightning</);
  assert.throws(() => callCenterXml({ adapterUrl: 'http://sb.example/' }), isCode('CRM_BAD_INPUT'));
  assert.throws(() => callCenterXml({ adapterUrl: 'https://sb.example/', internalName: 'bad name' }), isCode('CRM_BAD_INPUT'));
  assert.doesNotThrow(() => callCenterXml({ adapterUrl: 'http://localhost:8080/' }));
});
