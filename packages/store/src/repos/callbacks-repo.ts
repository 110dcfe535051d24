import type { Kysely, Selectable } from 'kysely';
import { StoreDataError } from '../errors';
import { checkCallbackInput, type CallbackInput, type CallbackRecord, type CallbackStatus, type CallbackStore } from '@switchboard/core';
import type { CallbacksTable, Database } from '../db/schema';
import { fromJson, toJson, toMillis } from '../db/values';

const MAX_LIST = 10_000;

function fromRow(r: Selectable<CallbacksTable>): CallbackRecord {
  return {
    id: r.id,
    interactionId: r.interaction_id,
    campaignId: r.campaign_id,
    queueId: r.queue_id,
    workflowId: r.workflow_id,
    number: r.number,
    requestedAt: toMillis(r.requested_at),
    ivrData: fromJson(r.ivr_data) ?? [],
    status: r.status as CallbackStatus,
  };
}

/** Core's CallbackStore on SQLite and PostgreSQL, behaving like MemoryCallbackStore. */
export class CallbacksRepo implements CallbackStore {
  constructor(private readonly db: Kysely<Database>) {}

  async add(input: CallbackInput): Promise<CallbackRecord> {
    checkCallbackInput(input);
    const row = {
      id: input.id,
      campaign_id: input.campaignId,
      queue_id: input.queueId,
      workflow_id: input.workflowId,
      interaction_id: input.interactionId,
      number: input.number,
      requested_at: input.requestedAt,
      ivr_data: toJson(input.ivrData.map((e) => ({ label: e.label, value: e.value }))),
      status: 'pending',
    };
    // Insert-or-nothing, then tell a duplicate apart: one statement on both dialects.
    const res = await this.db
      .insertInto('callbacks')
      .values(row)
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) throw new StoreDataError('CONFLICT', `callback ${input.id} already exists`, { id: input.id });
    return fromRow(row);
  }

  async get(id: string): Promise<CallbackRecord | null> {
    const r = await this.db.selectFrom('callbacks').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? fromRow(r) : null;
  }

  async listPending(opts: { campaignId?: string; limit?: number } = {}): Promise<CallbackRecord[]> {
    const limit = Number.isFinite(opts.limit) ? Math.max(0, Math.min(MAX_LIST, Math.floor(opts.limit!))) : 1000;
    let q = this.db.selectFrom('callbacks').selectAll().where('status', '=', 'pending');
    if (opts.campaignId !== undefined) q = q.where('campaign_id', '=', opts.campaignId);
    const rows = await q.orderBy('requested_at').orderBy('id').limit(limit).execute();
    return rows.map(fromRow);
  }
}
