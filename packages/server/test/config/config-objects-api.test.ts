import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { auth, errorOf } from '../helpers';
import { configTestApp, type ConfigTestApp } from './config-test-app';

/**
 * Configuration editing of DNIS (a list keyed by number) and of the single-object sections
 * (dialPlan, recordings, crm) on a copy of the demo workspace: add, edit and remove through the
 * API, the loader's problems with their field, admins only, and each change applied by the same
 * reload as the file's (an agent may play recordings at once, a CRM origin passes CORS at once).
 * Trunks, which need the engine, are in config-trunks.test.ts.
 */

type Who = 'bob' | 'sam' | 'admin';
const PASSWORDS: Record<Who, string> = { bob: 'demo1234', sam: 'demo1234', admin: 'admin1234' };
const BASE = '/api/v1/workspace/config';

describe('configuration editing API: DNIS, dial plan, recordings and CRMs', () => {
  let c: ConfigTestApp<Who>;
  let app: FastifyInstance;
  let tokens: Record<Who, string>;

  before(async () => {
    c = await configTestApp(PASSWORDS);
    ({ app, tokens } = c);
  });
  after(() => c?.close());

  const bytes = () => c.bytes();
  const req = (who: Who, method: 'GET' | 'PUT' | 'DELETE' | 'OPTIONS', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method, url, headers: { ...auth(tokens[who]), ...headers }, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
  const view = async (who: Who = 'admin') => {
    const res = await req(who, 'GET', BASE);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as {
      version: string;
      sections: Record<string, Array<Record<string, unknown>> | undefined>;
      access: Record<string, { create: boolean; delete: boolean; edit: 'all' | string[] } | undefined>;
      objects: Record<string, Record<string, unknown> | null>;
      objectAccess: Record<string, boolean>;
    };
  };
  const changes = async () => (await req('admin', 'GET', `${BASE}/changes?limit=1000`)).json().rows as Array<Record<string, unknown>>;
  /** A refusal by the loader: 422 WORKSPACE_INVALID, a problem on `field`, and the file as it was. */
  const refused = async (what: string, method: 'PUT' | 'DELETE', url: string, body: unknown, field: string | null) => {
    const before = bytes();
    const res = await req('admin', method, url, body);
    const e = errorOf(res);
    assert.deepEqual([e.status, e.code], [422, 'WORKSPACE_INVALID'], `${what}: ${res.body}`);
    const problems = e.details!.problems as Array<{ path: string; field?: string; message: string }>;
    if (field !== null)
      assert.ok(
        problems.some((p) => p.field === field),
        `${what}: ${JSON.stringify(problems)}`,
      );
    assert.equal(bytes(), before, `${what}: the file is unchanged`);
    return problems;
  };

  it('DNIS: an admin adds, moves and removes a number (keyed by the number itself); the loader refuses bad ones beside their field', async () => {
    const v = await view();
    assert.deepEqual(v.sections.dnis, [{ number: '+61290000001', workflow: 'demo-care' }]);
    assert.deepEqual(v.access.dnis, { create: true, delete: true, edit: 'all' });
    const workflows = v.sections.workflows!.map((w) => w.id as string);
    const other = workflows.find((w) => w !== 'demo-care')!;

    // Add: the URL names the number (its "+" encoded); the body's number, if any, is the URL's.
    const add = await req('admin', 'PUT', `${BASE}/dnis/${encodeURIComponent('+61290000002')}`, { workflow: 'demo-care' });
    assert.equal(add.statusCode, 200, add.body);
    assert.deepEqual([add.json().action, add.json().item], ['create', { number: '+61290000002', workflow: 'demo-care' }]);
    assert.match(bytes(), /- number: "\+61290000002"\n\s+workflow: demo-care/);
    // Edit: onto another workflow.
    const move = await req('admin', 'PUT', `${BASE}/dnis/%2B61290000002`, { number: '+61290000002', workflow: other });
    assert.equal(move.statusCode, 200, move.body);
    assert.equal(move.json().action, 'update');
    assert.deepEqual(
      (await view()).sections.dnis?.find((d) => d.number === '+61290000002'),
      { number: '+61290000002', workflow: other },
    );

    await refused('a workflow that does not exist', 'PUT', `${BASE}/dnis/%2B61290000003`, { workflow: 'nope' }, 'workflow');
    await refused('a number that is not E.164', 'PUT', `${BASE}/dnis/0290000003`, { workflow: 'demo-care' }, 'number');
    await refused('the call-in number', 'PUT', `${BASE}/dnis/%2B61290000000`, { workflow: 'demo-care' }, 'number');
    await refused('an unknown key', 'PUT', `${BASE}/dnis/%2B61290000003`, { workflow: 'demo-care', queue: 'x' }, 'queue');
    await refused('a workflow a DNIS still runs', 'DELETE', `${BASE}/workflows/demo-care`, undefined, null);

    const gone = await req('admin', 'DELETE', `${BASE}/dnis/%2B61290000002`);
    assert.equal(gone.statusCode, 200, gone.body);
    assert.deepEqual((await view()).sections.dnis, [{ number: '+61290000001', workflow: 'demo-care' }]);
    assert.equal(errorOf(await req('admin', 'DELETE', `${BASE}/dnis/%2B61290000002`)).code, 'NOT_FOUND');
    const rows = (await changes()).filter((r) => r.section === 'dnis');
    assert.deepEqual(
      rows.map((r) => [r.action, r.itemId]),
      [
        ['delete', '+61290000002'],
        ['update', '+61290000002'],
        ['create', '+61290000002'],
      ],
    );
  });

  it('dial plan: an admin sets it whole (comments kept), the loader refuses bad values beside their field, and removing it brings the defaults back', async () => {
    const v = await view();
    assert.deepEqual(v.objects.dialPlan, { allowCountries: ['AU'], blockTypes: ['PREMIUM_RATE'], blockNumbers: [] });
    assert.equal(v.objectAccess.dialPlan, true);
    const version = v.version;

    const set = await req(
      'admin',
      'PUT',
      `${BASE}/dialPlan`,
      { allowCountries: ['AU', 'NZ'], blockTypes: ['PREMIUM_RATE', 'SHARED_COST'], blockNumbers: ['+61491570999'] },
      { 'if-match': `"${version}"` },
    );
    assert.equal(set.statusCode, 200, set.body);
    assert.equal(set.json().action, 'update');
    const text = bytes();
    assert.match(text, /dialPlan:\n\s+allowCountries: \[AU, NZ\]\n\s+blockTypes: \[PREMIUM_RATE, SHARED_COST\]\n\s+blockNumbers: \["\+61491570999"\]/);
    assert.match(text, /# --- Dial plan ---/, 'the comments above it stay');
    assert.deepEqual((await view()).objects.dialPlan?.allowCountries, ['AU', 'NZ']);
    const row = (await changes())[0]!;
    assert.deepEqual([row.section, row.itemId, row.action, row.userId], ['dialPlan', null, 'update', 'admin']);
    assert.deepEqual((row.detail as { before: unknown }).before, { allowCountries: ['AU'], blockTypes: ['PREMIUM_RATE'], blockNumbers: [] });

    await refused('a country that is not a code', 'PUT', `${BASE}/dialPlan`, { allowCountries: ['Australia'] }, 'allowCountries[0]');
    await refused('no country at all', 'PUT', `${BASE}/dialPlan`, { allowCountries: [] }, 'allowCountries');
    await refused('a number type that does not exist', 'PUT', `${BASE}/dialPlan`, { blockTypes: ['EXPENSIVE'] }, 'blockTypes[0]');
    await refused('a blocked number that is not E.164', 'PUT', `${BASE}/dialPlan`, { blockNumbers: ['1900'] }, 'blockNumbers[0]');
    await refused('an unknown key', 'PUT', `${BASE}/dialPlan`, { allowCountries: 'all', blockCountries: ['US'] }, 'blockCountries');
    const stale = await req('admin', 'PUT', `${BASE}/dialPlan`, { allowCountries: 'all' }, { 'if-match': `"${version}"` });
    assert.deepEqual([errorOf(stale).status, errorOf(stale).code], [412, 'CONFIG_VERSION_MISMATCH']);

    const removed = await req('admin', 'DELETE', `${BASE}/dialPlan`);
    assert.equal(removed.statusCode, 200, removed.body);
    assert.doesNotMatch(bytes(), /^dialPlan:/m);
    assert.equal((await view()).objects.dialPlan, null);
    assert.equal(errorOf(await req('admin', 'DELETE', `${BASE}/dialPlan`)).code, 'NOT_FOUND');
    // Set again on a file without it: created.
    const again = await req('admin', 'PUT', `${BASE}/dialPlan`, { allowCountries: ['AU'] });
    assert.equal(again.json().action, 'create', again.body);
    assert.match(bytes(), /^dialPlan:\n\s+allowCountries: \[AU\]/m);
  });

  it('recordings and CRM origins: a change applies at once, through the same reload as the file', async () => {
    const range = `from=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}&to=${encodeURIComponent(new Date().toISOString())}`;
    assert.equal(errorOf(await req('bob', 'GET', `/api/v1/recordings?${range}`)).code, 'FORBIDDEN', 'the demo does not let agents play recordings');
    const set = await req('admin', 'PUT', `${BASE}/recordings`, { play: ['agent', 'supervisor', 'admin'], download: ['supervisor', 'admin'], retentionDays: 90 });
    assert.equal(set.statusCode, 200, set.body);
    assert.equal((await req('bob', 'GET', `/api/v1/recordings?${range}`)).statusCode, 200, 'bob may play his own calls now');
    await refused('retention of 0 days', 'PUT', `${BASE}/recordings`, { retentionDays: 0 }, 'retentionDays');
    await refused('a role that does not exist', 'PUT', `${BASE}/recordings`, { play: ['everyone'] }, 'play[0]');

    const ORIGIN = 'https://acme.lightning.force.com';
    const allowed = async () =>
      (await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin: ORIGIN }, payload: { username: 'x', password: 'y' } })).headers[
        'access-control-allow-origin'
      ];
    assert.equal(await allowed(), undefined);
    const crm = await req('admin', 'PUT', `${BASE}/crm`, { allowedOrigins: [ORIGIN] });
    assert.equal(crm.statusCode, 200, crm.body);
    assert.equal(crm.json().action, 'create');
    assert.equal(await allowed(), ORIGIN, 'the origin passes CORS at once');
    await refused('an origin with a path', 'PUT', `${BASE}/crm`, { allowedOrigins: ['https://crm.example.com/app'] }, 'allowedOrigins[0]');
    assert.equal((await req('admin', 'DELETE', `${BASE}/crm`)).statusCode, 200);
    assert.equal(await allowed(), undefined, 'and is refused again once removed');
  });

  it('supervisors and agents may not change DNIS or the single-object sections, and the file stays as it was', async () => {
    const sam = await view('sam');
    assert.deepEqual(sam.access.dnis, { create: false, delete: false, edit: [] });
    assert.deepEqual(sam.objectAccess, { dialPlan: false, recordings: false, crm: false });
    assert.ok(sam.objects.dialPlan, 'a supervisor reads the dial plan');
    const before = bytes();
    const cases: Array<[Who, 'GET' | 'PUT' | 'DELETE', string, unknown]> = [
      ['sam', 'PUT', `${BASE}/dnis/%2B61290000001`, { workflow: 'demo-care' }],
      ['sam', 'PUT', `${BASE}/dnis/%2B61290000009`, { workflow: 'demo-care' }],
      ['sam', 'DELETE', `${BASE}/dnis/%2B61290000001`, undefined],
      ['sam', 'PUT', `${BASE}/dialPlan`, { allowCountries: 'all' }],
      ['sam', 'DELETE', `${BASE}/dialPlan`, undefined],
      ['sam', 'PUT', `${BASE}/recordings`, { play: ['supervisor'] }],
      ['sam', 'PUT', `${BASE}/crm`, { allowedOrigins: ['https://evil.example.com'] }],
      ['bob', 'PUT', `${BASE}/dialPlan`, { allowCountries: 'all' }],
      ['bob', 'GET', BASE, undefined],
    ];
    for (const [who, method, url, body] of cases) {
      const e = errorOf(await req(who, method, url, body));
      assert.deepEqual([e.status, e.code], [403, 'FORBIDDEN'], `${who} ${method} ${url}`);
    }
    assert.equal(bytes(), before);
    // A section that is not one: the route's own validation.
    assert.equal(errorOf(await req('admin', 'PUT', `${BASE}/musicOnHold`, { file: 'x.wav' })).code, 'VALIDATION_FAILED');
  });
});
