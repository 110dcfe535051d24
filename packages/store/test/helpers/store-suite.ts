import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import { migrationNames, type Store } from '../../src/index';
import { demoConfig } from './fixtures';

export interface StoreHarness {
  /** A fresh, empty, migrated store. */
  open(clock: FakeClock): Promise<Store>;
  /** Reopens the same database (after close). */
  reopen(clock: FakeClock): Promise<Store>;
  dispose(): Promise<void>;
}

/**
 * The repository contract, run once per dialect: every function, and the
 * reload rules (history kept, removed items inactive, defaults untouched).
 */
export function defineStoreSuite(dialect: 'sqlite' | 'postgres', makeHarness: () => Promise<StoreHarness>): void {
  let h: StoreHarness;
  let store: Store;
  let clock: FakeClock;

  beforeEach(async () => {
    clock = new FakeClock();
    h = await makeHarness();
    store = await h.open(clock);
  });
  afterEach(async () => {
    await store.close();
    await h.dispose();
  });

  test(`${dialect}: migrations run on open and are recorded once`, async () => {
    assert.equal(store.dialect, dialect);
    assert.deepEqual([...store.migrations], migrationNames(dialect));
    const rows = await store.db
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .execute();
    assert.deepEqual(
      rows.map((r) => (r as { name: string }).name),
      migrationNames(dialect),
    );
    await store.close();
    store = await h.reopen(clock);
    assert.deepEqual([...store.migrations], migrationNames(dialect));
    await store.ping();
  });

  test(`${dialect}: an empty store has no workspace`, async () => {
    assert.equal(await store.workspace.hasWorkspace(), false);
    assert.equal(await store.workspace.getSettings(), null);
    assert.deepEqual(await store.agents.listAgents(), []);
    assert.equal(await store.agents.findUserByUsername('alice'), null);
  });

  test(`${dialect}: applyWorkspace loads the demo and reports counts`, async () => {
    const ws = await demoConfig();
    const r = await store.workspace.applyWorkspace(ws);
    assert.deepEqual(r, {
      teams: { upserted: 2, deactivated: 0 },
      pauseReasons: { upserted: 5, deactivated: 0 },
      agents: { upserted: 4, deactivated: 0 },
      staff: { upserted: 2, deactivated: 0 },
      campaigns: { upserted: 3, deactivated: 0 },
      queues: { upserted: 2, deactivated: 0 },
    });
    assert.deepEqual(await store.workspace.getSettings(), { name: 'Demo Contact Centre', region: 'AU', callInNumber: '+61290000000' });
    // Applying the same file again changes nothing.
    const again = await store.workspace.applyWorkspace(ws);
    assert.equal(again.agents.deactivated, 0);
    assert.equal((await store.agents.listAgents()).length, 4);
  });

  test(`${dialect}: agents and staff are found by username, id and number`, async () => {
    const ws = await demoConfig();
    await store.workspace.applyWorkspace(ws);

    const alice = await store.agents.findUserByUsername('alice');
    assert.deepEqual(alice, {
      id: 'alice',
      kind: 'agent',
      username: 'alice',
      displayName: 'Alice Nguyen',
      role: 'agent',
      passwordHash: 'test-hash:demo1234',
      teamId: 'care',
    });
    const sam = await store.agents.findUserByUsername('sam');
    assert.equal(sam?.role, 'supervisor');
    assert.equal(sam?.kind, 'staff');
    assert.equal((await store.agents.findUserByUsername('admin'))?.role, 'admin');
    assert.equal(await store.agents.findUserByUsername('nobody'), null);
    assert.equal((await store.agents.findUserByUsername('Alice'))?.id, 'alice', 'login names ignore case');
    assert.equal((await store.agents.findUserByUsername('SAM'))?.id, 'sam');
    assert.equal((await store.agents.getUser('sam'))?.active, true);
    assert.equal(await store.agents.getUser('nobody'), null);

    const a = await store.agents.getAgent('alice');
    assert.deepEqual(a, { ...ws.agents[0], active: true });
    assert.equal(a?.transfersWhilePaused, false);
    assert.equal((await store.agents.getAgent('bob'))?.transfersWhilePaused, true);
    assert.equal(await store.agents.getAgent('zed'), null);

    assert.equal((await store.agents.getAgentByNumber('1003'))?.username, 'carol');
    assert.equal(await store.agents.getAgentByNumber('9999'), null);

    const all = await store.agents.listAgents();
    assert.deepEqual(
      all.map((x) => x.id),
      ['alice', 'bob', 'carol', 'dave'],
    );
    assert.deepEqual(all[2]?.campaignIds, ['sales-outbound', 'renewals-predictive']);
    assert.deepEqual(all[3]?.campaignIds, []);

    assert.deepEqual(
      (await store.agents.listStaff()).map((s) => [s.id, s.role, s.teamId]),
      [
        ['sam', 'supervisor', 'care'],
        ['admin', 'admin', null],
      ],
    );
    assert.equal((await store.agents.getStaff('admin'))?.displayName, 'Administrator');
    assert.deepEqual(
      (await store.agents.listTeams()).map((t) => t.id),
      ['care', 'sales'],
    );
  });

  test(`${dialect}: campaigns keep every setting, in the agent's order`, async () => {
    const ws = await demoConfig();
    await store.workspace.applyWorkspace(ws);
    const mine = await store.agents.listAgentCampaigns('alice');
    assert.deepEqual(
      mine.map((c) => c.id),
      ['care-inbound', 'sales-outbound'],
    );
    assert.deepEqual(mine[0], { ...ws.campaigns[0], active: true });
    const care = await store.workspace.getCampaign('care-inbound');
    assert.equal(care?.autoWrapSeconds, 30);
    assert.equal(care?.bookmarks, true);
    assert.equal(care?.recording, 'agent-controlled');
    assert.deepEqual(care?.transferNumbers, [
      { label: 'Billing', number: '+61491570101' },
      { label: 'Tech Support', number: '+61491570102' },
      { label: 'Supplier hotline (busy)', number: '+61491570201' },
    ]);
    // A row written before issue 18 named the label `name`: still read as the label.
    await store.db
      .updateTable('campaigns')
      .set({ transfer_numbers: JSON.stringify([{ name: 'Old', number: '+61491570101' }]) })
      .where('id', '=', 'care-inbound')
      .execute();
    assert.deepEqual((await store.workspace.getCampaign('care-inbound'))?.transferNumbers, [{ label: 'Old', number: '+61491570101' }]);
    const renewals = await store.workspace.getCampaign('renewals-predictive');
    assert.equal(renewals?.dialMode, 'predictive');
    assert.equal(renewals?.bookmarks, false);
    assert.equal(renewals?.autoWrapSeconds, null);
    assert.equal(await store.workspace.getCampaign('nope'), null);
    assert.deepEqual(
      (await store.workspace.listCampaigns()).map((c) => c.id),
      ['care-inbound', 'sales-outbound', 'renewals-predictive'],
    );
    assert.deepEqual(await store.workspace.listQueues(), [
      { id: 'care-queue', name: 'Care queue', campaignId: 'care-inbound', active: true },
      { id: 'sales-queue', name: 'Sales queue', campaignId: 'sales-outbound', active: true },
    ]);
  });

  test(`${dialect}: pause reasons: selectable ones, and the system ones on request`, async () => {
    await store.workspace.applyWorkspace(await demoConfig());
    const pick = await store.agents.listPauseReasons();
    assert.deepEqual(
      pick.map((r) => r.id),
      ['break', 'lunch', 'meeting', 'training', 'acw'],
    );
    assert.ok(pick.every((r) => r.system === false));
    const all = await store.agents.listPauseReasons({ includeSystem: true });
    assert.deepEqual(all.slice(5), [
      { id: 'auto-pause', name: 'Auto Pause', system: true, takesTransfers: false },
      { id: 'not-ready', name: 'Not Ready', system: true, takesTransfers: false },
    ]);
    // Issue 18: the demo's After Call Work still takes transfers; the others do not.
    assert.deepEqual(
      pick.map((r) => [r.id, r.takesTransfers]),
      [
        ['break', false],
        ['lunch', false],
        ['meeting', false],
        ['training', false],
        ['acw', true],
      ],
    );
    assert.deepEqual(await store.agents.getPauseReason('acw'), { id: 'acw', name: 'After Call Work', system: false, takesTransfers: true });
    // A reload changes the flag either way.
    const ws = await demoConfig();
    await store.workspace.applyWorkspace({ ...ws, pauseReasons: ws.pauseReasons.map((r) => ({ ...r, takesTransfers: r.id === 'break' })) });
    assert.equal((await store.agents.getPauseReason('acw'))?.takesTransfers, false);
    assert.equal((await store.agents.getPauseReason('break'))?.takesTransfers, true);
    assert.equal((await store.agents.getPauseReason('auto-pause'))?.system, true);
    assert.equal(await store.agents.getPauseReason('nap'), null);
  });

  test(`${dialect}: voice defaults save, overwrite and read back`, async () => {
    await store.workspace.applyWorkspace(await demoConfig());
    assert.equal(await store.voice.getVoiceDefaults('alice'), null);
    await store.voice.saveVoiceDefaults('alice', { method: 'call-me', number: '+61412345678', persistent: true });
    assert.deepEqual(await store.voice.getVoiceDefaults('alice'), { method: 'call-me', number: '+61412345678', persistent: true });
    await store.voice.saveVoiceDefaults('alice', { method: 'web', number: null, persistent: false });
    assert.deepEqual(await store.voice.getVoiceDefaults('alice'), { method: 'web', number: null, persistent: false });
    await store.voice.clearVoiceDefaults('alice');
    assert.equal(await store.voice.getVoiceDefaults('alice'), null);
    await assert.rejects(store.voice.saveVoiceDefaults('ghost', { method: 'web', number: null, persistent: false }));
  });

  test(`${dialect}: audit rows: newest first, counted, details and times intact`, async () => {
    await store.workspace.applyWorkspace(await demoConfig());
    const t0 = Date.UTC(2026, 10, 22, 2, 0, 0, 123);
    await store.audit.appendAudit({ at: t0, agentId: 'alice', sessionId: 'ses_1', kind: 'presence', from: 'available', to: 'paused', detail: { reason: 'break', n: 1 } });
    await store.audit.appendAudit({ at: t0 + 1000, agentId: 'alice', sessionId: 'ses_1', kind: 'activity', from: 'idle', to: 'on-call' });
    await store.audit.appendAudit({ at: t0 + 1000, agentId: 'alice', kind: 'login' });
    await store.audit.appendAudit({ at: t0, agentId: 'bob', kind: 'login' });
    assert.equal(await store.audit.countAudit('alice'), 3);
    assert.equal(await store.audit.countAudit('bob'), 1);
    assert.equal(await store.audit.countAudit('carol'), 0);
    const rows = await store.audit.listAudit('alice', 10);
    assert.deepEqual(
      rows.map((r) => r.kind),
      ['login', 'activity', 'presence'],
    );
    const oldest = rows[2]!;
    assert.equal(typeof oldest.id, 'number');
    assert.equal(oldest.at, t0);
    assert.equal(typeof oldest.at, 'number');
    assert.deepEqual(
      { agentId: oldest.agentId, sessionId: oldest.sessionId, from: oldest.from, to: oldest.to, detail: oldest.detail },
      { agentId: 'alice', sessionId: 'ses_1', from: 'available', to: 'paused', detail: { reason: 'break', n: 1 } },
    );
    assert.deepEqual(rows[0], { id: rows[0]!.id, at: t0 + 1000, agentId: 'alice', sessionId: null, kind: 'login', from: null, to: null, detail: null });
    const page1 = await store.audit.listAudit('alice', 2);
    assert.deepEqual(
      page1.map((r) => r.kind),
      ['login', 'activity'],
    );
    const page2 = await store.audit.listAudit('alice', 2, page1[1]!.id);
    assert.deepEqual(
      page2.map((r) => r.kind),
      ['presence'],
    );
    assert.equal((await store.audit.listAudit('alice', 0)).length, 0);
    // Audit rows point at a real agent.
    await assert.rejects(store.audit.appendAudit({ at: t0, agentId: 'ghost', kind: 'login' }));
  });

  test(`${dialect}: tokens: create, find, revoke one, revoke all of a user`, async () => {
    await store.workspace.applyWorkspace(await demoConfig());
    const exp = clock.now() + 8 * 3600_000;
    await store.tokens.createToken({ tokenHash: 'h1', userId: 'alice', role: 'agent', expiresAt: exp });
    await store.tokens.createToken({ tokenHash: 'h2', userId: 'alice', role: 'agent', expiresAt: exp });
    await store.tokens.createToken({ tokenHash: 'h3', userId: 'sam', role: 'supervisor', expiresAt: exp });
    assert.deepEqual(await store.tokens.findToken('h1'), { tokenHash: 'h1', userId: 'alice', role: 'agent', createdAt: clock.now(), expiresAt: exp, revoked: false });
    assert.equal(await store.tokens.findToken('nope'), null);
    assert.equal(await store.tokens.revokeToken('h1'), true);
    assert.equal(await store.tokens.revokeToken('h1'), false);
    assert.equal((await store.tokens.findToken('h1'))?.revoked, true);
    assert.equal(await store.tokens.revokeTokensForUser('alice'), 1);
    assert.equal((await store.tokens.findToken('h2'))?.revoked, true);
    assert.equal((await store.tokens.findToken('h3'))?.revoked, false);
    await assert.rejects(store.tokens.createToken({ tokenHash: 'h3', userId: 'sam', role: 'supervisor', expiresAt: exp }));
    assert.equal(await store.tokens.deleteExpiredTokens(exp + 1), 3);
    assert.equal(await store.tokens.findToken('h3'), null);
  });

  test(`${dialect}: reloading a changed workspace keeps history and marks removed items inactive`, async () => {
    const ws = await demoConfig();
    await store.workspace.applyWorkspace(ws);
    await store.voice.saveVoiceDefaults('alice', { method: 'call-me', number: '+61400000000', persistent: false });
    await store.audit.appendAudit({ at: clock.now(), agentId: 'bob', kind: 'presence', from: 'available', to: 'paused' });
    await store.tokens.createToken({ tokenHash: 'bob-token', userId: 'bob', role: 'agent', expiresAt: clock.now() + 60_000 });
    await store.tokens.createToken({ tokenHash: 'alice-token', userId: 'alice', role: 'agent', expiresAt: clock.now() + 60_000 });

    const changed = await demoConfig();
    changed.agents = changed.agents.filter((a) => a.id !== 'bob');
    changed.agents[0]!.displayName = 'Alice N.';
    changed.agents[0]!.campaignIds = ['care-inbound'];
    changed.agents[0]!.defaultNumber = '+61499999999';
    changed.pauseReasons = changed.pauseReasons.filter((r) => r.id !== 'training');
    changed.queues = changed.queues.filter((q) => q.id !== 'sales-queue');
    clock.advance(60_000);
    const r = await store.workspace.applyWorkspace(changed);
    assert.deepEqual(r.agents, { upserted: 3, deactivated: 1 });
    assert.deepEqual(r.pauseReasons, { upserted: 4, deactivated: 1 });
    assert.deepEqual(r.queues, { upserted: 1, deactivated: 1 });

    const bob = await store.agents.getAgent('bob');
    assert.equal(bob?.active, false);
    assert.equal(await store.agents.findUserByUsername('bob'), null);
    assert.equal(await store.agents.getAgentByNumber('1002'), null);
    assert.deepEqual(
      (await store.agents.listAgents()).map((a) => a.id),
      ['alice', 'carol', 'dave'],
    );
    assert.equal((await store.agents.listAgents({ includeInactive: true })).length, 4);
    assert.equal(await store.audit.countAudit('bob'), 1);
    // A removed agent is signed out; the others are not.
    assert.equal((await store.tokens.findToken('bob-token'))?.revoked, true);
    assert.equal((await store.tokens.findToken('alice-token'))?.revoked, false);
    assert.deepEqual(
      (await store.agents.listPauseReasons()).map((p) => p.id),
      ['break', 'lunch', 'meeting', 'acw'],
    );
    assert.deepEqual(
      (await store.workspace.listQueues()).map((q) => q.id),
      ['care-queue'],
    );
    assert.equal((await store.workspace.listQueues({ includeInactive: true })).length, 2);

    const alice = await store.agents.getAgent('alice');
    assert.equal(alice?.displayName, 'Alice N.');
    assert.deepEqual(alice?.campaignIds, ['care-inbound']);
    // The file's default number changed; the agent's own saved default did not.
    assert.deepEqual(await store.voice.getVoiceDefaults('alice'), { method: 'call-me', number: '+61400000000', persistent: false });

    // Putting bob back reactivates the same row, history and all.
    const back = await store.workspace.applyWorkspace(await demoConfig());
    assert.equal(back.agents.deactivated, 0);
    assert.equal((await store.agents.getAgent('bob'))?.active, true);
    assert.equal((await store.agents.findUserByUsername('bob'))?.id, 'bob');
    assert.equal(await store.audit.countAudit('bob'), 1);
  });

  test(`${dialect}: a workspace that breaks a reference is rolled back whole`, async () => {
    await store.workspace.applyWorkspace(await demoConfig());
    const bad = await demoConfig();
    bad.teams[0]!.name = 'Renamed';
    bad.queues.push({ id: 'q', name: 'Q', campaignId: 'no-such-campaign' });
    await assert.rejects(store.workspace.applyWorkspace(bad));
    assert.equal((await store.agents.listTeams())[0]?.name, 'Customer Care');
    assert.equal((await store.workspace.listQueues()).length, 2);
  });

  test(`${dialect}: ping answers while open and fails once closed`, async () => {
    await store.ping();
    await store.close();
    await assert.rejects(store.ping(), { code: 'NOT_READY' });
    await store.close(); // twice is harmless
    store = await h.reopen(clock);
  });
}
