import type { Kysely, Selectable } from 'kysely';
import type { AgentsTable, Database, PauseReasonsTable, StaffTable } from '../db/schema';
import { fromFlag } from '../db/values';
import type { StoredAgent, StoredPauseReason, StoredCampaign, StoredStaff, StoredTeam, UserRecord } from '../records';
import type { StaffRole } from '@switchboard/core';
import { rowToCampaign } from './workspace-repo';

function rowToPauseReason(r: Selectable<PauseReasonsTable>): StoredPauseReason {
  return { id: r.id, name: r.name, system: fromFlag(r.system), takesTransfers: fromFlag(r.takes_transfers) };
}

function rowToAgent(r: Selectable<AgentsTable>, campaignIds: string[]): StoredAgent {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    passwordHash: r.password_hash,
    agentNumber: r.agent_number,
    pinHash: r.pin_hash,
    defaultNumber: r.default_number,
    teamId: r.team_id,
    campaignIds,
    transfersWhilePaused: fromFlag(r.transfers_while_paused),
    region: r.region,
    active: fromFlag(r.active),
  };
}

function rowToStaff(r: Selectable<StaffTable>): StoredStaff {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    passwordHash: r.password_hash,
    role: r.role as StaffRole,
    teamId: r.team_id,
    active: fromFlag(r.active),
  };
}

/** Agents, staff, teams and pause reasons: who works here and how they may pause. */
export class AgentsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * An active agent or staff member by login name (case-insensitive: the
   * loader keeps usernames unique regardless of case), with role and hash.
   */
  async findUserByUsername(username: string): Promise<UserRecord | null> {
    const name = username.toLowerCase();
    const a = await this.db
      .selectFrom('agents')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['username']), '=', name))
      .where('active', '=', 1)
      .executeTakeFirst();
    if (a) {
      return { id: a.id, kind: 'agent', username: a.username, displayName: a.display_name, role: 'agent', passwordHash: a.password_hash, teamId: a.team_id };
    }
    const s = await this.db
      .selectFrom('staff')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['username']), '=', name))
      .where('active', '=', 1)
      .executeTakeFirst();
    if (s) {
      return { id: s.id, kind: 'staff', username: s.username, displayName: s.display_name, role: s.role as StaffRole, passwordHash: s.password_hash, teamId: s.team_id };
    }
    return null;
  }

  /** Any user (agent or staff) by id, active or not: a token's user may have been removed since. */
  async getUser(id: string): Promise<(UserRecord & { active: boolean }) | null> {
    const a = await this.db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
    if (a) {
      return {
        id: a.id,
        kind: 'agent',
        username: a.username,
        displayName: a.display_name,
        role: 'agent',
        passwordHash: a.password_hash,
        teamId: a.team_id,
        active: fromFlag(a.active),
      };
    }
    const s = await this.db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
    if (s) {
      return {
        id: s.id,
        kind: 'staff',
        username: s.username,
        displayName: s.display_name,
        role: s.role as StaffRole,
        passwordHash: s.password_hash,
        teamId: s.team_id,
        active: fromFlag(s.active),
      };
    }
    return null;
  }

  /** By id, active or not (check `active`). */
  async getAgent(id: string): Promise<StoredAgent | null> {
    const r = await this.db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? rowToAgent(r, await this.campaignIdsOf(r.id)) : null;
  }

  /** The active agent with this numeric agent ID ("Call in to connect"). */
  async getAgentByNumber(agentNumber: string): Promise<StoredAgent | null> {
    const r = await this.db.selectFrom('agents').selectAll().where('agent_number', '=', agentNumber).where('active', '=', 1).executeTakeFirst();
    return r ? rowToAgent(r, await this.campaignIdsOf(r.id)) : null;
  }

  /** Agents in workspace-file order; active only unless asked. */
  async listAgents(opts: { includeInactive?: boolean } = {}): Promise<StoredAgent[]> {
    let q = this.db.selectFrom('agents').selectAll().orderBy('position').orderBy('id');
    if (!opts.includeInactive) q = q.where('active', '=', 1);
    const rows = await q.execute();
    const links = await this.db.selectFrom('agent_campaigns').select(['agent_id', 'campaign_id']).orderBy('agent_id').orderBy('position').execute();
    const byAgent = new Map<string, string[]>();
    for (const l of links) {
      const list = byAgent.get(l.agent_id) ?? [];
      list.push(l.campaign_id);
      byAgent.set(l.agent_id, list);
    }
    return rows.map((r) => rowToAgent(r, byAgent.get(r.id) ?? []));
  }

  /** The agent's active campaigns, in the order the workspace file lists them for the agent. */
  async listAgentCampaigns(agentId: string): Promise<StoredCampaign[]> {
    const rows = await this.db
      .selectFrom('agent_campaigns')
      .innerJoin('campaigns', 'campaigns.id', 'agent_campaigns.campaign_id')
      .selectAll('campaigns')
      .where('agent_campaigns.agent_id', '=', agentId)
      .where('campaigns.active', '=', 1)
      .orderBy('agent_campaigns.position')
      .execute();
    return rows.map(rowToCampaign);
  }

  async getStaff(id: string): Promise<StoredStaff | null> {
    const r = await this.db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? rowToStaff(r) : null;
  }

  async listStaff(opts: { includeInactive?: boolean } = {}): Promise<StoredStaff[]> {
    let q = this.db.selectFrom('staff').selectAll().orderBy('position').orderBy('id');
    if (!opts.includeInactive) q = q.where('active', '=', 1);
    return (await q.execute()).map(rowToStaff);
  }

  async listTeams(opts: { includeInactive?: boolean } = {}): Promise<StoredTeam[]> {
    let q = this.db.selectFrom('teams').selectAll().orderBy('position').orderBy('id');
    if (!opts.includeInactive) q = q.where('active', '=', 1);
    return (await q.execute()).map((r) => ({ id: r.id, name: r.name, active: fromFlag(r.active) }));
  }

  /**
   * Active pause reasons in file order. By default only those an agent may
   * pick; `includeSystem` adds "Auto Pause" and "Not Ready" (flagged system).
   */
  async listPauseReasons(opts: { includeSystem?: boolean } = {}): Promise<StoredPauseReason[]> {
    let q = this.db.selectFrom('pause_reasons').selectAll().where('active', '=', 1).orderBy('position').orderBy('id');
    if (!opts.includeSystem) q = q.where('system', '=', 0);
    return (await q.execute()).map(rowToPauseReason);
  }

  /** One pause reason by id (active, system or not); null if unknown. */
  async getPauseReason(id: string): Promise<StoredPauseReason | null> {
    const r = await this.db.selectFrom('pause_reasons').selectAll().where('id', '=', id).where('active', '=', 1).executeTakeFirst();
    return r ? rowToPauseReason(r) : null;
  }

  private async campaignIdsOf(agentId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('agent_campaigns').select('campaign_id').where('agent_id', '=', agentId).orderBy('position').execute();
    return rows.map((r) => r.campaign_id);
  }
}
