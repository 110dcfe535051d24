import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Clock } from '@switchboard/shared';
import { SYSTEM_PAUSE_REASONS, type CampaignConfig, type WorkspaceConfig } from '@switchboard/core';
import type { CampaignsTable, Database } from '../db/schema';
import { fromFlag, fromJson, toFlag, toJson } from '../db/values';
import type { ApplyCounts, ApplyWorkspaceResult, StoredCampaign, StoredQueue, WorkspaceSettings } from '../records';

type ConfigTable = 'teams' | 'pause_reasons' | 'agents' | 'staff' | 'campaigns' | 'queues';

/**
 * Marks rows missing from the file inactive and returns their ids. Never
 * deletes: audit rows and call records keep pointing at them.
 */
async function deactivateMissing(trx: Transaction<Database>, table: ConfigTable, keep: string[], now: number): Promise<string[]> {
  // Typed as one table: every config table has id, active and updated_at.
  const t = table as 'teams';
  let find = trx.selectFrom(t).select('id').where('active', '=', 1);
  if (keep.length > 0) find = find.where('id', 'not in', keep);
  const ids = (await find.execute()).map((r) => r.id);
  if (ids.length > 0) await trx.updateTable(t).set({ active: 0, updated_at: now }).where('id', 'in', ids).execute();
  return ids;
}

/** Rows written before issue 18 named the label `name`. */
function transferNumbersOf(json: string): CampaignConfig['transferNumbers'] {
  const list = fromJson<Array<{ label?: string; name?: string; number: string }>>(json) ?? [];
  return list.map((n) => ({ label: n.label ?? n.name ?? n.number, number: n.number }));
}

export function rowToCampaign(r: Selectable<CampaignsTable>): StoredCampaign {
  return {
    id: r.id,
    name: r.name,
    direction: r.direction as CampaignConfig['direction'],
    dialMode: (r.dial_mode ?? null) as CampaignConfig['dialMode'],
    wrapCodes: fromJson(r.wrap_codes) ?? [],
    defaultWrapCodeId: r.default_wrap_code_id ?? null,
    autoWrapSeconds: r.auto_wrap_seconds === null ? null : Number(r.auto_wrap_seconds),
    extendSeconds: r.extend_seconds === null ? null : Number(r.extend_seconds),
    recording: r.recording as CampaignConfig['recording'],
    bookmarks: fromFlag(r.bookmarks),
    announcements: fromJson(r.announcements) ?? [],
    transferNumbers: transferNumbersOf(r.transfer_numbers),
    active: fromFlag(r.active),
  };
}

export class WorkspaceRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /**
   * Loads a validated workspace in one transaction. Rows are upserted by id;
   * rows missing from the file become inactive; agents' saved voice defaults
   * live in their own table and are not touched.
   */
  async applyWorkspace(ws: WorkspaceConfig): Promise<ApplyWorkspaceResult> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const counts = (upserted: number, deactivated: string[]): ApplyCounts => ({ upserted, deactivated: deactivated.length });

      await trx
        .insertInto('workspace_settings')
        .values({ id: 1, name: ws.name, region: ws.region, call_in_number: ws.callInNumber, updated_at: now })
        .onConflict((oc) => oc.column('id').doUpdateSet({ name: ws.name, region: ws.region, call_in_number: ws.callInNumber, updated_at: now }))
        .execute();

      for (const [i, t] of ws.teams.entries()) {
        const v = { name: t.name, position: i, active: 1, updated_at: now };
        await trx
          .insertInto('teams')
          .values({ id: t.id, ...v })
          .onConflict((oc) => oc.column('id').doUpdateSet(v))
          .execute();
      }
      const teamsOff = await deactivateMissing(
        trx,
        'teams',
        ws.teams.map((t) => t.id),
        now,
      );

      // The system reasons always exist, listed after the workspace's own.
      const system = [SYSTEM_PAUSE_REASONS.autoPause, SYSTEM_PAUSE_REASONS.notReady];
      const reasons = [
        ...ws.pauseReasons.map((r) => ({ id: r.id, name: r.name, system: 0, takesTransfers: r.takesTransfers === true })),
        ...system.map((r) => ({ id: r.id, name: r.name, system: 1, takesTransfers: false })),
      ];
      for (const [i, r] of reasons.entries()) {
        const v = { name: r.name, system: r.system, takes_transfers: toFlag(r.takesTransfers), position: i, active: 1, updated_at: now };
        await trx
          .insertInto('pause_reasons')
          .values({ id: r.id, ...v })
          .onConflict((oc) => oc.column('id').doUpdateSet(v))
          .execute();
      }
      const reasonsOff = await deactivateMissing(
        trx,
        'pause_reasons',
        reasons.map((r) => r.id),
        now,
      );

      for (const [i, c] of ws.campaigns.entries()) {
        const v = {
          name: c.name,
          direction: c.direction,
          dial_mode: c.dialMode,
          wrap_codes: toJson(c.wrapCodes),
          default_wrap_code_id: c.defaultWrapCodeId,
          auto_wrap_seconds: c.autoWrapSeconds,
          extend_seconds: c.extendSeconds,
          recording: c.recording,
          bookmarks: toFlag(c.bookmarks),
          announcements: toJson(c.announcements),
          transfer_numbers: toJson(c.transferNumbers),
          position: i,
          active: 1,
          updated_at: now,
        };
        await trx
          .insertInto('campaigns')
          .values({ id: c.id, ...v })
          .onConflict((oc) => oc.column('id').doUpdateSet(v))
          .execute();
      }
      const campaignsOff = await deactivateMissing(
        trx,
        'campaigns',
        ws.campaigns.map((c) => c.id),
        now,
      );

      for (const [i, a] of ws.agents.entries()) {
        const v = {
          username: a.username,
          display_name: a.displayName,
          password_hash: a.passwordHash,
          agent_number: a.agentNumber,
          pin_hash: a.pinHash,
          default_number: a.defaultNumber,
          team_id: a.teamId,
          transfers_while_paused: toFlag(a.transfersWhilePaused),
          region: a.region,
          position: i,
          active: 1,
          updated_at: now,
        };
        await trx
          .insertInto('agents')
          .values({ id: a.id, ...v })
          .onConflict((oc) => oc.column('id').doUpdateSet(v))
          .execute();
        // Membership is configuration, not history: replace it wholesale.
        await trx.deleteFrom('agent_campaigns').where('agent_id', '=', a.id).execute();
        if (a.campaignIds.length > 0) {
          await trx
            .insertInto('agent_campaigns')
            .values(a.campaignIds.map((campaignId, position) => ({ agent_id: a.id, campaign_id: campaignId, position })))
            .execute();
        }
      }
      const agentsOff = await deactivateMissing(
        trx,
        'agents',
        ws.agents.map((a) => a.id),
        now,
      );

      for (const [i, s] of ws.staff.entries()) {
        const v = {
          username: s.username,
          display_name: s.displayName,
          password_hash: s.passwordHash,
          role: s.role,
          team_id: s.teamId,
          position: i,
          active: 1,
          updated_at: now,
        };
        await trx
          .insertInto('staff')
          .values({ id: s.id, ...v })
          .onConflict((oc) => oc.column('id').doUpdateSet(v))
          .execute();
      }
      const staffOff = await deactivateMissing(
        trx,
        'staff',
        ws.staff.map((s) => s.id),
        now,
      );

      for (const [i, q] of ws.queues.entries()) {
        const v = { name: q.name, campaign_id: q.campaignId, position: i, active: 1, updated_at: now };
        await trx
          .insertInto('queues')
          .values({ id: q.id, ...v })
          .onConflict((oc) => oc.column('id').doUpdateSet(v))
          .execute();
      }
      const queuesOff = await deactivateMissing(
        trx,
        'queues',
        ws.queues.map((q) => q.id),
        now,
      );

      // Someone removed from the file is signed out everywhere.
      const gone = [...agentsOff, ...staffOff];
      if (gone.length > 0) await trx.updateTable('tokens').set({ revoked: 1 }).where('user_id', 'in', gone).execute();

      return {
        teams: counts(ws.teams.length, teamsOff),
        pauseReasons: counts(ws.pauseReasons.length, reasonsOff),
        agents: counts(ws.agents.length, agentsOff),
        staff: counts(ws.staff.length, staffOff),
        campaigns: counts(ws.campaigns.length, campaignsOff),
        queues: counts(ws.queues.length, queuesOff),
      };
    });
  }

  /** Name, region and call-in number; null before any workspace was loaded. */
  async getSettings(): Promise<WorkspaceSettings | null> {
    const r = await this.db.selectFrom('workspace_settings').selectAll().where('id', '=', 1).executeTakeFirst();
    return r ? { name: r.name, region: r.region, callInNumber: r.call_in_number } : null;
  }

  /** True once a workspace has been applied (the server seeds the demo one otherwise). */
  async hasWorkspace(): Promise<boolean> {
    return (await this.getSettings()) !== null;
  }

  async getCampaign(id: string): Promise<StoredCampaign | null> {
    const r = await this.db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? rowToCampaign(r) : null;
  }

  async listCampaigns(opts: { includeInactive?: boolean } = {}): Promise<StoredCampaign[]> {
    let q = this.db.selectFrom('campaigns').selectAll().orderBy('position').orderBy('id');
    if (!opts.includeInactive) q = q.where('active', '=', 1);
    return (await q.execute()).map(rowToCampaign);
  }

  async listQueues(opts: { includeInactive?: boolean } = {}): Promise<StoredQueue[]> {
    let q = this.db.selectFrom('queues').selectAll().orderBy('position').orderBy('id');
    if (!opts.includeInactive) q = q.where('active', '=', 1);
    return (await q.execute()).map((r) => ({ id: r.id, name: r.name, campaignId: r.campaign_id, active: fromFlag(r.active) }));
  }
}
