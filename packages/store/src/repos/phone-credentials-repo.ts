import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { toMillis } from '../db/values';
import type { PhoneCredential, PhoneCredentialOrigin } from '../records';

/** The HA1s of one digest user name, to store for an agent. */
export interface PhoneCredentialInput {
  user: string;
  ha1Md5: string;
  ha1Sha256: string;
}

const HEX = /^[0-9a-f]+$/;

/**
 * Agents' phone credentials: HA1 per realm and digest user name (Kamailio's subscriber table).
 * Written only by the server (a rotation, or the shared-password seed), never by the workspace
 * file, so a workspace reload leaves them alone.
 */
export class PhoneCredentialsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every credential of a realm (the server keeps them in memory: a digest check cannot wait on the database). */
  async list(realm: string): Promise<PhoneCredential[]> {
    const rows = await this.db.selectFrom('phone_credentials').selectAll().where('realm', '=', realm).orderBy('agent_id').orderBy('digest_user').execute();
    return rows.map(fromRow);
  }

  async forAgent(agentId: string, realm: string): Promise<PhoneCredential[]> {
    const rows = await this.db.selectFrom('phone_credentials').selectAll().where('agent_id', '=', agentId).where('realm', '=', realm).orderBy('digest_user').execute();
    return rows.map(fromRow);
  }

  /**
   * The agent's credentials in `realm` become exactly `entries`, atomically: the old ones stop
   * working (a rotation), and a user name another agent held before (a reassigned agent number)
   * moves to this one. Returns what was stored.
   */
  async replaceForAgent(agentId: string, realm: string, entries: readonly PhoneCredentialInput[], origin: PhoneCredentialOrigin, at: number): Promise<PhoneCredential[]> {
    return this.replaceMany(realm, [{ agentId, entries }], origin, at);
  }

  /** replaceForAgent for several agents in one transaction (the shared-password seed at startup). */
  async replaceMany(
    realm: string,
    agents: ReadonlyArray<{ agentId: string; entries: readonly PhoneCredentialInput[] }>,
    origin: PhoneCredentialOrigin,
    at: number,
  ): Promise<PhoneCredential[]> {
    const all: PhoneCredential[] = [];
    const plans = agents.map(({ agentId, entries }) => {
      for (const e of entries) {
        if (!e.user || !HEX.test(e.ha1Md5) || e.ha1Md5.length !== 32 || !HEX.test(e.ha1Sha256) || e.ha1Sha256.length !== 64) {
          throw new TypeError(`phone credential for "${e.user}": HA1s must be lowercase hex MD5 (32) and SHA-256 (64)`);
        }
      }
      const users = entries.map((e) => e.user);
      if (new Set(users).size !== users.length) throw new TypeError('phone credential user names must be distinct');
      const rows = entries.map((e) => ({ realm, digest_user: e.user, agent_id: agentId, ha1_md5: e.ha1Md5, ha1_sha256: e.ha1Sha256, origin, created_at: at }));
      all.push(...rows.map(fromRow));
      return { agentId, users, rows };
    });
    if (plans.length === 0) return all;
    await this.db.transaction().execute(async (tx) => {
      for (const { agentId, users, rows } of plans) {
        let del = tx.deleteFrom('phone_credentials').where('realm', '=', realm);
        del = users.length ? del.where((eb) => eb.or([eb('agent_id', '=', agentId), eb('digest_user', 'in', users)])) : del.where('agent_id', '=', agentId);
        await del.execute();
        if (rows.length) await tx.insertInto('phone_credentials').values(rows).execute();
      }
    });
    return all;
  }
}

function fromRow(r: { realm: string; digest_user: string; agent_id: string; ha1_md5: string; ha1_sha256: string; origin: string; created_at: string | number }): PhoneCredential {
  return {
    realm: r.realm,
    user: r.digest_user,
    agentId: r.agent_id,
    ha1Md5: r.ha1_md5,
    ha1Sha256: r.ha1_sha256,
    origin: r.origin === 'issued' ? 'issued' : 'shared',
    createdAt: toMillis(r.created_at),
  };
}
