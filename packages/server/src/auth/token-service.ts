import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '@switchboard/protocol';
import type { Clock } from '@switchboard/shared';
import type { TokenRepo } from '@switchboard/store';
import { apiError } from '../http/api-error';

export interface Principal {
  userId: string;
  role: Role;
  tokenHash: string;
  expiresAt: number;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Bearer tokens: 32 random bytes (base64url) handed to the client once; the
 * store keeps only their SHA-256, so a database leak yields no usable token.
 * A verified token is remembered for `cacheMs` only (TOKEN_CACHE_SECONDS, 2 s by
 * default): several servers may share one database, and a sign-out on another server
 * reaches us only through the store's revoked flag, so the store is asked again once
 * that short time is up. A revocation through this server drops the entry at once.
 */
export class TokenService {
  private readonly cache = new Map<string, { p: Principal; checkedAt: number }>();

  constructor(
    private readonly repo: TokenRepo,
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly cacheMs = 2000,
  ) {}

  async issue(userId: string, role: Role): Promise<{ token: string; expiresAt: number }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.clock.now() + this.ttlMs;
    await this.repo.createToken({ tokenHash: hashToken(token), userId, role, expiresAt });
    return { token, expiresAt };
  }

  /** The principal behind a bearer token, or UNAUTHENTICATED / TOKEN_INVALID / TOKEN_EXPIRED. */
  async verify(token: string | undefined): Promise<Principal> {
    if (!token) throw apiError('UNAUTHENTICATED', 'Log in first: send Authorization: Bearer <token>');
    if (token.length > 200 || !/^[A-Za-z0-9_-]+$/.test(token)) throw apiError('TOKEN_INVALID', 'The token is not one this server issued');
    const tokenHash = hashToken(token);
    const now = this.clock.now();
    const cached = this.cache.get(tokenHash);
    let p = cached && now - cached.checkedAt < this.cacheMs ? cached.p : undefined;
    if (!p) {
      this.cache.delete(tokenHash);
      const row = await this.repo.findToken(tokenHash);
      if (!row || row.revoked) throw apiError('TOKEN_INVALID', row ? 'The token was revoked (signed out)' : 'The token is not one this server issued');
      p = { userId: row.userId, role: row.role, tokenHash, expiresAt: Number(row.expiresAt) };
      if (this.cacheMs > 0) {
        if (this.cache.size > 50_000) this.cache.clear();
        this.cache.set(tokenHash, { p, checkedAt: now });
      }
    }
    if (this.clock.now() >= p.expiresAt) {
      this.cache.delete(tokenHash);
      throw apiError('TOKEN_EXPIRED', 'The session expired: log in again');
    }
    return p;
  }

  /** Drop the cache (the store may have revoked tokens behind our back, e.g. on a workspace reload). */
  forgetCached(): void {
    this.cache.clear();
  }

  /** Every token of this user (an agent's sign-out ends the one shared session). */
  async revokeUser(userId: string): Promise<void> {
    for (const [h, e] of this.cache) if (e.p.userId === userId) this.cache.delete(h);
    await this.repo.revokeTokensForUser(userId);
  }

  async revoke(tokenHash: string): Promise<void> {
    this.cache.delete(tokenHash);
    await this.repo.revokeToken(tokenHash);
  }
}

/** The token from `Authorization: Bearer …`, if any. */
export function bearerFrom(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : header.trim() === '' ? undefined : '!malformed';
}
