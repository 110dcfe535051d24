import { PacingEstimates } from './estimators';
import type { PacingEvent } from './types';

const BINS = 61;

/**
 * Which answered call a freed agent takes first, and how likely a dropped answer was a person.
 * Without AMD the runtime cannot tell a person from a machine when a call is answered, but how
 * long it rang says a lot: people mostly answer within 15 s, machines later (the workload's
 * 17-23 s). When several answered calls wait for an agent, the runtime connects the likely
 * people first; a machine left waiting costs nothing when it is dropped at 2 s, a person left
 * waiting is an abandon.
 *
 * It learns only from what agents report (a call they found to be a person or a machine), per
 * ring second, over the last `window` reports: a ring second is "likely machine" when more than
 * half the reported answers after that long were machines, once `minMachines` machines have been
 * reported. The same table gives P(person | ring time) and its standard error, which the abandon
 * ledger counts for a drop taken for a machine (AbandonAccounting).
 */
export class AnswerRouter {
  private readonly est: PacingEstimates;
  private likely = new Uint8Array(BINS);
  private person = new Float64Array(BINS).fill(1);
  private personSd = new Float64Array(BINS);
  private seen = 0;

  constructor(
    window = 2000,
    private readonly minMachines = 30,
    private readonly refreshEvery = 100,
  ) {
    this.est = new PacingEstimates(window);
  }

  observe(e: PacingEvent): void {
    if (e.type !== 'resolved' && e.type !== 'reported') return;
    this.est.observe(e);
    if (++this.seen % this.refreshEvery === 0 && this.est.reportedMachines >= this.minMachines) {
      const table = this.est.machineGivenAnswerTable();
      const sd = this.est.machineGivenAnswerSdTable();
      for (let i = 0; i < table.length; i++) {
        this.likely[i] = table[i]! > 0.5 ? 1 : 0;
        this.person[i] = 1 - table[i]!;
        this.personSd[i] = sd[i]!;
      }
    }
  }

  /** True when a call answered after `answeredAfterMs` of ringing is more likely a machine than a person. */
  likelyMachine(answeredAfterMs: number): boolean {
    return this.likely[bin(answeredAfterMs)] === 1;
  }

  /**
   * P(person | answered after `answeredAfterMs`) as last learnt, with its standard error
   * (1 and 0 until enough machines were reported: every answer is then taken for a person).
   */
  personProbability(answeredAfterMs: number): { p: number; sd: number } {
    const i = bin(answeredAfterMs);
    return { p: this.person[i]!, sd: this.personSd[i]! };
  }
}

function bin(ms: number): number {
  return Math.min(BINS - 1, Math.max(0, Math.floor(ms / 1000)));
}
