import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import WebSocket from 'ws';
import { FLOOR_EVENTS_PATH, floorServerMessageSchema, type FloorServerMessage } from '@switchboard/protocol';
import { auth, command, demoWorkspaceCopy, errorOf, listen, login, makeApp, rawSocket, removeDir, until } from './helpers';

/**
 * The floor WebSocket and Request assistance over a real listening server (port 0): who may open
 * the stream and what each sees live, and the authorisation of every assistance endpoint for an
 * agent, a supervisor of another team, the supervisor, and an admin.
 */

/** The demo workspace with a Sales supervisor (sue), so "a supervisor of another team" exists. */
function workspaceWithSue(): { dir: string; file: string } {
  const w = demoWorkspaceCopy();
  writeFileSync(w.file, w.demo.replace('staff:\n', 'staff:\n  - username: sue\n    displayName: Sue Sales\n    role: supervisor\n    team: sales\n    password: demo1234\n'));
  return w;
}

interface FloorSocket {
  ws: WebSocket;
  messages: FloorServerMessage[];
  closed: Promise<number>;
  of<T extends FloorServerMessage['type']>(type: T): Array<Extract<FloorServerMessage, { type: T }>>;
}

async function floorSocket(baseUrl: string, token: string | null, clientId = `tab-${Math.random().toString(36).slice(2, 12)}`): Promise<FloorSocket> {
  const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + FLOOR_EVENTS_PATH);
  const messages: FloorServerMessage[] = [];
  // Every message is what the protocol promises.
  ws.on('message', (d) => messages.push(floorServerMessageSchema.parse(JSON.parse(d.toString()))));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  if (token) ws.send(JSON.stringify({ type: 'hello', token, clientId }));
  return { ws, messages, closed, of: (type) => messages.filter((m) => m.type === type) as never };
}

async function setUp(t: { after(fn: () => Promise<void>): void }, opts: { helloTimeoutMs?: number } = {}) {
  const w = workspaceWithSue();
  const { app, dir, close } = await makeApp({ config: { workspaceFile: w.file }, floorFlushMs: 20, ...opts });
  const baseUrl = await listen(app);
  t.after(async () => {
    await close();
    removeDir(dir);
    removeDir(w.dir);
  });
  return { app, dir, baseUrl, w };
}

test('floor stream: agents are refused 4403, bad tokens 4401, silence 4408; staff get a snapshot cut to their scope', async (t) => {
  const { app, baseUrl } = await setUp(t, { helloTimeoutMs: 300 });
  const alice = await login(app, 'alice', 'demo1234');
  const agent = await floorSocket(baseUrl, alice);
  assert.equal(await agent.closed, 4403);
  assert.equal(agent.of('error')[0]?.code, 'FORBIDDEN');

  const bad = await floorSocket(baseUrl, 'not-a-real-token');
  assert.equal(await bad.closed, 4401);
  const silent = await floorSocket(baseUrl, null);
  assert.equal(await silent.closed, 4408);

  const junk = await floorSocket(baseUrl, null);
  junk.ws.send('{nope');
  junk.ws.send(JSON.stringify({ type: 'hello', token: 'x' }));
  await until(() => junk.of('error').length === 2, 'two errors');
  assert.deepEqual(
    junk.of('error').map((e) => e.code),
    ['MALFORMED_JSON', 'VALIDATION_FAILED'],
    'malformed input is answered, not fatal',
  );

  await login(app, 'carol', 'demo1234'); // sales
  const sam = await floorSocket(baseUrl, await login(app, 'sam', 'demo1234'));
  const sue = await floorSocket(baseUrl, await login(app, 'sue', 'demo1234'));
  const admin = await floorSocket(baseUrl, await login(app, 'admin', 'admin1234'));
  await until(() => [sam, sue, admin].every((s) => s.of('snapshot').length === 1), 'three snapshots');
  const snap = (s: FloorSocket) => s.of('snapshot')[0]!.floor;
  assert.deepEqual(snap(sam).scope, { role: 'supervisor', teamIds: ['care'] });
  assert.deepEqual(
    snap(sam).agents.map((a) => a.username),
    ['alice'],
  );
  assert.deepEqual(
    snap(sue).agents.map((a) => a.username),
    ['carol'],
  );
  assert.deepEqual(
    snap(admin).agents.map((a) => a.username),
    ['alice', 'carol'],
  );
  // The queues and campaigns of the campaigns the team's agents work: the same as the REST floor.
  const rest = (await app.inject({ method: 'GET', url: '/api/v1/floor', headers: auth(await login(app, 'sam', 'demo1234')) })).json();
  assert.deepEqual(
    snap(sam).queues.map((q) => q.queueId),
    rest.queues.map((q: { queueId: string }) => q.queueId),
  );
  assert.ok(snap(sam).queues.some((q) => q.queueId === 'care-queue' && q.targetSeconds === 20));
  assert.ok(snap(sam).campaigns.some((c) => c.campaignId === 'care-inbound' && c.dialLevel === null && c.agentsLoggedIn === 1));
  assert.ok(!snap(sue).queues.some((q) => q.queueId === 'care-queue'), 'sales works no care campaign');
  assert.deepEqual(
    Object.keys(sam.of('snapshot')[0]!.history).sort(),
    snap(sam)
      .queues.map((q) => q.queueId)
      .sort(),
  );
  assert.equal(app.switchboard.floor?.hub.size, 3);
});

test('floor stream: a state change reaches the sockets that may see it, in seq order, and a logout says gone', async (t) => {
  const { app, baseUrl } = await setUp(t);
  const sam = await floorSocket(baseUrl, await login(app, 'sam', 'demo1234'));
  const sue = await floorSocket(baseUrl, await login(app, 'sue', 'demo1234'));
  const admin = await floorSocket(baseUrl, await login(app, 'admin', 'admin1234'));
  await until(() => [sam, sue, admin].every((s) => s.of('snapshot').length === 1), 'snapshots');

  const alice = await login(app, 'alice', 'demo1234');
  await command(app, alice, { type: 'skip-voice' });
  await command(app, alice, { type: 'pause', reasonId: 'break' });
  const aliceIn = (s: FloorSocket, test: (a: { presence: string; pauseReason: string | null }) => boolean) =>
    s.of('changes').some((c) => c.agents.some((a) => a.username === 'alice' && test(a)));
  await until(() => aliceIn(sam, (a) => a.pauseReason === 'Break') && aliceIn(admin, (a) => a.pauseReason === 'Break'), 'alice on break at sam and admin');
  const carol = await login(app, 'carol', 'demo1234');
  await until(() => sue.of('changes').some((c) => c.agents.some((a) => a.username === 'carol')), 'carol at sue');
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(!sue.of('changes').some((c) => c.agents.some((a) => a.username === 'alice')), 'sue (sales) never hears of alice (care)');
  assert.ok(!sam.of('changes').some((c) => c.agents.some((a) => a.username === 'carol')), 'sam (care) never hears of carol (sales)');
  // Queue and campaign figures move with agents (logged in, available).
  assert.ok(sam.of('changes').some((c) => c.campaigns.some((x) => x.campaignId === 'care-inbound' && x.agentsLoggedIn === 1)));
  for (const s of [sam, sue, admin]) {
    const seqs = s.of('changes').map((c) => c.seq);
    assert.deepEqual(
      seqs,
      seqs.map((_, i) => i + 1),
      'seq counts up by one per socket',
    );
  }
  await command(app, alice, { type: 'sign-out' });
  await until(() => sam.of('changes').some((c) => c.gone.includes('alice')), 'alice gone at sam');
  await command(app, carol, { type: 'sign-out' });
});

test('floor stream: one user gets MAX_EVENT_SOCKETS_PER_AGENT sockets; the same tab replaces its own', async (t) => {
  const w = workspaceWithSue();
  const { app, dir, close } = await makeApp({ config: { workspaceFile: w.file, socketsPerAgent: 2 } });
  const baseUrl = await listen(app);
  t.after(async () => {
    await close();
    removeDir(dir);
    removeDir(w.dir);
  });
  const sam = await login(app, 'sam', 'demo1234');
  const a = await floorSocket(baseUrl, sam, 'tab-aaaaaaaa');
  await floorSocket(baseUrl, sam, 'tab-bbbbbbbb');
  await until(() => app.switchboard.floor!.hub.size === 2, 'two sockets');
  const c = await floorSocket(baseUrl, sam, 'tab-cccccccc');
  assert.equal(await c.closed, 4429);
  const a2 = await floorSocket(baseUrl, sam, 'tab-aaaaaaaa');
  assert.equal(await a.closed, 4409, 'the stale socket of the same tab is replaced');
  await until(() => a2.of('snapshot').length === 1, 'the new one gets its snapshot');
});

test('floor stream: after a workspace reload the sockets are closed with 1012 and come back with their new scope', async (t) => {
  const { app, baseUrl, w } = await setUp(t);
  const samToken = await login(app, 'sam', 'demo1234');
  const sam = await floorSocket(baseUrl, samToken);
  await until(() => sam.of('snapshot').length === 1, 'snapshot');
  assert.deepEqual(sam.of('snapshot')[0]!.floor.scope.teamIds, ['care']);
  // sam moves to sales in the file.
  const { readFileSync } = await import('node:fs');
  writeFileSync(w.file, readFileSync(w.file, 'utf8').replace('    role: supervisor\n    team: care', '    role: supervisor\n    team: sales'));
  const admin = await login(app, 'admin', 'admin1234');
  const res = await app.inject({ method: 'POST', url: '/api/v1/admin/workspace/reload', headers: auth(admin) });
  assert.equal(res.statusCode, 200, res.body);
  await login(app, 'carol', 'demo1234'); // a change: the floor notices the reload
  assert.equal(await sam.closed, 1012);
  const again = await floorSocket(baseUrl, samToken);
  await until(() => again.of('snapshot').length === 1, 'new snapshot');
  assert.deepEqual(again.of('snapshot')[0]!.floor.scope.teamIds, ['sales']);
  assert.deepEqual(
    again.of('snapshot')[0]!.floor.agents.map((a) => a.username),
    ['carol'],
  );
});

test('request assistance: the authorisation matrix, the 1,500-character limit, the push both ways, and a restart keeps it', async (t) => {
  const { app, dir, baseUrl, w } = await setUp(t);
  const post = (url: string, token: string, payload?: Record<string, unknown>) =>
    app.inject({ method: 'POST', url, headers: auth(token), ...(payload !== undefined ? { payload } : {}) });
  const get = (url: string, token: string) => app.inject({ method: 'GET', url, headers: auth(token) });
  const alice = await login(app, 'alice', 'demo1234'); // care: requestAssistance on
  const carol = await login(app, 'carol', 'demo1234'); // sales: off
  const samToken = await login(app, 'sam', 'demo1234');
  const sueToken = await login(app, 'sue', 'demo1234');
  const adminToken = await login(app, 'admin', 'admin1234');

  // Nobody of alice's team has the workspace open: no recipient, and sending to sam is refused.
  assert.deepEqual((await get('/api/v1/agent/assist/recipients', alice)).json(), { enabled: true, recipients: [] });
  const offline = errorOf(await post('/api/v1/agent/assist', alice, { toUserId: 'sam', message: 'help' }));
  assert.deepEqual([offline.status, offline.code], [422, 'RECIPIENT_UNAVAILABLE']);
  // Sales does not have the feature.
  assert.deepEqual((await get('/api/v1/agent/assist/recipients', carol)).json(), { enabled: false, recipients: [] });
  assert.equal(errorOf(await post('/api/v1/agent/assist', carol, { toUserId: 'sue', message: 'help' })).status, 403);

  const sam = await floorSocket(baseUrl, samToken);
  const sue = await floorSocket(baseUrl, sueToken);
  await until(() => sam.of('snapshot').length === 1 && sue.of('snapshot').length === 1, 'snapshots');
  assert.deepEqual((await get('/api/v1/agent/assist/recipients', alice)).json(), { enabled: true, recipients: [{ userId: 'sam', displayName: 'Sam Supervisor' }] });
  // sue is online but in another team.
  assert.equal(errorOf(await post('/api/v1/agent/assist', alice, { toUserId: 'sue', message: 'help' })).code, 'RECIPIENT_UNAVAILABLE');
  // Supervisors and admins cannot send; agents cannot read an inbox or mark.
  assert.equal(errorOf(await post('/api/v1/agent/assist', samToken, { toUserId: 'sam', message: 'x' })).status, 403);
  assert.equal(errorOf(await get('/api/v1/assist', alice)).status, 403);

  // 1,500 characters as typed: 1,500 emoji (3,000 UTF-16 units) pass, 1,501 do not; blank is refused.
  const tooLong = errorOf(await post('/api/v1/agent/assist', alice, { toUserId: 'sam', message: '🙂'.repeat(1501) }));
  assert.deepEqual([tooLong.status, tooLong.code], [400, 'VALIDATION_FAILED']);
  assert.equal(errorOf(await post('/api/v1/agent/assist', alice, { toUserId: 'sam', message: '   ' })).status, 400);
  assert.equal(errorOf(await post('/api/v1/agent/assist', alice, { toUserId: 'sam', message: 'x', priority: 'urgent' })).status, 400);

  // The agent's event socket hears of the request and then of its receipt.
  const aliceEvents = await rawSocket(baseUrl);
  aliceEvents.ws.send(JSON.stringify({ type: 'hello', token: alice, clientId: 'alice-tab-1' }));
  await until(() => aliceEvents.messages.some((m) => m.type === 'snapshot'), 'alice snapshot');

  const full = await post('/api/v1/agent/assist', alice, { toUserId: 'sam', message: '🙂'.repeat(1500) });
  assert.equal(full.statusCode, 200, full.body);
  assert.equal(full.json().priority, 'high', 'High by default');
  const low = await post('/api/v1/agent/assist', alice, { toUserId: 'sam', message: 'Later: a question about wrap codes', priority: 'low' });
  const sent = (await post('/api/v1/agent/assist', alice, { toUserId: 'sam', message: 'Caller wants a refund over my limit', priority: 'medium' })).json();
  assert.equal(sent.viewedAt, null);
  assert.equal(sent.agentName, 'Alice Nguyen');
  await until(() => sam.of('assist').length === 3, 'three pushes to sam');
  assert.equal(sue.of('assist').length, 0, 'nothing reaches sue');

  const inbox = (await get('/api/v1/assist', samToken)).json().requests as Array<{ id: string; priority: string }>;
  assert.deepEqual(
    inbox.map((r) => r.priority),
    ['high', 'medium', 'low'],
    'by priority',
  );
  assert.equal(inbox[2]!.id, low.json().id);
  assert.deepEqual((await get('/api/v1/assist', sueToken)).json(), { requests: [] }, 'sue sees none of sam’s');
  assert.deepEqual((await get('/api/v1/assist', adminToken)).json(), { requests: [] }, 'an admin sees only their own');

  // Only the recipient marks it viewed: sue (another team) and the admin are refused, an agent too.
  const url = `/api/v1/assist/${sent.id}/viewed`;
  assert.equal(errorOf(await post(url, sueToken)).status, 403);
  assert.equal(errorOf(await post(url, adminToken)).status, 403);
  assert.equal(errorOf(await post(url, alice)).status, 403);
  assert.equal(errorOf(await post('/api/v1/assist/ast_doesnotexist/viewed', samToken)).status, 404);
  assert.equal(errorOf(await post('/api/v1/assist/not-an-id/viewed', samToken)).status, 400);
  const viewed = await post(url, samToken);
  assert.equal(viewed.statusCode, 200, viewed.body);
  assert.ok(viewed.json().viewedAt);
  await until(
    () =>
      aliceEvents.messages.some(
        (m) => m.type === 'assist' && (m.request as { id: string; viewedAt: string | null }).id === sent.id && (m.request as { viewedAt: string | null }).viewedAt !== null,
      ),
    'the receipt at alice',
  );
  const again = (await post(url, samToken)).json();
  assert.equal(again.viewedAt, viewed.json().viewedAt, 'marking again keeps the first time');
  const mine = (await get('/api/v1/agent/assist', alice)).json().requests as Array<{ id: string; viewedAt: string | null }>;
  assert.equal(mine.length, 3);
  assert.ok(mine.find((r) => r.id === sent.id)?.viewedAt);

  // A restart loses none.
  aliceEvents.ws.close();
  await app.close();
  const reopened = await makeApp({ dir, config: { workspaceFile: w.file } });
  t.after(() => reopened.close());
  const sam2 = await login(reopened.app, 'sam', 'demo1234');
  const back = (await reopened.app.inject({ method: 'GET', url: '/api/v1/assist', headers: auth(sam2) })).json().requests as Array<{ id: string; viewedAt: string | null }>;
  assert.equal(back.length, 3);
  assert.equal(back.find((r) => r.id === sent.id)?.viewedAt, viewed.json().viewedAt);
});
