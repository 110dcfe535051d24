import { AnswerRouter } from '../answer-router';
import type { PacingEvent } from '../types';
import { AbandonLedger } from './abandon-ledger';

/**
 * What the runtime writes in the abandon ledger, from what it observes only (the same code in
 * the simulator and on live calls):
 * - a connected call its agent reports a person: one live answer;
 * - a drop (an answer that found no agent within 2 s) the runtime took for a person: one live
 *   answer, abandoned;
 * - a drop it took for a machine (AnswerRouter, from the ring time): P(person | ring time) of a
 *   live answer and of an abandon, from the router's own estimator, with that estimate's
 *   uncertainty (the ledger carries it into the tally's `estimateVariance`);
 * - an AMD machine verdict (UK: the false-positive estimate is added at tally time).
 * Calls agents report as machines are no live answers.
 */
export class AbandonAccounting {
  constructor(
    readonly router: AnswerRouter = new AnswerRouter(),
    readonly ledger: AbandonLedger = new AbandonLedger(),
  ) {}

  /** Everything the runtime reports; the router learns from resolutions and agents' reports. */
  observe(e: PacingEvent): void {
    this.router.observe(e);
  }

  /** Whether the runtime takes an answer after this much ringing for a machine (routes it last). */
  likelyMachine(answeredAfterMs: number): boolean {
    return this.router.likelyMachine(answeredAfterMs);
  }

  /** An agent reported the call a person. */
  personReported(at: number): void {
    this.ledger.recordLive(at, false);
  }

  /**
   * An answer dropped at `at` after ringing `answeredAfterMs`; `takenForMachine` is the runtime's
   * routing guess made when it was answered. Returns how much it counted as a person's abandon.
   */
  dropped(at: number, answeredAfterMs: number, takenForMachine: boolean): number {
    if (!takenForMachine) {
      this.ledger.recordLive(at, true);
      return 1;
    }
    const { p, sd } = this.router.personProbability(answeredAfterMs);
    this.ledger.recordEstimatedDrop(at, p, sd);
    return p;
  }

  amdMachine(at: number): void {
    this.ledger.recordAmdMachine(at);
  }
}
