import type { Clock } from '@switchboard/shared';
import type { LoginThrottleConfig } from '../config';

/**
 * Counts failed logins in a sliding window, per username and per client
 * address. Checked before the password is verified, so a locked-out caller
 * cannot keep guessing (and cannot make us burn scrypt time either).
 */
export class LoginThrottle {
  private readonly byUser = new Map<string, number[]>();
  private readonly byAddress = new Map<string, number[]>();
  private readonly sweepAt = new Map<Map<string, number[]>, number>();

  constructor(private readonly cfg: LoginThrottleConfig, private readonly clock: Clock) {}

  /** Seconds until a login may be tried again, or 0 if allowed now. */
  retryAfter(username: string, address: string): number {
    const now = this.clock.now();
    const waits = [
      this.wait(this.byUser, username.toLowerCase(), this.cfg.perUsername, now),
      this.wait(this.byAddress, address, this.cfg.perAddress, now),
    ];
    return Math.max(...waits);
  }

  /** Which limit is hit ('username' first), for the message. */
  limitedBy(username: string, address: string): 'username' | 'address' {
    return this.wait(this.byUser, username.toLowerCase(), this.cfg.perUsername, this.clock.now()) > 0 ? 'username' : 'address';
  }

  recordFailure(username: string, address: string): void {
    const now = this.clock.now();
    this.push(this.byUser, username.toLowerCase(), now);
    if (this.cfg.perAddress > 0) this.push(this.byAddress, address, now);
  }

  recordSuccess(username: string): void {
    this.byUser.delete(username.toLowerCase());
  }

  private push(map: Map<string, number[]>, key: string, now: number): void {
    // Guessing random usernames must not grow memory without bound: sweep expired keys
    // whenever the map doubles past 10,000 (amortised O(1) per failure).
    const limit = this.sweepAt.get(map) ?? 10_000;
    if (map.size >= limit) {
      for (const k of [...map.keys()]) this.prune(map, k, now);
      this.sweepAt.set(map, Math.max(10_000, map.size * 2));
    }
    const list = this.prune(map, key, now);
    list.push(now);
    map.set(key, list);
  }

  private prune(map: Map<string, number[]>, key: string, now: number): number[] {
    const list = (map.get(key) ?? []).filter((t) => now - t < this.cfg.windowMs);
    if (list.length) map.set(key, list);
    else map.delete(key);
    return list;
  }

  private wait(map: Map<string, number[]>, key: string, limit: number, now: number): number {
    if (limit <= 0) return 0;
    const list = this.prune(map, key, now);
    if (list.length < limit) return 0;
    // Allowed again once enough of the oldest failures have left the window.
    const freeAt = list[list.length - limit]! + this.cfg.windowMs;
    return Math.max(1, Math.ceil((freeAt - now) / 1000));
  }
}
