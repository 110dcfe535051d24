import type { Clock } from '@switchboard/shared';
import type { LoginThrottleConfig } from '../config';

/** Who is trying: the username, the client address and, if the client sends one, its device id. */
export interface LoginAttempt {
  username: string;
  address: string;
  deviceId?: string | undefined;
}

export type ThrottleScope = 'username-address' | 'username' | 'address';

/** A wait imposed on an attempt: which counter asked for it and how long. */
export interface ThrottleWait {
  scope: ThrottleScope;
  seconds: number;
}

interface Counter {
  failures: number;
  last: number;
}

/** Known devices and addresses kept per user (most recent first). */
const KNOWN_PER_USER = 8;
/** Counters kept at most; the oldest are dropped first (random usernames or spoofed addresses cannot grow memory). */
const MAX_COUNTERS = 50_000;

/**
 * Slows failed logins down instead of locking accounts. Three counters, each
 * free for a number of failures and then imposing a wait that doubles with
 * every further failure (1 s, 2 s, 4 s ... up to maxDelayMs), forgotten after
 * windowMs without failures:
 *
 * - username + address (or + device id): the guesser at one place;
 * - username, for attempts from places the user never logged in from:
 *   guessing one password from many addresses;
 * - address, for users never seen there: spraying many usernames from one
 *   address. A contact centre's NAT does not lock its agents out, because a
 *   user who has logged in from that address (or device) before is not
 *   counted against it.
 *
 * A known device (a device id sent at a successful login) or a known address
 * (one the user logged in from) escapes the username and address counters:
 * someone guessing bob's password elsewhere does not keep bob out at his
 * desk. Checked before the password is verified, so a waiting caller cannot
 * guess (nor make us burn scrypt time). In memory: a restart forgets.
 *
 * Hand-written, not @fastify/rate-limit (which limits the demo caller, http/rate-limits.ts):
 * the plugin counts requests per key in a window, while this counts failures only (a correct
 * password clears them), against three keys at once, waives two of them for a known device or
 * address, and doubles the wait per failure past a free allowance; the plugin has no way to
 * count an outcome known only after the password check, nor to forgive on success.
 */
export class LoginThrottle {
  private readonly counters = new Map<string, Counter>();
  private readonly known = new Map<string, string[]>();

  constructor(
    private readonly cfg: LoginThrottleConfig,
    private readonly clock: Clock,
  ) {}

  /** The longest wait that applies now, or null if this attempt may go ahead. */
  check(a: LoginAttempt): ThrottleWait | null {
    const now = this.clock.now();
    let worst: ThrottleWait | null = null;
    for (const [scope, key, free] of this.keys(a)) {
      const seconds = this.waitSeconds(key, free, now);
      if (seconds > 0 && (!worst || seconds > worst.seconds)) worst = { scope, seconds };
    }
    return worst;
  }

  /**
   * Counts a failure. Returns the waits this failure started (a counter that was free and now
   * is not): what the caller audits as a lockout.
   */
  recordFailure(a: LoginAttempt): ThrottleWait[] {
    const now = this.clock.now();
    const started: ThrottleWait[] = [];
    for (const [scope, key, free] of this.keys(a)) {
      if (free <= 0) continue;
      const c = this.current(key, now) ?? { failures: 0, last: now };
      c.failures++;
      c.last = now;
      this.counters.delete(key);
      this.counters.set(key, c);
      if (c.failures === free + 1) started.push({ scope, seconds: this.delaySeconds(c.failures, free) });
    }
    this.trim();
    return started;
  }

  /** A correct password: this place's counter is cleared and the device and address become known for the user. */
  recordSuccess(a: LoginAttempt): void {
    const user = a.username.toLowerCase();
    this.counters.delete(this.pairKey(a));
    this.remember(user, `addr:${a.address}`);
    if (a.deviceId) this.remember(user, `dev:${a.deviceId}`);
  }

  /** True when the user logged in before from this device (or, without a device id, this address). */
  isKnown(a: LoginAttempt): boolean {
    const list = this.known.get(a.username.toLowerCase()) ?? [];
    return (a.deviceId !== undefined && list.includes(`dev:${a.deviceId}`)) || list.includes(`addr:${a.address}`);
  }

  private keys(a: LoginAttempt): Array<[ThrottleScope, string, number]> {
    const user = a.username.toLowerCase();
    const keys: Array<[ThrottleScope, string, number]> = [['username-address', this.pairKey(a), this.cfg.perUsernameAddress]];
    if (!this.isKnown(a)) {
      keys.push(['username', `u:${user}`, this.cfg.perUsername], ['address', `a:${a.address}`, this.cfg.perAddress]);
    }
    return keys;
  }

  /** A known device has its own counter: failures elsewhere from the same address do not touch it. */
  private pairKey(a: LoginAttempt): string {
    const user = a.username.toLowerCase();
    const list = this.known.get(user) ?? [];
    if (a.deviceId !== undefined && list.includes(`dev:${a.deviceId}`)) return `p:${user}|dev:${a.deviceId}`;
    return `p:${user}|addr:${a.address}`;
  }

  private waitSeconds(key: string, free: number, now: number): number {
    if (free <= 0) return 0;
    const c = this.current(key, now);
    if (!c || c.failures <= free) return 0;
    const until = c.last + this.delaySeconds(c.failures, free) * 1000;
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  /** The wait after `failures` failures with `free` allowed: 1, 2, 4 ... seconds, capped. */
  private delaySeconds(failures: number, free: number): number {
    const cap = Math.max(1, Math.ceil(this.cfg.maxDelayMs / 1000));
    const steps = Math.min(30, failures - free - 1);
    return Math.min(cap, 2 ** steps);
  }

  /** The key's counter if it is still within the window after its last failure. */
  private current(key: string, now: number): Counter | undefined {
    const c = this.counters.get(key);
    if (c && now - c.last >= this.cfg.windowMs) {
      this.counters.delete(key);
      return undefined;
    }
    return c;
  }

  private remember(user: string, what: string): void {
    const list = (this.known.get(user) ?? []).filter((x) => x !== what);
    list.unshift(what);
    this.known.set(user, list.slice(0, KNOWN_PER_USER));
  }

  private trim(): void {
    // Maps iterate in insertion order and a failure re-inserts its key: the first are the stalest.
    for (const key of this.counters.keys()) {
      if (this.counters.size <= MAX_COUNTERS) break;
      this.counters.delete(key);
    }
  }
}
