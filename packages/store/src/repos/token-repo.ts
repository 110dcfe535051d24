import type { Kysely } from 'kysely';
import type { Clock } from '@switchboard/shared';
import type { Role } from '@switchboard/protocol';
import type { Database } from '../db/schema';
import { fromFlag, toMillis } from '../db/values';
import type { TokenInput, TokenRecord } from '../records';

/** Bearer tokens, stored by SHA-256 so a leaked database holds no usable token. */
export class TokenRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async createToken(t: TokenInput): Promise<void> {
    await this.db
      .insertInto('tokens')
      .values({ token_hash: t.tokenHash, user_id: t.userId, role: t.role, created_at: this.clock.now(), expires_at: t.expiresAt, revoked: 0 })
      .execute();
  }

  /** The token row whether revoked or expired; the caller decides (and says why). */
  async findToken(tokenHash: string): Promise<TokenRecord | null> {
    const r = await this.db.selectFrom('tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    if (!r) return null;
    return {
      tokenHash: r.token_hash,
      userId: r.user_id,
      role: r.role as Role,
      createdAt: toMillis(r.created_at),
      expiresAt: toMillis(r.expires_at),
      revoked: fromFlag(r.revoked),
    };
  }

  /** True if a live token was revoked now. */
  async revokeToken(tokenHash: string): Promise<boolean> {
    const r = await this.db.updateTable('tokens').set({ revoked: 1 }).where('token_hash', '=', tokenHash).where('revoked', '=', 0).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Sign the user out everywhere; returns how many tokens were revoked. */
  async revokeTokensForUser(userId: string): Promise<number> {
    const r = await this.db.updateTable('tokens').set({ revoked: 1 }).where('user_id', '=', userId).where('revoked', '=', 0).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Drops tokens that expired before `before` (housekeeping; they can no longer be used). */
  async deleteExpiredTokens(before: number): Promise<number> {
    const r = await this.db.deleteFrom('tokens').where('expires_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
