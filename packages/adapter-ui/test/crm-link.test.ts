import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signal } from '@preact/signals';
import type { CrmEnvironment } from '@switchboard/crm';
import type { AgentView, CallView, Command } from '@switchboard/protocol';
import { createCrmLink } from '../src/state/crm-link';
import type { Session } from '../src/state/session';
import { toasts } from '../src/state/toasts';

const ORG = 'https://acme.lightning.force.com';

/** A page inside Salesforce whose Open CTI records calls (a fixture shaped after the documented API). */
function salesforcePage() {
  const calls: Array<{ method: string; args: Record<string, unknown> }> = [];
  let click: ((p: { number: string }) => void) | undefined;
  const ok = (method: string) => (a: Record<string, unknown> & { callback?: (r: unknown) => void }) => {
    const { callback, ...rest } = a;
    calls.push({ method, args: rest });
    const returnValue = method === 'searchAndScreenPop' ? { '003A': { Id: '003A', Name: 'Ada', RecordType: 'Contact' } } : method === 'saveLog' ? { recordId: '00T1' } : null;
    queueMicrotask(() => callback?.({ success: true, returnValue, errors: null }));
  };
  const opencti = {
    CALL_TYPE: { INBOUND: 'inbound', OUTBOUND: 'outbound', INTERNAL: 'internal' },
    SCREENPOP_TYPE: { SOBJECT: 'sobject', NEW_RECORD_MODAL: 'newRecord' },
    searchAndScreenPop: ok('searchAndScreenPop'),
    screenPop: ok('screenPop'),
    enableClickToDial: ok('enableClickToDial'),
    onClickToDial: (a: { listener: (p: { number: string }) => void }) => (click = a.listener),
    saveLog: ok('saveLog'),
    refreshView: () => undefined,
    setSoftphonePanelVisibility: ok('setSoftphonePanelVisibility'),
    onNavigationChange: () => undefined,
  };
  const env: CrmEnvironment = {
    params: new URLSearchParams(`crm=salesforce&sfdcIframeOrigin=${ORG}`),
    referrer: '',
    globals: {},
    loadScript: async (src) => {
      assert.equal(src, `${ORG}/support/api/62.0/lightning/opencti_min.js`);
      env.globals.sforce = { opencti };
    },
    waitForEvent: () => new Promise(() => undefined),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  };
  return { env, calls, click: (n: string) => click?.({ number: n }) };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

function call(over: Partial<CallView>): CallView {
  return {
    id: 'int1',
    direction: 'IN',
    state: 'offered',
    presentation: 'ringing',
    campaignId: 'c',
    campaignName: 'Care',
    customerNumber: '+61491570110',
    platformNumber: null,
    info: [],
    ivrData: [],
    timeInQueueMs: null,
    notes: '',
    held: false,
    muted: false,
    recording: { state: 'off', icon: 'disabled', markers: [] },
    announcements: [],
    announcement: null,
    startedAt: '2026-12-06T01:00:00.000Z',
    answeredAt: null,
    endedAt: null,
    endCause: null,
    wrap: null,
    capabilities: {} as CallView['capabilities'],
    ...over,
  };
}

test('in Salesforce: a ringing call pops the caller, a number clicked becomes a manual call, and the wrapped call is logged with its outcome and notes', async () => {
  const page = salesforcePage();
  const view = signal<AgentView | null>({ interaction: null, dial: { canDial: true, region: 'AU' } } as unknown as AgentView);
  const sent: Command[] = [];
  const session = { view, send: async (c: Command) => (sent.push(c), null) } as unknown as Session;
  const crm = createCrmLink(session, page.env);
  await crm.start();
  assert.equal(crm.status.value, 'ready');

  page.click('+61491570199');
  await settle();
  assert.deepEqual(sent, [{ type: 'dial', number: '+61491570199', campaignId: null }]);

  view.value = { ...view.value!, interaction: call({}) };
  await settle();
  assert.equal(page.calls.filter((c) => c.method === 'searchAndScreenPop').length, 1);
  assert.deepEqual(crm.links.value.int1?.record, { id: '003A', name: 'Ada', type: 'Contact' });

  const wrap = {
    outcomes: [
      { id: 'sale', name: 'Sale', default: false },
      { id: 'none', name: 'No sale', default: true },
    ],
    deadline: null,
    remainingSeconds: null,
    canExtend: false,
    extendSeconds: null,
    outcomeRequired: false,
  };
  view.value = { ...view.value!, interaction: call({ state: 'connected', presentation: 'live', answeredAt: '2026-12-06T01:00:10.000Z' }) };
  view.value = {
    ...view.value!,
    interaction: call({ state: 'wrap', presentation: 'ended', answeredAt: '2026-12-06T01:00:10.000Z', endedAt: '2026-12-06T01:02:10.000Z', notes: 'Wants blue', wrap }),
  };
  crm.commandSent({ type: 'wrap', interactionId: 'int1', outcomeId: 'sale' } as Command);
  view.value = { ...view.value!, interaction: null };
  await settle();
  assert.equal(page.calls.filter((c) => c.method === 'searchAndScreenPop').length, 1, 'popped once per call');
  const save = page.calls.find((c) => c.method === 'saveLog');
  assert.ok(save, 'the wrapped call was logged');
  const v = save.args.value as Record<string, unknown>;
  assert.equal(v.WhoId, '003A');
  assert.equal(v.CallDisposition, 'Sale');
  assert.equal(v.CallDurationInSeconds, 120);
  assert.match(String(v.Description), /Wants blue/);
  assert.ok(toasts.value.some((t) => t.message === 'Call logged in Salesforce.'));
});

test('a CRM script that cannot load leaves the adapter working, with a toast saying so', async () => {
  const page = salesforcePage();
  page.env.loadScript = async () => {
    throw new Error('net::ERR_BLOCKED');
  };
  const view = signal<AgentView | null>(null);
  const crm = createCrmLink({ view, send: async () => null } as unknown as Session, page.env);
  await crm.start();
  assert.equal(crm.status.value, 'failed');
  assert.ok(toasts.value.some((t) => /CRM not connected: Open CTI could not be loaded/.test(t.message)));
});
