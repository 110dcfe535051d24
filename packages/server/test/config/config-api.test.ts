import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { auth, errorOf, login } from '../helpers';
import { configTestApp, type ConfigTestApp } from './config-test-app';

/**
 * Configuration editing (issue 20.6) through the API on a copy of the demo workspace: the
 * authorisation matrix of every configuration endpoint (an agent, a supervisor of another team,
 * the team's supervisor, an admin), edits the loader refuses changing nothing (the file's bytes,
 * the store, the audit), If-Match, secrets never returned or exported, export and import back.
 */

const SUE = 'staff:\n  - username: sue\n    displayName: Sue Sales\n    role: supervisor\n    team: sales\n    password: demo1234\n';

type Who = 'bob' | 'sue' | 'sam' | 'admin';
const PASSWORDS: Record<Who, string> = { bob: 'demo1234', sue: 'demo1234', sam: 'demo1234', admin: 'admin1234' };

describe('configuration editing API', () => {
  let c: ConfigTestApp<Who>;
  let app: FastifyInstance;
  let file: string;
  let tokens: Record<Who, string>;

  before(async () => {
    c = await configTestApp(PASSWORDS, (demo) => demo.replace('staff:\n', SUE));
    ({ app, file, tokens } = c);
  });
  after(() => c?.close());

  const bytes = () => c.bytes();
  const req = (who: Who, method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method, url, headers: { ...auth(tokens[who]), ...headers }, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
  const view = async (who: Who = 'admin') => {
    const res = await req(who, 'GET', '/api/v1/workspace/config');
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as {
      version: string;
      sections: Record<string, Array<Record<string, unknown>>>;
      access: Record<string, { create: boolean; delete: boolean; edit: 'all' | string[] }>;
      wholeFile: boolean;
    };
  };
  const item = async (section: string, id: string) => (await view()).sections[section]!.find((i) => (i.id ?? i.username) === id)!;
  const changes = async () => (await req('admin', 'GET', '/api/v1/workspace/config/changes?limit=1000')).json().rows as Array<Record<string, unknown>>;

  it('the authorisation matrix of every configuration endpoint: agent, supervisor of another team, supervisor, admin', async () => {
    const care = await item('campaigns', 'care-inbound');
    const bob = await item('agents', 'bob');
    const exported = (await req('admin', 'GET', '/api/v1/workspace/config/export')).body;
    // [what, request, expected status for bob (agent), sue (sales supervisor), sam (care supervisor), admin]
    const cases: Array<[string, (who: Who) => Promise<{ statusCode: number; body: string }>, [number, number, number, number]]> = [
      ['GET config', (w) => req(w, 'GET', '/api/v1/workspace/config'), [403, 200, 200, 200]],
      ['PUT a campaign of the care team', (w) => req(w, 'PUT', '/api/v1/workspace/config/campaigns/care-inbound', { ...care, autoWrapSeconds: 45 }), [403, 403, 200, 200]],
      ['PUT the care team', (w) => req(w, 'PUT', '/api/v1/workspace/config/teams/care', { id: 'care', name: 'Customer Care', requestAssistance: true }), [403, 403, 200, 200]],
      ['PUT an agent of the care team', (w) => req(w, 'PUT', '/api/v1/workspace/config/agents/bob', { ...bob, displayName: 'Bob Smith' }), [403, 403, 200, 200]],
      ['PUT a pause reason', (w) => req(w, 'PUT', '/api/v1/workspace/config/pauseReasons/lunch', { id: 'lunch', name: 'Lunch' }), [403, 403, 403, 200]],
      [
        'PUT a queue',
        (w) => req(w, 'PUT', '/api/v1/workspace/config/queues/sales-queue', { id: 'sales-queue', name: 'Sales queue', campaign: 'sales-outbound' }),
        [403, 403, 403, 200],
      ],
      [
        'PUT a staff member',
        (w) => req(w, 'PUT', '/api/v1/workspace/config/staff/sue', { username: 'sue', displayName: 'Sue Sales', role: 'supervisor', team: 'sales' }),
        [403, 403, 403, 200],
      ],
      ['PUT a new pause reason', (w) => req(w, 'PUT', `/api/v1/workspace/config/pauseReasons/new-${w}`, { name: 'New' }), [403, 403, 403, 200]],
      ['DELETE a pause reason', (w) => req(w, 'DELETE', '/api/v1/workspace/config/pauseReasons/new-admin'), [403, 403, 403, 200]],
      ['GET export', (w) => req(w, 'GET', '/api/v1/workspace/config/export'), [403, 403, 403, 200]],
      ['PUT import', (w) => req(w, 'PUT', '/api/v1/workspace/config/import', { yaml: exported }), [403, 403, 403, 200]],
      ['GET changes', (w) => req(w, 'GET', '/api/v1/workspace/config/changes'), [403, 403, 403, 200]],
    ];
    const order: Who[] = ['bob', 'sue', 'sam', 'admin'];
    for (const [what, call, expected] of cases) {
      for (const [i, who] of order.entries()) {
        const before = bytes();
        const res = await call(who);
        assert.equal(res.statusCode, expected[i], `${what} as ${who}: ${res.body}`);
        if (res.statusCode === 403) {
          assert.equal(errorOf(res as never).code, 'FORBIDDEN');
          assert.equal(bytes(), before, `${what} refused to ${who} left the file as it was`);
        }
      }
    }
    // What each may change, as the page is told.
    const sam = await view('sam');
    assert.deepEqual(sam.access.teams, { create: false, delete: false, edit: ['care'] });
    assert.deepEqual(new Set(sam.access.agents!.edit), new Set(['alice', 'bob']));
    assert.deepEqual(new Set(sam.access.campaigns!.edit), new Set(['care-inbound', 'sales-outbound']));
    assert.deepEqual(sam.access.pauseReasons, { create: false, delete: false, edit: [] });
    assert.equal(sam.wholeFile, false);
    assert.deepEqual((await view('admin')).access.queues, { create: true, delete: true, edit: 'all' });
  });

  it("a supervisor may not move an agent out of the team, set a secret, reach another team's campaign, or add an item", async () => {
    const bob = await item('agents', 'bob');
    const before = bytes();
    const refused: Array<[string, Record<string, unknown>, string]> = [
      ['agents/bob', { ...bob, team: 'sales' }, 'out of their team'],
      ['agents/bob', { ...bob, password: 'newpass99' }, 'password'],
      ['agents/bob', { ...bob, campaigns: ['care-inbound', 'renewals-predictive'] }, 'renewals-predictive'],
      ['agents/newbie', { username: 'newbie', displayName: 'New', agentNumber: '1099', password: 'x', pin: '1111', team: 'care' }, 'Only an admin'],
      ['campaigns/renewals-predictive', { id: 'renewals-predictive', name: 'Renewals', direction: 'outbound', dialMode: 'predictive' }, 'not campaigns'],
    ];
    for (const [path, body, message] of refused) {
      const res = await req('sam', 'PUT', `/api/v1/workspace/config/${path}`, body);
      const e = errorOf(res);
      assert.equal(e.status, 403, `${path}: ${res.body}`);
      assert.match(e.message, new RegExp(message));
    }
    assert.equal(bytes(), before);
    // Inside the scope: sam renames bob, and the store follows.
    const ok = await req('sam', 'PUT', '/api/v1/workspace/config/agents/bob', { ...bob, displayName: 'Robert Smith' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((await app.switchboard.store.agents.getAgent('bob'))?.displayName, 'Robert Smith');
    assert.match(bytes(), /displayName: Robert Smith/);
  });

  it('configuration edits that fail validation change nothing: not the file, not the store, not the audit', async () => {
    const care = await item('campaigns', 'care-inbound');
    const cases: Array<[string, 'PUT' | 'DELETE', string, unknown, string]> = [
      ['an empty pause reason name', 'PUT', 'pauseReasons/lunch', { name: '' }, 'name'],
      ['an unknown key', 'PUT', 'pauseReasons/lunch', { name: 'Lunch', takesTransferz: true }, 'takesTransferz'],
      ['a default wrap code that is not one of the wrap codes', 'PUT', 'campaigns/care-inbound', { ...care, defaultWrapCode: 'nope' }, 'defaultWrapCode'],
      ['auto-wrap of 0 seconds', 'PUT', 'campaigns/care-inbound', { ...care, autoWrapSeconds: 0 }, 'autoWrapSeconds'],
      [
        'a transfer number that is not a number',
        'PUT',
        'campaigns/care-inbound',
        { ...care, transferNumbers: [{ label: 'X', number: 'not a number' }] },
        'transferNumbers[0].number',
      ],
      ['an outbound campaign without a dial mode', 'PUT', 'campaigns/new-out', { name: 'Out', direction: 'outbound' }, ''],
      ['a queue of a campaign that does not exist', 'PUT', 'queues/care-queue', { name: 'Care queue', campaign: 'nope' }, 'campaign'],
      ['a workflow whose start is missing', 'PUT', 'workflows/bad-flow', { name: 'Bad', start: 'nowhere', objects: [{ id: 'bye', type: 'hangup' }] }, 'start'],
      ['an agent without a password', 'PUT', 'agents/newbie', { username: 'newbie', displayName: 'New', agentNumber: '1099', pin: '1111' }, ''],
      ['an agent with a short PIN', 'PUT', 'agents/bob', { ...(await item('agents', 'bob')), pin: '12' }, 'pin'],
      ['removing a team agents still belong to', 'DELETE', 'teams/care', undefined, ''],
      ['removing a campaign a queue belongs to', 'DELETE', 'campaigns/care-inbound', undefined, ''],
    ];
    const imports: Array<[string, string]> = [
      ['YAML that does not parse', 'name: [unclosed\n'],
      ['a file with a bad region', bytes().replace('region: AU', 'region: Australia')],
      ['a file whose queue is of a campaign that does not exist', bytes().replace('campaign: care-inbound', 'campaign: gone')],
    ];
    const reasonsBefore = await app.switchboard.store.agents.listPauseReasons();
    const changesBefore = (await changes()).length;
    for (const [what, method, path, body, field] of cases) {
      const before = bytes();
      const bak = existsSync(`${file}.bak`) ? readFileSync(`${file}.bak`, 'utf8') : null;
      const res = await req('admin', method, `/api/v1/workspace/config/${path}`, body);
      const e = errorOf(res);
      assert.equal(e.status, 422, `${what}: ${res.body}`);
      assert.equal(e.code, 'WORKSPACE_INVALID', what);
      assert.match(e.message, /^Nothing was changed/);
      const problems = e.details!.problems as Array<{ path: string; field?: string; message: string }>;
      assert.ok(problems.length > 0, what);
      if (field)
        assert.ok(
          problems.some((p) => p.field === field || p.field?.startsWith(`${field}.`) || p.field?.startsWith(`${field}[`)),
          `${what}: ${JSON.stringify(problems)}`,
        );
      assert.equal(bytes(), before, `${what}: the file's bytes are unchanged`);
      assert.equal(existsSync(`${file}.bak`) ? readFileSync(`${file}.bak`, 'utf8') : null, bak, `${what}: the backup is untouched`);
    }
    for (const [what, yaml] of imports) {
      const before = bytes();
      const res = await req('admin', 'PUT', '/api/v1/workspace/config/import', { yaml });
      assert.equal(errorOf(res).status, 422, `${what}: ${res.body}`);
      assert.equal(errorOf(res).code, 'WORKSPACE_INVALID');
      assert.equal(bytes(), before, `${what}: the file's bytes are unchanged`);
    }
    assert.deepEqual(await app.switchboard.store.agents.listPauseReasons(), reasonsBefore, 'the store is unchanged');
    assert.equal((await changes()).length, changesBefore, 'nothing was audited');
  });

  it('an accepted edit is written (comments kept, .bak the old bytes), applied, and audited with who and when; a stale If-Match is 412', async () => {
    const { version } = await view();
    const before = bytes();
    const res = await req('admin', 'PUT', '/api/v1/workspace/config/pauseReasons/lunch', { name: 'Long lunch', takesTransfers: true }, { 'if-match': `"${version}"` });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { version: string; action: string; item: Record<string, unknown> };
    assert.equal(body.action, 'update');
    assert.deepEqual(body.item, { id: 'lunch', name: 'Long lunch', takesTransfers: true });
    assert.notEqual(body.version, version);
    assert.equal(res.headers.etag, `"${body.version}"`);
    assert.equal(readFileSync(`${file}.bak`, 'utf8'), before);
    const after = bytes();
    assert.match(after, /# --- Teams ---/, 'comments survive an edit');
    assert.match(after, /- id: lunch\n\s+name: Long lunch\n\s+takesTransfers: true/);
    const lunch = (await app.switchboard.store.agents.listPauseReasons()).find((r) => r.id === 'lunch');
    assert.deepEqual(lunch && { name: lunch.name, takesTransfers: lunch.takesTransfers }, { name: 'Long lunch', takesTransfers: true });

    const row = (await changes())[0]!;
    assert.equal(row.userId, 'admin');
    assert.equal(row.role, 'admin');
    assert.equal(row.section, 'pauseReasons');
    assert.equal(row.itemId, 'lunch');
    assert.equal(row.action, 'update');
    assert.equal(row.versionBefore, version);
    assert.equal(row.versionAfter, body.version);
    assert.ok(Math.abs(Date.parse(row.at as string) - Date.now()) < 60_000);
    assert.deepEqual(row.detail, { before: { id: 'lunch', name: 'Lunch' }, after: { id: 'lunch', name: 'Long lunch', takesTransfers: true } });

    // Saving it again unchanged writes nothing and audits nothing.
    const rows = (await changes()).length;
    const same = await req('admin', 'PUT', '/api/v1/workspace/config/pauseReasons/lunch', { id: 'lunch', name: 'Long lunch', takesTransfers: true });
    assert.equal(same.statusCode, 200, same.body);
    assert.equal(same.json().version, body.version);
    assert.equal(bytes(), after);
    assert.equal((await changes()).length, rows);

    // The version read before that edit is stale now.
    const stale = await req('admin', 'PUT', '/api/v1/workspace/config/pauseReasons/lunch', { name: 'Lunch' }, { 'if-match': `"${version}"` });
    assert.equal(errorOf(stale).status, 412);
    assert.equal(errorOf(stale).code, 'CONFIG_VERSION_MISMATCH');
    assert.equal(bytes(), after);
  });

  it('secrets are never returned or exported; a password set through the API is stored hashed; export imports back', async () => {
    const all = JSON.stringify(await view('admin'));
    for (const secret of ['demo1234', 'admin1234', 'scrypt$', 'passwordHash', '"pin"', '"password"'])
      assert.ok(!all.includes(secret), `the configuration does not carry ${secret}`);
    const exp = await req('admin', 'GET', '/api/v1/workspace/config/export');
    assert.equal(exp.statusCode, 200);
    assert.match(String(exp.headers['content-type']), /^application\/yaml/);
    assert.match(exp.body, /# --- Agents ---/);
    for (const secret of ['demo1234', 'admin1234', 'scrypt$']) assert.ok(!exp.body.includes(secret), `the export does not carry ${secret}`);
    assert.doesNotMatch(exp.body, /^\s*(password|passwordHash|pin|pinHash):/m);

    // A new password: hashed into the file, never in clear, and it logs in.
    const bob = await item('agents', 'bob');
    const set = await req('admin', 'PUT', '/api/v1/workspace/config/agents/bob', { ...bob, password: 'Sekret-77' });
    assert.equal(set.statusCode, 200, set.body);
    assert.ok(!set.body.includes('Sekret-77') && !set.body.includes('scrypt$'));
    assert.ok(!bytes().includes('Sekret-77'));
    assert.match(bytes(), /username: bob[\s\S]*?passwordHash: scrypt\$/);
    await login(app, 'bob', 'Sekret-77');

    // Import the export (no secrets in it): every user keeps theirs, comments come back.
    const imp = await req('admin', 'PUT', '/api/v1/workspace/config/import', { yaml: exp.body });
    assert.equal(imp.statusCode, 200, imp.body);
    await login(app, 'bob', 'Sekret-77');
    await login(app, 'alice', 'demo1234');
    await login(app, 'admin', 'admin1234');
    assert.match(bytes(), /# --- Agents ---/);
    // A whole file may be larger than other API bodies (BODY_LIMIT_BYTES, 64 KB here).
    const big = `${exp.body}\n# ${'padding '.repeat(20_000)}\n`;
    const bigImport = await req('admin', 'PUT', '/api/v1/workspace/config/import', { yaml: big });
    assert.equal(bigImport.statusCode, 200, bigImport.body.slice(0, 300));
    assert.ok(bytes().length > 150_000);
    const row = (await changes())[0]!;
    assert.equal(row.action, 'import');
    assert.equal(row.section, 'workspace');
  });

  it('an admin creates and deletes items; control characters are refused at the edge', async () => {
    const created = await req('admin', 'PUT', '/api/v1/workspace/config/agents/erin', {
      username: 'erin',
      displayName: 'Erin',
      agentNumber: '1005',
      password: 'Erin-pass1',
      pin: '5678',
      team: 'sales',
    });
    assert.equal(created.statusCode, 200, created.body);
    assert.equal(created.json().action, 'create');
    await login(app, 'erin', 'Erin-pass1');
    const gone = await req('admin', 'DELETE', '/api/v1/workspace/config/agents/erin');
    assert.equal(gone.statusCode, 200, gone.body);
    assert.equal((await app.switchboard.store.agents.getAgent('erin'))?.active, false);
    assert.equal(errorOf(await req('admin', 'DELETE', '/api/v1/workspace/config/agents/erin')).status, 404);
    const before = bytes();
    const bad = await req('admin', 'PUT', '/api/v1/workspace/config/pauseReasons/lunch', { name: 'Lu\u0007nch' });
    assert.equal(errorOf(bad).code, 'VALIDATION_FAILED');
    assert.equal(bytes(), before);
  });
});
