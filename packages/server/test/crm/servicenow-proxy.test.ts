import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CallRecord } from '@switchboard/core';
import { auth, errorOf, login, makeApp, removeDir, type TestApp } from '../helpers';
import { loadServiceNowConfig } from '../../src/crm/servicenow-config';
import { FakeServiceNow } from './fake-servicenow';

// Ports: 46490-46491 of the CRM block (the fake instance, and one nobody listens on); e2e/crm-conformance uses 46000-46489 and 46495-46496.
const SN_PORT = 46490;
const DEAD_PORT = 46491;
const ALICE_SYS_ID = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';

function callRecord(interactionId: string, agentId: string): CallRecord {
  const t = 1_790_000_000_000;
  return {
    interactionId,
    version: 1,
    final: true,
    direction: 'IN',
    state: 'closed',
    campaignId: 'care-inbound',
    campaignName: 'Customer Care',
    queueId: null,
    customerNumber: '+61412000111',
    platformNumber: null,
    agentId,
    legs: [],
    ivrData: [],
    timeInQueueMs: null,
    notes: [],
    outcomeId: 'follow-up',
    wrappedBy: 'agent',
    recording: { state: 'off', file: null, startedAt: null, markers: [] },
    endCause: 'agent-hangup',
    createdAt: t,
    answeredAt: t,
    endedAt: t + 95_000,
    closedAt: t + 100_000,
    updatedAt: t + 100_000,
  } as CallRecord;
}

const interaction = (over: Record<string, unknown> = {}) => ({
  interactionId: 'int-alice',
  direction: 'inbound',
  customerNumber: '+61412000111',
  subject: 'Inbound call +61412000111',
  startedAt: 1_790_000_000_000,
  durationSeconds: 95,
  outcome: 'Follow-up',
  notes: 'Asked about the March bill',
  recordingUrl: null,
  record: { id: ALICE_SYS_ID, name: 'Abel Tuter', type: 'sys_user' },
  ...over,
});

describe('ServiceNow Table API through the server', () => {
  const sn = new FakeServiceNow(SN_PORT);
  let t: TestApp;
  let alice = '';
  before(async () => {
    await sn.start();
    sn.users = [
      { sys_id: ALICE_SYS_ID, name: 'Abel Tuter', phone: '+61 412 000 111' },
      { sys_id: 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2', name: 'Beth Anglin', phone: '0412 000 111' },
      { sys_id: 'c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3', name: 'Other Person', phone: '+61 499 999 999' },
    ];
    t = await makeApp({ config: { serviceNow: { instance: sn.origin, user: 'switchboard.integration', password: 's3cret-pw', callerTable: 'sys_user', timeoutMs: 500 } } });
    await t.app.switchboard.store.calls.save(callRecord('int-alice', 'alice'));
    await t.app.switchboard.store.calls.save(callRecord('int-bob', 'bob'));
    alice = await login(t.app, 'alice', 'demo1234');
  });
  after(async () => {
    await t?.close();
    if (t) removeDir(t.dir);
    await sn.stop();
  });

  const callers = (phone: string, token = alice) => t.app.inject({ method: 'GET', url: `/api/v1/crm/servicenow/callers?phone=${encodeURIComponent(phone)}`, headers: auth(token) });
  const log = (body: unknown, token = alice) =>
    t.app.inject({ method: 'POST', url: '/api/v1/crm/servicenow/interactions', headers: auth(token), payload: body as Record<string, unknown> });

  it("finds the caller's records by the number's last eight digits, with the server's credentials", async () => {
    const before = sn.seen.length;
    const res = await callers('+61 412 000 111');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), {
      records: [
        { sys_id: ALICE_SYS_ID, name: 'Abel Tuter', table: 'sys_user' },
        { sys_id: 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2', name: 'Beth Anglin', table: 'sys_user' },
      ],
    });
    const req = sn.seen[before]!;
    assert.equal(req.method, 'GET');
    assert.equal(req.path, '/api/now/table/sys_user');
    assert.equal(req.query.get('sysparm_query'), 'phoneLIKE12000111^ORmobile_phoneLIKE12000111^active=true');
    assert.equal(req.query.get('sysparm_fields'), 'sys_id,name');
    assert.equal(req.authorization, `Basic ${Buffer.from('switchboard.integration:s3cret-pw').toString('base64')}`);
    assert.deepEqual((await callers('+61 400 000 000')).json(), { records: [] });
  });

  it('logs a wrapped call as an interaction, opened for the chosen caller, with its details in the work notes', async () => {
    const before = sn.seen.length;
    const res = await log(interaction());
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { sys_id: 'c0ffee00c0ffee00c0ffee00c0ffee00', table: 'interaction' });
    const req = sn.seen[before]!;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/api/now/table/interaction');
    const body = req.body as Record<string, string>;
    assert.equal(body.type, 'phone');
    assert.equal(body.direction, 'inbound');
    assert.equal(body.opened_for, ALICE_SYS_ID);
    assert.equal(body.short_description, 'Inbound call +61412000111');
    assert.match(body.work_notes!, /Switchboard interaction int-alice/);
    assert.match(body.work_notes!, /Duration: 1:35/);
    assert.match(body.work_notes!, /Outcome: Follow-up/);
    assert.match(body.work_notes!, /Asked about the March bill/);
    // No record chosen: the interaction is still logged, for nobody in particular.
    const none = await log(interaction({ record: null, recordingUrl: 'https://sb.example/rec/int-alice.wav' }));
    assert.equal(none.statusCode, 200);
    const b2 = sn.seen.at(-1)!.body as Record<string, string>;
    assert.equal(b2.opened_for, undefined);
    assert.match(b2.work_notes!, /Recording: https:\/\/sb\.example\/rec\/int-alice\.wav/);
  });

  it('only the agent who had the call may log it; a call that does not exist is 404; supervisors and anonymous callers are refused', async () => {
    const n = sn.seen.length;
    assert.equal(errorOf(await log(interaction({ interactionId: 'int-bob' }))).code, 'FORBIDDEN');
    assert.equal(errorOf(await log(interaction({ interactionId: 'int-nobody' }))).code, 'NOT_FOUND');
    const sam = await login(t.app, 'sam', 'demo1234');
    assert.deepEqual(errorOf(await callers('+61412000111', sam)).status, 403);
    const anon = await t.app.inject({ method: 'GET', url: '/api/v1/crm/servicenow/callers?phone=0412000111' });
    assert.equal(errorOf(anon).code, 'UNAUTHENTICATED');
    assert.equal(sn.seen.length, n, 'nothing reached ServiceNow');
  });

  it('refuses malformed input with VALIDATION_FAILED before ServiceNow is asked', async () => {
    const n = sn.seen.length;
    for (const phone of ['abc', '12', "0412'^ORactive=false", '0412\u0000111', '9'.repeat(41)]) {
      const e = errorOf(await callers(phone));
      assert.deepEqual([e.status, e.code], [400, 'VALIDATION_FAILED'], phone);
    }
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/crm/servicenow/callers', headers: auth(alice) });
    assert.equal(errorOf(missing).code, 'VALIDATION_FAILED');
    for (const bad of [
      interaction({ direction: 'sideways' }),
      interaction({ record: { id: 'not-a-sys-id', name: 'x', type: 'sys_user' } }),
      interaction({ record: { id: ALICE_SYS_ID, name: 'x', type: 'sys_user^x' } }),
      interaction({ extra: 1 }),
      interaction({ durationSeconds: -1 }),
      interaction({ recordingUrl: 'not a url' }),
      { interactionId: 'int-alice' },
    ]) {
      assert.equal(errorOf(await log(bad)).code, 'VALIDATION_FAILED', JSON.stringify(bad));
    }
    assert.equal(sn.seen.length, n);
  });

  it("ServiceNow's failures are API errors with codes: refused credentials, ACL, garbage, a slow instance", async () => {
    sn.next = { status: 401, body: JSON.stringify({ error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' }, status: 'failure' }) };
    const e401 = errorOf(await callers('0412000111'));
    assert.deepEqual([e401.status, e401.code, e401.details], [502, 'CRM_UPSTREAM_FAILED', { status: 401 }]);
    assert.match(e401.message, /refused the server's credentials/);
    assert.doesNotMatch(e401.message, /s3cret/);

    sn.next = { status: 403, body: JSON.stringify({ error: { message: 'Operation Failed', detail: 'ACL Exception Insert Failed' }, status: 'failure' }) };
    const e403 = errorOf(await log(interaction()));
    assert.deepEqual([e403.status, e403.code, e403.details], [502, 'CRM_UPSTREAM_FAILED', { status: 403 }]);
    assert.match(e403.message, /ACL/);

    sn.next = { status: 200, body: '<html>Instance hibernating</html>' };
    assert.equal(errorOf(await callers('0412000111')).code, 'CRM_UPSTREAM_FAILED');
    sn.next = { status: 201, body: JSON.stringify({ result: {} }) };
    assert.equal(errorOf(await log(interaction())).code, 'CRM_UPSTREAM_FAILED');

    sn.next = { status: 200, body: JSON.stringify({ result: [] }), delayMs: 1500 };
    const started = Date.now();
    const slow = errorOf(await callers('0412000111'));
    assert.deepEqual([slow.status, slow.code], [504, 'CRM_UPSTREAM_TIMEOUT']);
    assert.ok(Date.now() - started < 1400, 'the proxy gave up at its own limit (500 ms here)');
  });

  it('an unreachable instance is CRM_UPSTREAM_FAILED; a server without SERVICENOW_INSTANCE answers CRM_NOT_CONFIGURED', async () => {
    const dead = await makeApp({ config: { serviceNow: { instance: `http://127.0.0.1:${DEAD_PORT}`, user: 'u', password: 'p', callerTable: 'sys_user', timeoutMs: 2000 } } });
    const none = await makeApp();
    try {
      const e = errorOf(
        await dead.app.inject({ method: 'GET', url: '/api/v1/crm/servicenow/callers?phone=0412000111', headers: auth(await login(dead.app, 'alice', 'demo1234')) }),
      );
      assert.deepEqual([e.status, e.code], [502, 'CRM_UPSTREAM_FAILED']);
      const n = errorOf(
        await none.app.inject({ method: 'GET', url: '/api/v1/crm/servicenow/callers?phone=0412000111', headers: auth(await login(none.app, 'alice', 'demo1234')) }),
      );
      assert.deepEqual([n.status, n.code], [503, 'CRM_NOT_CONFIGURED']);
    } finally {
      await dead.close();
      await none.close();
      removeDir(dead.dir);
      removeDir(none.dir);
    }
  });
});

describe('SERVICENOW_* configuration', () => {
  it('unset is no ServiceNow; a full set is read; half a set or a bad value is a config error', () => {
    assert.equal(loadServiceNowConfig({}), undefined);
    assert.deepEqual(loadServiceNowConfig({ SERVICENOW_INSTANCE: 'https://acme.service-now.com', SERVICENOW_USER: 'u', SERVICENOW_PASSWORD: 'p' }), {
      instance: 'https://acme.service-now.com',
      user: 'u',
      password: 'p',
      callerTable: 'sys_user',
      timeoutMs: 6000,
    });
    assert.equal(
      loadServiceNowConfig({ SERVICENOW_INSTANCE: 'https://acme.service-now.com/', SERVICENOW_USER: 'u', SERVICENOW_PASSWORD: 'p', SERVICENOW_CALLER_TABLE: 'customer_contact' })
        ?.callerTable,
      'customer_contact',
    );
    for (const env of [
      { SERVICENOW_INSTANCE: 'https://acme.service-now.com' },
      { SERVICENOW_INSTANCE: 'http://acme.service-now.com', SERVICENOW_USER: 'u', SERVICENOW_PASSWORD: 'p' },
      { SERVICENOW_INSTANCE: 'https://acme.service-now.com/api', SERVICENOW_USER: 'u', SERVICENOW_PASSWORD: 'p' },
      { SERVICENOW_INSTANCE: 'https://acme.service-now.com', SERVICENOW_USER: 'u', SERVICENOW_PASSWORD: 'p', SERVICENOW_CALLER_TABLE: 'sys_user^x' },
      { SERVICENOW_INSTANCE: 'https://acme.service-now.com', SERVICENOW_USER: 'u', SERVICENOW_PASSWORD: 'p', SERVICENOW_TIMEOUT_SECONDS: 'soon' },
    ]) {
      assert.throws(() => loadServiceNowConfig(env), /SERVICENOW_/, JSON.stringify(env));
    }
  });
});
