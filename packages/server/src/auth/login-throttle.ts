import type { Clock } from '@switchboard/shared';
import type { LoginThrottleConfig } from '../config';
import { SlidingWindow } from '../util/sliding-window';

/**
 * Counts failed logins in a sliding window, per username and per client
 * address. Checked before the password is verified, so a locked-out caller
 * cannot keep guessing (and cannot make us burn scrypt time either).
 */
export class LoginThrottle {
  private readonly byUser: SlidingWindow;
  private readonly byAddress: SlidingWindow;

  constructor(private readonly cfg: LoginThrottleConfig, private readonly clock: Clock) {
    this.byUser = new SlidingWindow(cfg.windowMs);
    this.byAddress = new SlidingWindow(cfg.windowMs);
  }

  /** Seconds until a login may be tried again, or 0 if allowed now. */
  retryAfter(username: string, address: string): number {
    const now = this.clock.now();
    return Math.max(
      this.byUser.waitSeconds(username.toLowerCase(), this.cfg.perUsername, now),
      this.byAddress.waitSeconds(address, this.cfg.perAddress, now),
    );
  }

  /** Which limit is hit ('username' first), for the message. */
  limitedBy(username: string, address: string): 'username' | 'address' {
    return this.byUser.waitSeconds(username.toLowerCase(), this.cfg.perUsername, this.clock.now()) > 0 ? 'username' : 'address';
  }

  recordFailure(username: string, address: string): void {
    const now = this.clock.now();
    this.byUser.add(username.toLowerCase(), now);
    if (this.cfg.perAddress > 0) this.byAddress.add(address, now);
  }

  recordSuccess(username: string): void {
    this.byUser.clear(username.toLowerCase());
  }
}
