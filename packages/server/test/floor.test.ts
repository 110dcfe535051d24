import assert from 'node:assert/strict';
import { test } from 'node:test';
import { floorSnapshotSchema, type FloorSnapshot } from '@switchboard/protocol';
import type { WorkspaceConfig } from '@switchboard/core';
import { FakeClock } from '@switchboard/shared';
import { FloorView } from '../src/floor/floor-view';
import { auth, command, errorOf, login, makeApp, removeDir } from './helpers';

/** The supervisors' floor (GET /api/v1/floor): who may see it, and what each role sees. No fixed ports (inject). */

async function floor(app: Awaited<ReturnType<typeof makeApp>>['app'], token: string): Promise<FloorSnapshot> {
  const res = await app.inject({ method: 'GET', url: '/api/v1/floor', headers: auth(token) });
  assert.equal(res.statusCode, 200, res.body);
  // The answer is what the protocol promises (the page parses nothing else).
  return floorSnapshotSchema.parse(res.json());
}

test('floor: an agent is refused 403, no token 401', async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const alice = await login(app, 'alice', 'demo1234');
  const refused = errorOf(await app.inject({ method: 'GET', url: '/api/v1/floor', headers: auth(alice) }));
  assert.equal(refused.status, 403);
  assert.equal(refused.code, 'FORBIDDEN');
  assert.equal(errorOf(await app.inject({ method: 'GET', url: '/api/v1/floor' })).status, 401);
});

test('floor: a supervisor sees the logged-in agents of their team only, with state, reason and voice', async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const sam = await login(app, 'sam', 'demo1234'); // team care
  assert.deepEqual((await floor(app, sam)).agents, [], 'nobody logged in yet');

  const alice = await login(app, 'alice', 'demo1234'); // care
  const carol = await login(app, 'carol', 'demo1234'); // sales
  await command(app, carol, { type: 'skip-voice' });
  await command(app, alice, { type: 'skip-voice' });
  const before = await floor(app, sam);
  assert.deepEqual(before.scope, { role: 'supervisor', teamIds: ['care'] });
  assert.deepEqual(before.teams, [{ id: 'care', name: 'Customer Care' }]);
  assert.deepEqual(
    before.agents.map((a) => a.username),
    ['alice'],
    'carol is in sales: not on sam’s floor',
  );
  const a0 = before.agents[0]!;
  assert.equal(a0.teamName, 'Customer Care');
  assert.equal(a0.voice.status, 'none');
  assert.equal(a0.call, null);
  assert.equal(before.engine, false);

  const paused = await command(app, alice, { type: 'pause', reasonId: 'break' });
  assert.equal(paused.statusCode, 200, paused.body);
  const after = (await floor(app, sam)).agents[0]!;
  assert.equal(after.presence, 'paused');
  assert.equal(after.pauseReason, 'Break');
  assert.ok(Date.parse(after.since) >= Date.parse(a0.since), 'time in state restarts with the new state');

  await command(app, alice, { type: 'sign-out' });
  assert.deepEqual((await floor(app, sam)).agents, [], 'a signed-out agent leaves the floor');
});

test('floor: an admin sees every team and every queue', async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const admin = await login(app, 'admin', 'admin1234');
  await login(app, 'alice', 'demo1234');
  await login(app, 'carol', 'demo1234');
  const snap = await floor(app, admin);
  assert.deepEqual(snap.scope, { role: 'admin', teamIds: null });
  assert.deepEqual(
    snap.agents.map((a) => a.username),
    ['alice', 'carol'],
  );
  assert.deepEqual(snap.teams.map((t) => t.id).sort(), ['care', 'sales']);
  assert.deepEqual(snap.queues.map((q) => q.queueId).sort(), ['care-queue', 'sales-queue']);
  // Engine off: nobody can queue, and the page says the figures are unknown rather than zero.
  for (const q of snap.queues) {
    assert.equal(q.waiting, null);
    assert.equal(q.longestWaitMs, null);
  }
  assert.equal(snap.queues.find((q) => q.queueId === 'care-queue')?.campaignName, 'Customer Care');
});

test('floor view: router figures per queue; a supervisor gets their team’s queues, one without a team nothing', async () => {
  const campaign = (id: string, name: string) => ({ id, name, direction: 'inbound' }) as unknown as WorkspaceConfig['campaigns'][number];
  const agent = (id: string, teamId: string, campaignIds: string[]) => ({ id, username: id, displayName: id, teamId, campaignIds }) as unknown as WorkspaceConfig['agents'][number];
  const staff = (id: string, teamId: string | null) => ({ id, username: id, displayName: id, role: 'supervisor', teamId, passwordHash: '' }) as WorkspaceConfig['staff'][number];
  const ws = {
    teams: [
      { id: 'care', name: 'Care' },
      { id: 'sales', name: 'Sales' },
    ],
    campaigns: [campaign('c-care', 'Care line'), campaign('c-sales', 'Sales line')],
    agents: [agent('ann', 'care', ['c-care']), agent('sid', 'sales', ['c-sales'])],
    staff: [staff('sup-care', 'care'), staff('sup-none', null)],
    queues: [
      { id: 'q-care', name: 'Care Q', campaignId: 'c-care' },
      { id: 'q-sales', name: 'Sales Q', campaignId: 'c-sales' },
    ],
  } as unknown as WorkspaceConfig;
  const router = {
    stats: (queueId: string) => {
      if (queueId === 'q-care') return { waiting: 3, longestWaitMs: 42_500.4 };
      throw new Error('unknown queue');
    },
    readyAgents: (campaignId: string) => (campaignId === 'c-care' ? ['ann', 'x'] : []),
  };
  const view = new FloorView({ workspace: () => ws, clock: new FakeClock(Date.parse('2026-12-06T05:00:00Z')), views: () => [], router });
  const who = (userId: string, role: 'admin' | 'supervisor' | 'agent') => ({ userId, role, tokenHash: 'x', expiresAt: Number.MAX_SAFE_INTEGER });

  const all = await view.snapshot(who('admin', 'admin'));
  assert.equal(all.engine, true);
  assert.equal(all.at, '2026-12-06T05:00:00.000Z');
  const care = all.queues.find((q) => q.queueId === 'q-care')!;
  assert.deepEqual([care.waiting, care.longestWaitMs, care.agentsAvailable, care.campaignName], [3, 42_500, 2, 'Care line']);
  // A queue the router does not have (yet): unknown, not a failed page.
  const sales = all.queues.find((q) => q.queueId === 'q-sales')!;
  assert.deepEqual([sales.waiting, sales.longestWaitMs, sales.agentsAvailable], [null, null, 0]);

  const sup = await view.snapshot(who('sup-care', 'supervisor'));
  assert.deepEqual(
    sup.queues.map((q) => q.queueId),
    ['q-care'],
    'only the queues of campaigns the team works',
  );
  assert.deepEqual(sup.teams, [{ id: 'care', name: 'Care' }]);
  const none = await view.snapshot(who('sup-none', 'supervisor'));
  assert.deepEqual([none.scope.teamIds, none.teams, none.queues], [[], [], []]);
  await assert.rejects(view.snapshot(who('ann', 'agent')), /supervisors/);
});

test('login for the workspace refuses an agent before any session starts; staff get in', async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'alice', password: 'demo1234', app: 'workspace' } });
  const e = errorOf(res);
  assert.equal(e.status, 403);
  assert.match(e.message, /for supervisors/);
  assert.equal(app.switchboard.hub.size, 0, 'no agent session was started');
  const wrong = errorOf(await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'alice', password: 'nope', app: 'workspace' } }));
  assert.equal(wrong.code, 'INVALID_CREDENTIALS', 'a wrong password says nothing about the role');
  const sam = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'sam', password: 'demo1234', app: 'workspace' } });
  assert.equal(sam.statusCode, 200, sam.body);
});
