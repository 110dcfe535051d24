import type { Kysely, Selectable } from 'kysely';
import type { AssistRequestsTable, Database } from '../db/schema';
import { toMillis } from '../db/values';

import type { AssistPriority } from '@switchboard/protocol';

export type { AssistPriority };

/** An agent's request for help (manual 17), as stored. Times are epoch ms. */
export interface AssistRecord {
  id: string;
  agentId: string;
  agentName: string;
  teamId: string | null;
  toUserId: string;
  toName: string;
  message: string;
  priority: AssistPriority;
  interactionId: string | null;
  customerNumber: string | null;
  createdAt: number;
  viewedAt: number | null;
}

const MAX_LIST = 1000;

function fromRow(r: Selectable<AssistRequestsTable>): AssistRecord {
  return {
    id: r.id,
    agentId: r.agent_id,
    agentName: r.agent_name,
    teamId: r.team_id,
    toUserId: r.to_user_id,
    toName: r.to_name,
    message: r.message,
    priority: r.priority as AssistPriority,
    interactionId: r.interaction_id,
    customerNumber: r.customer_number,
    createdAt: toMillis(r.created_at),
    viewedAt: r.viewed_at === null ? null : toMillis(r.viewed_at),
  };
}

/** Assistance requests on SQLite and PostgreSQL: written when sent, updated once when viewed. */
export class AssistRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async add(r: AssistRecord): Promise<AssistRecord> {
    await this.db
      .insertInto('assist_requests')
      .values({
        id: r.id,
        agent_id: r.agentId,
        agent_name: r.agentName,
        team_id: r.teamId,
        to_user_id: r.toUserId,
        to_name: r.toName,
        message: r.message,
        priority: r.priority,
        interaction_id: r.interactionId,
        customer_number: r.customerNumber,
        created_at: r.createdAt,
        viewed_at: r.viewedAt,
      })
      .execute();
    return r;
  }

  async get(id: string): Promise<AssistRecord | null> {
    const r = await this.db.selectFrom('assist_requests').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? fromRow(r) : null;
  }

  /** Sets viewed_at once; a second call keeps the first time. Returns the row as it now is. */
  async markViewed(id: string, at: number): Promise<AssistRecord | null> {
    await this.db.updateTable('assist_requests').set({ viewed_at: at }).where('id', '=', id).where('viewed_at', 'is', null).execute();
    return this.get(id);
  }

  /** Requests addressed to a user since `since` (epoch ms), newest first. */
  async listForRecipient(userId: string, since: number, limit = MAX_LIST): Promise<AssistRecord[]> {
    const rows = await this.db
      .selectFrom('assist_requests')
      .selectAll()
      .where('to_user_id', '=', userId)
      .where('created_at', '>=', since)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(Math.max(1, Math.min(MAX_LIST, limit)))
      .execute();
    return rows.map(fromRow);
  }

  /** An agent's own requests since `since`, newest first. */
  async listForAgent(agentId: string, since: number, limit = 100): Promise<AssistRecord[]> {
    const rows = await this.db
      .selectFrom('assist_requests')
      .selectAll()
      .where('agent_id', '=', agentId)
      .where('created_at', '>=', since)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(Math.max(1, Math.min(MAX_LIST, limit)))
      .execute();
    return rows.map(fromRow);
  }
}
