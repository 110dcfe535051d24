import type { Kysely, Transaction } from 'kysely';
import { StoreDataError } from '../errors';
import { interruptedRecord, type CallRecord, type CallRecordStore } from '@switchboard/core';
import type { Database } from '../db/schema';
import { toFlag, toJson, toMillis } from '../db/values';

const MAX_LIST = 10_000;

function invalid(message: string, details?: Record<string, unknown>): StoreDataError {
  return new StoreDataError('VALIDATION_FAILED', `invalid call record: ${message}`, details);
}

function isTime(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Rejects what would break the row or the version rule, before it reaches SQL. */
function checkRecord(r: CallRecord): void {
  if (r === null || typeof r !== 'object') throw invalid('not an object');
  if (typeof r.interactionId !== 'string' || r.interactionId.length === 0) throw invalid('interactionId must be a non-empty string');
  const id = { interactionId: r.interactionId };
  if (!Number.isSafeInteger(r.version) || r.version < 0) throw invalid('version must be a non-negative integer', id);
  if (typeof r.final !== 'boolean') throw invalid('final must be a boolean', id);
  if (typeof r.direction !== 'string' || typeof r.state !== 'string') throw invalid('direction and state must be strings', id);
  if (!isTime(r.createdAt) || !isTime(r.updatedAt)) throw invalid('createdAt and updatedAt must be epoch ms', id);
  for (const k of ['answeredAt', 'endedAt', 'closedAt'] as const) {
    if (r[k] !== null && !isTime(r[k])) throw invalid(`${k} must be epoch ms or null`, id);
  }
}

function toRow(r: CallRecord) {
  return {
    interaction_id: r.interactionId,
    version: r.version,
    final: toFlag(r.final),
    direction: r.direction,
    state: r.state,
    campaign_id: r.campaignId,
    queue_id: r.queueId,
    agent_id: r.agentId,
    customer_number: r.customerNumber,
    outcome_id: r.outcomeId,
    end_cause: r.endCause,
    created_at: r.createdAt,
    answered_at: r.answeredAt,
    ended_at: r.endedAt,
    closed_at: r.closedAt,
    updated_at: r.updatedAt,
    data: toJson(r),
    recording_file: r.recording?.file ?? null,
  };
}

function fromData(data: string): CallRecord {
  return JSON.parse(data) as CallRecord;
}

function clampLimit(limit: number): number {
  return Number.isFinite(limit) ? Math.max(0, Math.min(MAX_LIST, Math.floor(limit))) : 0;
}

/**
 * Core's CallRecordStore on SQLite and PostgreSQL, behaving exactly like
 * MemoryCallRecordStore. The version rule is enforced inside one statement
 * (an upsert whose update only applies to an older row), so concurrent or
 * retried saves of one record always leave the newest version.
 */
export class CallRecordsRepo implements CallRecordStore {
  constructor(private readonly db: Kysely<Database>) {}

  async save(record: CallRecord): Promise<void> {
    checkRecord(record);
    const row = toRow(record);
    await this.db
      .insertInto('call_records')
      .values(row)
      .onConflict((oc) =>
        oc
          .column('interaction_id')
          .doUpdateSet((eb) => ({
            version: eb.ref('excluded.version'),
            final: eb.ref('excluded.final'),
            direction: eb.ref('excluded.direction'),
            state: eb.ref('excluded.state'),
            campaign_id: eb.ref('excluded.campaign_id'),
            queue_id: eb.ref('excluded.queue_id'),
            agent_id: eb.ref('excluded.agent_id'),
            customer_number: eb.ref('excluded.customer_number'),
            outcome_id: eb.ref('excluded.outcome_id'),
            end_cause: eb.ref('excluded.end_cause'),
            created_at: eb.ref('excluded.created_at'),
            answered_at: eb.ref('excluded.answered_at'),
            ended_at: eb.ref('excluded.ended_at'),
            closed_at: eb.ref('excluded.closed_at'),
            updated_at: eb.ref('excluded.updated_at'),
            data: eb.ref('excluded.data'),
            recording_file: eb.ref('excluded.recording_file'),
          }))
          .where((eb) => eb('call_records.version', '<', eb.ref('excluded.version'))),
      )
      .execute();
  }

  async get(interactionId: string): Promise<CallRecord | null> {
    if (typeof interactionId !== 'string') return null;
    const r = await this.db.selectFrom('call_records').select('data').where('interaction_id', '=', interactionId).executeTakeFirst();
    return r ? fromData(r.data) : null;
  }

  /**
   * Startup, before taking calls: every non-final record becomes
   * interruptedRecord(record, at). Each update is guarded by the version it
   * read, so a save that lands meanwhile is never overwritten.
   */
  async closeInterrupted(at: number): Promise<number> {
    if (!isTime(at)) throw invalid('closeInterrupted needs a time in epoch ms');
    return this.db.transaction().execute(async (tx: Transaction<Database>) => {
      const open = await tx.selectFrom('call_records').select(['interaction_id', 'version', 'data']).where('final', '=', 0).execute();
      let n = 0;
      for (const o of open) {
        const closed = interruptedRecord(fromData(o.data), at);
        const { interaction_id: _id, ...set } = toRow(closed);
        const r = await tx.updateTable('call_records').set(set).where('interaction_id', '=', o.interaction_id).where('version', '=', toMillis(o.version)).executeTakeFirst();
        n += Number(r.numUpdatedRows);
      }
      return n;
    });
  }

  /** Newest first (by creation time), at most `limit` (capped at 10,000): the supervisors' list. */
  async listRecent(limit = 100): Promise<CallRecord[]> {
    const rows = await this.db.selectFrom('call_records').select('data').orderBy('created_at', 'desc').orderBy('interaction_id', 'desc').limit(clampLimit(limit)).execute();
    return rows.map((r) => fromData(r.data));
  }

  /** One agent's calls, newest first, at most `limit` (capped at 10,000). */
  async byAgent(agentId: string, limit = 100): Promise<CallRecord[]> {
    const rows = await this.db
      .selectFrom('call_records')
      .select('data')
      .where('agent_id', '=', agentId)
      .orderBy('created_at', 'desc')
      .orderBy('interaction_id', 'desc')
      .limit(clampLimit(limit))
      .execute();
    return rows.map((r) => fromData(r.data));
  }

  /** Records not closed yet (calls in progress, or left open by a crash until closeInterrupted). */
  async countOpen(): Promise<number> {
    const r = await this.db
      .selectFrom('call_records')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('final', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
