import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { fromJson, toJson, toMillis } from '../db/values';

export type ConfigChangeAction = 'create' | 'update' | 'delete' | 'import';

export interface ConfigChangeInput {
  at: number;
  userId: string;
  role: string;
  section: string;
  itemId: string | null;
  action: ConfigChangeAction;
  versionBefore: string;
  versionAfter: string;
  /** Before/after summaries; the caller removes secrets. */
  detail?: Record<string, unknown> | null;
}

export interface ConfigChangeEntry extends ConfigChangeInput {
  id: number;
  detail: Record<string, unknown> | null;
}

/** Configuration edits made through the API (issue 20.6): the audit of who changed what, and when. */
export class ConfigChangesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async append(e: ConfigChangeInput): Promise<void> {
    await this.db
      .insertInto('config_changes')
      .values({
        at: e.at,
        user_id: e.userId,
        role: e.role,
        section: e.section,
        item_id: e.itemId,
        action: e.action,
        version_before: e.versionBefore,
        version_after: e.versionAfter,
        detail: e.detail == null ? null : toJson(e.detail),
      })
      .execute();
  }

  /** Newest first, at most `limit` (capped at 10,000). */
  async list(limit: number): Promise<ConfigChangeEntry[]> {
    const rows = await this.db
      .selectFrom('config_changes')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(Math.max(0, Math.min(10_000, Math.floor(limit))))
      .execute();
    return rows.map((r) => ({
      id: toMillis(r.id),
      at: toMillis(r.at),
      userId: r.user_id,
      role: r.role,
      section: r.section,
      itemId: r.item_id,
      action: r.action as ConfigChangeAction,
      versionBefore: r.version_before,
      versionAfter: r.version_after,
      detail: fromJson<Record<string, unknown>>(r.detail),
    }));
  }
}
