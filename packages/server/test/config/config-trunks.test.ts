import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { auth, demoWorkspaceCopy, errorOf, login, makeApp, removeDir } from '../helpers';
import { engineConfig } from '../calls/helpers';

// Ports: engine SIP 44000 (sandbox 44010), RTP 44020-44059, sandbox RTP 44060-44099. No call is made.

const BASE = '/api/v1/workspace/config';

test('trunks through the configuration API: applied to the engine by the same reload as the file, passwords never returned, supervisors neither see nor change them', async (t) => {
  const { dir: wsDir, file } = demoWorkspaceCopy();
  const dir = mkdtempSync(join(tmpdir(), 'sb-cfg-trunks-'));
  const engine = { ...engineConfig(44000, join(dir, 'recordings')), rtpPorts: { min: 44020, max: 44059 }, sandboxRtpPorts: { min: 44060, max: 44099 } };
  const { app, close } = await makeApp({ dir, config: { workspaceFile: file, engine } });
  t.after(async () => {
    await close();
    removeDir(dir);
    removeDir(wsDir);
  });
  const admin = await login(app, 'admin', 'admin1234');
  const sam = await login(app, 'sam', 'demo1234');
  const bytes = () => readFileSync(file, 'utf8');
  const req = (token: string, method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
    app.inject({ method, url, headers: auth(token), ...(payload ? { payload } : {}) });
  const engineTrunks = app.switchboard.telephony!.stack.engine.trunks;
  const trunks = () => engineTrunks.list().map((tr) => `${tr.name}@${tr.host}:${tr.port}`);
  assert.deepEqual(trunks(), ['sandbox@127.0.0.1:44010']);

  // Add: written to the file, applied to the engine, the password nowhere in the answer.
  const carrier = {
    address: '192.0.2.10:5080',
    credentials: { username: '61290000000', password: 'Trunk-Secret-1' },
    outboundRewrite: [{ match: '\\+61(\\d{9})', replace: '0$1' }],
    maxCalls: 4,
  };
  const add = await req(admin, 'PUT', `${BASE}/trunks/carrier`, carrier);
  assert.equal(add.statusCode, 200, add.body);
  assert.equal(add.json().action, 'create');
  assert.deepEqual(add.json().item.credentials, { username: '61290000000' });
  assert.ok(!add.body.includes('Trunk-Secret-1'), 'the answer does not carry the password');
  assert.deepEqual(trunks(), ['sandbox@127.0.0.1:44010', 'carrier@192.0.2.10:5080'], 'the engine took the trunk at once');
  assert.deepEqual(engineTrunks.get('carrier').credentials, { username: '61290000000', password: 'Trunk-Secret-1' });

  // Edit as the page does, from what the API returned (no password): the password stays.
  const listed = (await req(admin, 'GET', BASE)).json().sections.trunks as Array<Record<string, unknown>>;
  assert.equal(listed.length, 1);
  const edit = await req(admin, 'PUT', `${BASE}/trunks/carrier`, { ...listed[0]!, maxCalls: 8, address: '192.0.2.11' });
  assert.equal(edit.statusCode, 200, edit.body);
  assert.deepEqual(trunks(), ['sandbox@127.0.0.1:44010', 'carrier@192.0.2.11:5060']);
  assert.equal(engineTrunks.get('carrier').maxCalls, 8);
  assert.equal(engineTrunks.get('carrier').credentials?.password, 'Trunk-Secret-1', 'left out: kept');

  // A password never comes back: not in the configuration, the audit, or the export.
  const everything = [(await req(admin, 'GET', BASE)).body, (await req(admin, 'GET', `${BASE}/changes?limit=1000`)).body, (await req(admin, 'GET', `${BASE}/export`)).body];
  for (const text of everything) assert.ok(!text.includes('Trunk-Secret-1'), text.slice(0, 200));
  assert.match(bytes(), /password: Trunk-Secret-1/, 'the file, the source of truth, has it');

  // Refused by the loader (each beside its field) or by the engine's own check: nothing changes.
  const before = bytes();
  const refusals: Array<[string, string, Record<string, unknown>, RegExp]> = [
    ['the reserved name', 'sandbox', { address: '192.0.2.12' }, /reserved for the sandbox carrier/],
    ['an address that is not host:port', 'other', { address: 'sip://x' }, /host or host:port/],
    ['srtp over udp', 'other', { address: '192.0.2.12', srtp: true }, /needs transport: tls/],
    ['credentials without a password', 'other', { address: '192.0.2.12', credentials: { username: 'u' } }, /needs password or passwordEnv/],
    ['a password variable that is not set', 'other', { address: '192.0.2.12', credentials: { username: 'u', passwordEnv: 'SB_TEST_UNSET_TRUNK_PW' } }, /is not set/],
    ['a rewrite that is not a regular expression', 'other', { address: '192.0.2.12', outboundRewrite: [{ match: '(', replace: '' }] }, /regular expression/],
    ['tls on an engine without SIP over TLS (the engine refuses it)', 'other', { address: '192.0.2.12', transport: 'tls' }, /SIP over TLS/],
  ];
  for (const [what, name, body, message] of refusals) {
    const res = await req(admin, 'PUT', `${BASE}/trunks/${name}`, body);
    const e = errorOf(res);
    assert.deepEqual([e.status, e.code], [422, 'WORKSPACE_INVALID'], `${what}: ${res.body}`);
    assert.match(e.message, message, what);
    assert.equal(bytes(), before, `${what}: the file is unchanged`);
  }
  const fields = (await req(admin, 'PUT', `${BASE}/trunks/other`, { address: '192.0.2.12', srtp: true })).json().error.details.problems as Array<{ field?: string }>;
  assert.ok(
    fields.some((p) => p.field === 'srtp'),
    JSON.stringify(fields),
  );
  assert.deepEqual(trunks(), ['sandbox@127.0.0.1:44010', 'carrier@192.0.2.11:5060'], 'the engine kept its trunks');

  // A supervisor: no trunks in the page, and every change refused the same whether a trunk exists or not.
  const samView = (await req(sam, 'GET', BASE)).json() as { sections: Record<string, unknown>; access: Record<string, unknown> };
  assert.equal(samView.sections.trunks, undefined);
  assert.equal(samView.access.trunks, undefined);
  assert.ok(Array.isArray(samView.sections.dnis), 'other sections are there');
  for (const [method, url, body] of [
    ['PUT', `${BASE}/trunks/carrier`, { address: '192.0.2.66' }],
    ['PUT', `${BASE}/trunks/new-one`, { address: '192.0.2.66' }],
    ['DELETE', `${BASE}/trunks/carrier`, undefined],
  ] as const) {
    const e = errorOf(await req(sam, method, url, body));
    assert.deepEqual([e.status, e.code], [403, 'FORBIDDEN'], `${method} ${url}`);
    if (method === 'PUT') assert.equal(e.message, 'Only an admin may see or change trunks');
  }
  assert.equal(bytes(), before);

  // Remove: gone from the file and the engine; the audit shows it, without the password.
  const gone = await req(admin, 'DELETE', `${BASE}/trunks/carrier`);
  assert.equal(gone.statusCode, 200, gone.body);
  assert.deepEqual(trunks(), ['sandbox@127.0.0.1:44010']);
  assert.doesNotMatch(bytes(), /Trunk-Secret-1/);
  const rows = (await req(admin, 'GET', `${BASE}/changes?limit=1000`)).json().rows as Array<{ section: string; itemId: string; action: string; detail: unknown }>;
  assert.deepEqual(
    rows.filter((r) => r.section === 'trunks').map((r) => `${r.action} ${r.itemId}`),
    ['delete carrier', 'update carrier', 'create carrier'],
  );
  assert.deepEqual((rows[0]!.detail as { before: { credentials: unknown } }).before.credentials, { username: '61290000000' });

  // The dial plan edited through the API is the one every call out meets at once.
  const plan = await req(admin, 'PUT', `${BASE}/dialPlan`, { allowCountries: ['AU'], blockNumbers: ['+61491570999'] });
  assert.equal(plan.statusCode, 200, plan.body);
  await assert.rejects(
    app.switchboard.telephony!.stack.engine.originate({ to: { trunk: 'sandbox', number: '+61491570999' }, context: { purpose: 'campaign' } }),
    (e: Error & { code?: string; details?: { reason?: string } }) => e.code === 'DIAL_PLAN_REFUSED' && /blocked/.test(e.message),
  );
});
