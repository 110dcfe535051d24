import type { Clock } from '@switchboard/shared';
import { requireConfig } from '../errors';
import type { PacingEvent, PacingObservation, PacingPolicy } from '../types';

/** Erlang-B blocking probability for `servers` and offered load `a` (stable recursion). */
export function erlangB(servers: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (a * b) / (k + a * b);
  return b;
}

/** The offered load at which Erlang-B blocking equals `loss` (bisection). */
export function erlangBLoad(servers: number, loss: number): number {
  let lo = 0;
  let hi = servers * 2 + 10;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (erlangB(servers, mid) > loss) hi = mid;
    else lo = mid;
  }
  return lo;
}

/**
 * Poisson ("Erlang-B") dialling: blind to agent state, it dials at the steady rate
 * that offers the agents the Erlang-B load losing `loss` of live answers:
 *   dials/s = A(agents, loss) / (mean handle time of a live call x live answer rate).
 * The reference point dialer.md quotes; not a practical dialler.
 */
export class ErlangBlindPolicy implements PacingPolicy {
  readonly name: string;
  private credit = 0;
  private last = -1;
  private resolved = 0;
  private wanting = 0;
  private handleSum = 0;
  private handles = 0;
  private pendingTalk = 0;
  private readonly loadCache = new Map<number, number>();

  constructor(
    private readonly clock: Clock,
    readonly loss = 0.03,
    readonly warmup = 30,
  ) {
    requireConfig(loss > 0 && loss < 1, 'loss must be in (0, 1)');
    this.name = loss === 0.03 ? 'erlang-blind' : `erlang-blind-${loss}`;
  }

  decide(obs: PacingObservation): number {
    const now = this.clock.now();
    const dt = this.last < 0 ? 0 : Math.min(now - this.last, 60_000);
    this.last = now;
    if (this.resolved < this.warmup || this.handles === 0 || this.wanting === 0) {
      return Math.max(0, obs.counts.ready - obs.ringingSinceMs.length - obs.waiting);
    }
    const p = this.wanting / this.resolved;
    const handleMs = this.handleSum / this.handles;
    let load = this.loadCache.get(obs.agents.length);
    if (load === undefined) this.loadCache.set(obs.agents.length, (load = erlangBLoad(obs.agents.length, this.loss)));
    this.credit += (dt * load) / (handleMs * p);
    const n = Math.floor(this.credit);
    this.credit -= n;
    return n;
  }

  observe(event: PacingEvent): void {
    if (event.type === 'resolved') {
      this.resolved++;
    } else if (event.type === 'reported' && event.live) this.wanting++;
    else if (event.type === 'abandoned') this.wanting += event.personWeight;
    else if (event.type === 'talk-ended' && event.live !== false) this.pendingTalk = event.talkMs;
    else if (event.type === 'wrap-ended') {
      this.handleSum += this.pendingTalk + event.wrapMs;
      this.handles++;
    }
  }
}
