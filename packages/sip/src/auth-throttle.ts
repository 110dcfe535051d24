import { TypedEmitter, type Clock } from '@switchboard/shared';

export interface AuthThrottleOptions {
  clock: Clock;
  /** Failed answers from one address within `windowMs` that block it. */
  maxFailures: number;
  windowMs: number;
  /** How long a blocked address stays refused. */
  blockMs: number;
  /** Addresses tracked at most; the least recently failing are forgotten first (spoofed sources cannot grow memory). */
  maxTracked?: number;
}

/** An address blocked: how many failures, which usernames it tried (at most 10), until when. */
export interface AuthBlock {
  address: string;
  failures: number;
  users: string[];
  at: number;
  until: number;
}

export type AuthThrottleEvents = { blocked: AuthBlock };

interface Track {
  /** Failure times inside the window, oldest first (at most maxFailures). */
  failures: number[];
  users: Set<string>;
}

const USERS_KEPT = 10;

/**
 * Failed digest authentication per source address, as Kamailio's pike module guards a registrar:
 * `maxFailures` wrong answers within `windowMs` from one address block it for `blockMs`, during which
 * every request from it needing authentication is refused (403) without being checked, so a
 * password cannot be guessed at line rate. Keyed by host, not port: a guesser changes ports for free.
 * A block ends on the injected clock; the failures that led to it are forgotten with it.
 * In memory: a restart forgets.
 */
export class AuthThrottle extends TypedEmitter<AuthThrottleEvents> {
  /** Addresses with recent failures, least recently failing first. */
  private readonly tracks = new Map<string, Track>();
  /** Blocked addresses and when each block ends, oldest block first: apart from `tracks`, so a flood of new addresses cannot evict a block. */
  private readonly blocked = new Map<string, number>();
  private readonly maxTracked: number;
  private refused = 0;
  private blocks = 0;

  constructor(private readonly o: AuthThrottleOptions) {
    super();
    this.maxTracked = o.maxTracked ?? 50_000;
  }

  /** True while `address` is blocked (counts the refusal). */
  isBlocked(address: string): boolean {
    const until = this.blocked.get(address);
    if (until === undefined) return false;
    if (this.o.clock.now() >= until) {
      this.blocked.delete(address);
      return false;
    }
    this.refused++;
    return true;
  }

  /** When the block on `address` ends (epoch ms), if it is blocked. */
  blockedUntil(address: string): number | undefined {
    const until = this.blocked.get(address);
    return until !== undefined && until > this.o.clock.now() ? until : undefined;
  }

  /** A wrong answer from `address` (for `user`, when it named one). Emits `blocked` when it tips over. */
  failure(address: string, user?: string): void {
    const now = this.o.clock.now();
    if (this.blockedUntil(address) !== undefined) return;
    let t = this.tracks.get(address);
    if (t)
      this.tracks.delete(address); // re-inserted last: the Map's order is least recent first
    else t = { failures: [], users: new Set() };
    const since = now - this.o.windowMs;
    while (t.failures.length > 0 && t.failures[0]! <= since) t.failures.shift();
    t.failures.push(now);
    if (user !== undefined && t.users.size < USERS_KEPT) t.users.add(user);
    if (t.failures.length >= this.o.maxFailures) {
      // The failures that led to the block are forgotten with it.
      const until = now + this.o.blockMs;
      this.blocked.set(address, until);
      this.blocks++;
      this.emit('blocked', { address, failures: t.failures.length, users: [...t.users], at: now, until });
      this.prune(this.blocked, now);
      return;
    }
    this.tracks.set(address, t);
    while (this.tracks.size > this.maxTracked) this.tracks.delete(this.tracks.keys().next().value!);
  }

  /** Over the cap: ended blocks go first, then the oldest. */
  private prune(blocked: Map<string, number>, now: number): void {
    if (blocked.size <= this.maxTracked) return;
    for (const [a, until] of blocked) if (until <= now) blocked.delete(a);
    while (blocked.size > this.maxTracked) blocked.delete(blocked.keys().next().value!);
  }

  /** Requests refused while blocked, blocks imposed since start, and addresses blocked now (for metrics). */
  counts(): { refused: number; blocks: number; blocked: number } {
    const now = this.o.clock.now();
    let blocked = 0;
    for (const until of this.blocked.values()) if (until > now) blocked++;
    return { refused: this.refused, blocks: this.blocks, blocked };
  }
}
