import assert from 'node:assert/strict';
import { test } from 'node:test';
import { digestHa1 } from '@switchboard/sip';
import { phonePasswordResponseSchema } from '@switchboard/protocol';
import { auth, errorOf, login, makeApp, removeDir } from '../helpers';

/** POST /api/v1/agents/:agentId/phone-password: who may issue whose, what is stored, what is audited. No fixed ports (inject). */

const issue = (app: Awaited<ReturnType<typeof makeApp>>['app'], agentId: string, token?: string) =>
  app.inject({ method: 'POST', url: `/api/v1/agents/${encodeURIComponent(agentId)}/phone-password`, headers: token ? auth(token) : {} });

test('phone password: an agent issues their own, shown once; only its HA1s are stored, per user name; the old one is replaced; audited', async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const store = app.switchboard.store;
  const alice = await login(app, 'alice', 'demo1234');
  const res = await issue(app, 'alice', alice);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['cache-control'], 'no-store');
  const first = phonePasswordResponseSchema.parse(res.json());
  assert.deepEqual([first.agentId, first.realm, first.users], ['alice', 'switchboard', ['alice', '1001']]);
  assert.match(first.password, /^[a-zA-Z2-9]{20}$/);
  const rows = await store.phoneCredentials.forAgent('alice', 'switchboard');
  assert.deepEqual(
    rows.map((r) => [r.user, r.origin, r.ha1Md5, r.ha1Sha256]),
    ['1001', 'alice'].map((u) => [u, 'issued', digestHa1('MD5', u, 'switchboard', first.password), digestHa1('SHA-256', u, 'switchboard', first.password)]),
  );
  const dump = JSON.stringify(await store.db.selectFrom('phone_credentials').selectAll().execute());
  assert.ok(!dump.includes(first.password), 'the password is not in the table');

  const second = phonePasswordResponseSchema.parse((await issue(app, 'alice', alice)).json());
  assert.notEqual(second.password, first.password);
  const after = await store.phoneCredentials.forAgent('alice', 'switchboard');
  assert.equal(after.length, 2);
  assert.ok(
    after.every((r) => r.ha1Md5 === digestHa1('MD5', r.user, 'switchboard', second.password)),
    'only the new password’s HA1s remain',
  );

  const audit = (await store.audit.listAudit('alice', 10)).filter((r) => r.kind === 'phone-credentials');
  assert.equal(audit.length, 2);
  assert.deepEqual([audit[0]!.from, audit[0]!.to, audit[0]!.detail], ['issued', 'issued', { by: 'alice', role: 'agent', realm: 'switchboard', users: ['alice', '1001'] }]);
  assert.equal(audit[1]!.from, null, 'no credentials before (no engine: nothing seeded)');
  assert.ok(!JSON.stringify(audit).includes(second.password), 'the audit never holds the password');
});

test("phone password: an agent may not issue another's; a supervisor may not; an admin may issue anyone's; unknown agents 404; bad ids 400; no token 401", async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const alice = await login(app, 'alice', 'demo1234');
  const sam = await login(app, 'sam', 'demo1234');
  const admin = await login(app, 'admin', 'admin1234');

  const other = errorOf(await issue(app, 'bob', alice));
  assert.deepEqual([other.status, other.code], [403, 'FORBIDDEN']);
  const supervisor = errorOf(await issue(app, 'alice', sam));
  assert.deepEqual([supervisor.status, supervisor.code], [403, 'FORBIDDEN']);
  assert.equal(errorOf(await issue(app, 'alice')).status, 401);
  assert.deepEqual(await app.switchboard.store.phoneCredentials.list('switchboard'), [], 'nothing written by a refused request');

  const byAdmin = await issue(app, 'bob', admin);
  assert.equal(byAdmin.statusCode, 200, byAdmin.body);
  assert.deepEqual(phonePasswordResponseSchema.parse(byAdmin.json()).users, ['bob', '1002']);
  const audit = (await app.switchboard.store.audit.listAudit('bob', 10)).find((r) => r.kind === 'phone-credentials');
  assert.deepEqual(audit?.detail, { by: 'admin', role: 'admin', realm: 'switchboard', users: ['bob', '1002'] });

  const unknown = errorOf(await issue(app, 'nobody', admin));
  assert.deepEqual([unknown.status, unknown.code], [404, 'NOT_FOUND']);
  const bad = errorOf(await issue(app, 'x'.repeat(65), admin));
  assert.deepEqual([bad.status, bad.code], [400, 'VALIDATION_FAILED']);
  const ctl = errorOf(await app.inject({ method: 'POST', url: '/api/v1/agents/al%01ice/phone-password', headers: auth(admin) }));
  assert.equal(ctl.status, 400);

  const openapi = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, unknown> };
  assert.ok(openapi.paths['/api/v1/agents/{agentId}/phone-password'], 'documented in the OpenAPI from the route table');
});
