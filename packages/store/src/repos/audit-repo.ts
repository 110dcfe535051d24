import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { fromJson, toJson, toMillis } from '../db/values';
import type { AuditEntry, AuditInput } from '../records';

/** Every agent state change, kept as a row. Append-only. */
export class AuditRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async appendAudit(e: AuditInput): Promise<void> {
    await this.db
      .insertInto('audit')
      .values({
        at: e.at,
        agent_id: e.agentId,
        session_id: e.sessionId ?? null,
        kind: e.kind,
        from_state: e.from ?? null,
        to_state: e.to ?? null,
        detail: e.detail == null ? null : toJson(e.detail),
      })
      .execute();
  }

  /**
   * Newest first (insertion order, which is also time order), at most
   * `limit` (capped at 10,000). For the next page pass the last entry's id
   * as `beforeId`.
   */
  async listAudit(agentId: string, limit = 100, beforeId?: number): Promise<AuditEntry[]> {
    const n = Math.max(0, Math.min(10_000, Math.floor(limit)));
    let q = this.db.selectFrom('audit').selectAll().where('agent_id', '=', agentId);
    if (beforeId !== undefined) q = q.where('id', '<', beforeId);
    const rows = await q.orderBy('id', 'desc').limit(n).execute();
    return rows.map((r) => ({
      id: toMillis(r.id),
      at: toMillis(r.at),
      agentId: r.agent_id,
      sessionId: r.session_id,
      kind: r.kind,
      from: r.from_state,
      to: r.to_state,
      detail: fromJson<Record<string, unknown>>(r.detail),
    }));
  }

  /**
   * At startup: every session with a started row and no ended row (the server
   * was killed, or stopped before it could write them) gets an ended row with
   * this reason. One pass over the session rows; returns how many were closed.
   */
  async closeOpenSessions(at: number, reason: string): Promise<number> {
    const open = await this.db
      .selectFrom('audit')
      .select(['session_id', 'agent_id'])
      .where('kind', '=', 'session')
      .where('session_id', 'is not', null)
      .groupBy(['session_id', 'agent_id'])
      .having(sql<number>`sum(case when to_state = 'ended' then 1 else 0 end)`, '=', 0)
      .execute();
    if (open.length === 0) return 0;
    await this.db
      .insertInto('audit')
      .values(open.map((o) => ({ at, agent_id: o.agent_id, session_id: o.session_id, kind: 'session', from_state: null, to_state: 'ended', detail: toJson({ reason }) })))
      .execute();
    return open.length;
  }

  async countAudit(agentId: string): Promise<number> {
    const r = await this.db
      .selectFrom('audit')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('agent_id', '=', agentId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
