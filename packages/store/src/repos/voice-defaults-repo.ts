import type { Kysely } from 'kysely';
import type { Clock } from '@switchboard/shared';
import type { VoiceMethod } from '@switchboard/protocol';
import type { Database } from '../db/schema';
import { fromFlag, toFlag } from '../db/values';
import type { VoiceDefaults } from '../records';

/** "Save as default" on the Phone Connection screen. Its own table, so a workspace reload never overwrites it. */
export class VoiceDefaultsRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async saveVoiceDefaults(agentId: string, d: VoiceDefaults): Promise<void> {
    const v = { method: d.method, number: d.number, persistent: toFlag(d.persistent), updated_at: this.clock.now() };
    await this.db
      .insertInto('voice_defaults')
      .values({ agent_id: agentId, ...v })
      .onConflict((oc) => oc.column('agent_id').doUpdateSet(v))
      .execute();
  }

  async getVoiceDefaults(agentId: string): Promise<VoiceDefaults | null> {
    const r = await this.db.selectFrom('voice_defaults').selectAll().where('agent_id', '=', agentId).executeTakeFirst();
    return r ? { method: r.method as VoiceMethod, number: r.number, persistent: fromFlag(r.persistent) } : null;
  }

  async clearVoiceDefaults(agentId: string): Promise<void> {
    await this.db.deleteFrom('voice_defaults').where('agent_id', '=', agentId).execute();
  }
}
