import type { Clock } from '@switchboard/shared';
import { requireConfig } from '../errors';
import type { PacingEvent, PacingObservation, PacingPolicy } from '../types';

/**
 * Issabel's predictor (Issabel call center, Predictor.class.php as described in dialer.md):
 * a talking agent counts as about to be free when
 *     1 - exp(-(elapsed + mean ring time) / mean talk time) >= threshold   (0.97),
 * and it places round((free + about-to-be-free - waiting - ringing) / answer rate) calls,
 * where the answer rate is answered / placed. Issabel cannot tell a person from a machine
 * without AMD, so "answered" is every call that reached the agent queue.
 * Until `warmup` calls have resolved it dials one per free agent. It runs every
 * `cycleMs` (3 s assumed: its dialer polls campaigns every few seconds).
 */
export interface IssabelConfig {
  threshold: number;
  cycleMs: number;
  warmup: number;
}

export const ISSABEL_DEFAULTS: IssabelConfig = { threshold: 0.97, cycleMs: 3000, warmup: 30 };

export class IssabelPredictorPolicy implements PacingPolicy {
  readonly name: string;
  readonly config: IssabelConfig;
  readonly cadenceMs: number;
  private placed = 0;
  private answered = 0;
  private ringSum = 0;
  private talkSum = 0;
  private talks = 0;
  private nextAt = -Infinity;

  constructor(
    private readonly clock: Clock,
    config: Partial<IssabelConfig> = {},
  ) {
    this.config = { ...ISSABEL_DEFAULTS, ...config };
    requireConfig(this.config.threshold > 0 && this.config.threshold < 1, 'threshold must be in (0, 1)');
    this.cadenceMs = this.config.cycleMs;
    this.name = config.threshold !== undefined && config.threshold !== ISSABEL_DEFAULTS.threshold ? `issabel-${this.config.threshold}` : 'issabel';
  }

  /** The whole rule, exposed for tests: calls to place for a given state and statistics. */
  static callsToPlace(args: {
    free: number;
    talkingElapsedMs: readonly number[];
    waiting: number;
    ringing: number;
    answerRate: number;
    meanRingMs: number;
    meanTalkMs: number;
    threshold: number;
  }): number {
    let soon = 0;
    for (const e of args.talkingElapsedMs) {
      if (1 - Math.exp(-(e + args.meanRingMs) / args.meanTalkMs) >= args.threshold) soon++;
    }
    const need = args.free + soon - args.waiting - args.ringing;
    if (need <= 0 || args.answerRate <= 0) return 0;
    return Math.round(need / args.answerRate);
  }

  decide(obs: PacingObservation): number {
    const now = this.clock.now();
    if (now < this.nextAt) return 0;
    this.nextAt = now + this.config.cycleMs;
    const free = obs.counts.ready;
    if (this.placed < this.config.warmup || this.answered === 0 || this.talks === 0) {
      return Math.max(0, free - obs.waiting - obs.ringingSinceMs.length);
    }
    const talking: number[] = [];
    for (const a of obs.agents) if (a.activity === 'talking') talking.push(obs.nowMs - a.sinceMs);
    return IssabelPredictorPolicy.callsToPlace({
      free,
      talkingElapsedMs: talking,
      waiting: obs.waiting,
      ringing: obs.ringingSinceMs.length,
      answerRate: this.answered / this.placed,
      meanRingMs: this.ringSum / this.answered,
      meanTalkMs: this.talkSum / this.talks,
      threshold: this.config.threshold,
    });
  }

  observe(event: PacingEvent): void {
    if (event.type === 'resolved') {
      this.placed++;
      if (event.wantsAgent) {
        this.answered++;
        this.ringSum += event.afterMs;
      }
    } else if (event.type === 'talk-ended') {
      this.talks++;
      this.talkSum += event.talkMs;
    }
  }
}
