import type { Kysely } from 'kysely';
import type { CallRecord } from '@switchboard/core';
import type { Database } from '../db/schema';
import { fromJson, toJson, toMillis } from '../db/values';

/** What a recordings search may filter on. Times are epoch ms; the duration is the call's talk time. */
export interface RecordingFilter {
  from: number;
  to: number;
  /** Only these agents' calls (a supervisor's teams); null: everyone's. */
  agentIds: readonly string[] | null;
  agentId?: string | undefined;
  campaignId?: string | undefined;
  /** Part of the customer's number (digits, maybe a leading +). */
  number?: string | undefined;
  outcomeId?: string | undefined;
  minDurationMs?: number | undefined;
  maxDurationMs?: number | undefined;
  limit: number;
}

export interface StoredRecording {
  record: CallRecord;
  /** The WAV's path as the engine wrote it. */
  file: string;
  /** Set once the retention job deleted it. */
  deletedAt: number | null;
}

export type RecordingAction = 'play' | 'download' | 'denied' | 'deleted';

export interface RecordingAccessInput {
  at: number;
  userId: string;
  role: string;
  interactionId: string;
  action: RecordingAction;
  detail?: Record<string, unknown> | null;
}

export interface RecordingAccessEntry extends Omit<RecordingAccessInput, 'detail'> {
  id: number;
  detail: Record<string, unknown> | null;
}

/** Recordings found through their call records, and the audit of who played or downloaded which. */
export class RecordingsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Newest first; only recordings not deleted. */
  async search(f: RecordingFilter): Promise<StoredRecording[]> {
    if (f.agentIds && f.agentIds.length === 0) return [];
    let q = this.db
      .selectFrom('call_records')
      .select(['data', 'recording_file', 'recording_deleted_at'])
      .where('recording_file', 'is not', null)
      .where('recording_deleted_at', 'is', null)
      .where('created_at', '>=', f.from)
      .where('created_at', '<', f.to);
    if (f.agentIds) q = q.where('agent_id', 'in', [...f.agentIds]);
    if (f.agentId) q = q.where('agent_id', '=', f.agentId);
    if (f.campaignId) q = q.where('campaign_id', '=', f.campaignId);
    if (f.outcomeId) q = q.where('outcome_id', '=', f.outcomeId);
    if (f.number) q = q.where('customer_number', 'like', `%${f.number.replace(/[%_\\]/g, '')}%`);
    if (f.minDurationMs !== undefined || f.maxDurationMs !== undefined) {
      q = q.where('answered_at', 'is not', null).where('ended_at', 'is not', null);
      // ended_at - answered_at: both BIGINT on both dialects.
      if (f.minDurationMs !== undefined) q = q.where((eb) => eb(eb('ended_at', '-', eb.ref('answered_at')), '>=', f.minDurationMs!));
      if (f.maxDurationMs !== undefined) q = q.where((eb) => eb(eb('ended_at', '-', eb.ref('answered_at')), '<=', f.maxDurationMs!));
    }
    const rows = await q
      .orderBy('created_at', 'desc')
      .orderBy('interaction_id', 'desc')
      .limit(Math.max(1, Math.min(1000, Math.floor(f.limit))))
      .execute();
    return rows.map((r) => ({
      record: JSON.parse(r.data) as CallRecord,
      file: r.recording_file!,
      deletedAt: r.recording_deleted_at === null ? null : toMillis(r.recording_deleted_at),
    }));
  }

  /** One call's recording (also a deleted one: the caller says it is gone), or null if the call had none. */
  async get(interactionId: string): Promise<StoredRecording | null> {
    const r = await this.db
      .selectFrom('call_records')
      .select(['data', 'recording_file', 'recording_deleted_at'])
      .where('interaction_id', '=', interactionId)
      .where('recording_file', 'is not', null)
      .executeTakeFirst();
    if (!r) return null;
    return { record: JSON.parse(r.data) as CallRecord, file: r.recording_file!, deletedAt: r.recording_deleted_at === null ? null : toMillis(r.recording_deleted_at) };
  }

  /** Recordings of calls created before `cutoff` that are not deleted yet (oldest first, at most `limit`). */
  async olderThan(cutoff: number, limit = 1000): Promise<Array<{ interactionId: string; file: string; createdAt: number }>> {
    const rows = await this.db
      .selectFrom('call_records')
      .select(['interaction_id', 'recording_file', 'created_at'])
      .where('recording_file', 'is not', null)
      .where('recording_deleted_at', 'is', null)
      .where('created_at', '<', cutoff)
      .orderBy('created_at', 'asc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ interactionId: r.interaction_id, file: r.recording_file!, createdAt: toMillis(r.created_at) }));
  }

  async markDeleted(interactionId: string, at: number): Promise<void> {
    await this.db.updateTable('call_records').set({ recording_deleted_at: at }).where('interaction_id', '=', interactionId).execute();
  }

  async appendAccess(e: RecordingAccessInput): Promise<void> {
    await this.db
      .insertInto('recording_access')
      .values({ at: e.at, user_id: e.userId, role: e.role, interaction_id: e.interactionId, action: e.action, detail: e.detail == null ? null : toJson(e.detail) })
      .execute();
  }

  /** Newest first, at most `limit` (capped at 10,000); one recording's or all. */
  async listAccess(opts: { interactionId?: string | undefined; limit: number }): Promise<RecordingAccessEntry[]> {
    let q = this.db.selectFrom('recording_access').selectAll();
    if (opts.interactionId) q = q.where('interaction_id', '=', opts.interactionId);
    const rows = await q
      .orderBy('id', 'desc')
      .limit(Math.max(0, Math.min(10_000, Math.floor(opts.limit))))
      .execute();
    return rows.map((r) => ({
      id: toMillis(r.id),
      at: toMillis(r.at),
      userId: r.user_id,
      role: r.role,
      interactionId: r.interaction_id,
      action: r.action as RecordingAction,
      detail: fromJson<Record<string, unknown>>(r.detail),
    }));
  }
}
