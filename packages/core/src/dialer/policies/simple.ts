import { requireConfig } from '../errors';
import type { PacingEvent, PacingObservation, PacingPolicy } from '../types';

/**
 * Progressive (1:1): one call per free agent, counting calls already ringing
 * and live calls already waiting as spoken for. Never abandons unless a ringing
 * call and a waiting call race for the same agent.
 */
export class ProgressivePolicy implements PacingPolicy {
  readonly name = 'progressive';
  decide(obs: PacingObservation): number {
    return Math.max(0, obs.counts.ready - obs.ringingSinceMs.length - obs.waiting);
  }
  observe(_event: PacingEvent): void {}
}

/**
 * Fixed ratio: keep `ratio` lines per ready agent:
 * place round(ratio x ready) - ringing - waiting.
 */
export class FixedRatioPolicy implements PacingPolicy {
  readonly name: string;
  constructor(readonly ratio: number) {
    requireConfig(ratio >= 1 && ratio <= 10, 'fixed ratio must be within [1, 10]', { ratio });
    this.name = `fixed-${ratio.toFixed(1)}`;
  }
  decide(obs: PacingObservation): number {
    return Math.max(0, Math.round(this.ratio * obs.counts.ready) - obs.ringingSinceMs.length - obs.waiting);
  }
  observe(_event: PacingEvent): void {}
}
