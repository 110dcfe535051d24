import type { Kysely } from 'kysely';
import type { CallRecord } from '@switchboard/core';
import type { Database } from '../db/schema';
import { toMillis } from '../db/values';

/** Where the next page of a listing starts (keyset: created_at, then interaction id). */
export interface CallCursor {
  createdAt: number;
  interactionId: string;
}

/** An agent's logged-in stretch, from the audit's session rows; `end` null while still open. */
export interface SessionSpan {
  agentId: string;
  sessionId: string;
  start: number;
  end: number | null;
}

/** Longest an agent session is assumed to last: sessions that began this long before a report's start are not looked for. */
const MAX_SESSION_MS = 24 * 3600_000;

/** The queries the reports read: call records by creation time, page by page, and agents' logged-in time. */
export class ReportsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Calls created in [from, to), oldest first, after `cursor`, at most `limit` (capped at 5,000). */
  async callsPage(from: number, to: number, cursor: CallCursor | null, limit: number): Promise<CallRecord[]> {
    let q = this.db.selectFrom('call_records').select('data').where('created_at', '>=', from).where('created_at', '<', to);
    if (cursor) {
      const c = cursor;
      q = q.where((eb) => eb.or([eb('created_at', '>', c.createdAt), eb.and([eb('created_at', '=', c.createdAt), eb('interaction_id', '>', c.interactionId)])]));
    }
    const rows = await q
      .orderBy('created_at', 'asc')
      .orderBy('interaction_id', 'asc')
      .limit(Math.max(1, Math.min(5000, Math.floor(limit))))
      .execute();
    return rows.map((r) => JSON.parse(r.data) as CallRecord);
  }

  /** Sessions overlapping [from, to). */
  async sessionSpans(from: number, to: number): Promise<SessionSpan[]> {
    const rows = await this.db
      .selectFrom('audit')
      .select(['agent_id', 'session_id', 'to_state', 'at'])
      .where('kind', '=', 'session')
      .where('session_id', 'is not', null)
      .where('at', '>=', from - MAX_SESSION_MS)
      .where('at', '<', to)
      .orderBy('id', 'asc')
      .execute();
    const spans = new Map<string, SessionSpan>();
    for (const r of rows) {
      const id = r.session_id!;
      const at = toMillis(r.at);
      if (r.to_state === 'started') spans.set(id, { agentId: r.agent_id, sessionId: id, start: at, end: null });
      else if (r.to_state === 'ended') {
        const s = spans.get(id);
        if (s && s.end === null) s.end = at;
      }
    }
    return [...spans.values()].filter((s) => s.end === null || s.end > from);
  }
}
