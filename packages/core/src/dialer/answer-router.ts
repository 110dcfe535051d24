import { PacingEstimates } from './estimators';
import type { PacingEvent } from './types';

/**
 * Which answered call a freed agent takes first. Without AMD the runtime cannot tell a
 * person from a machine when a call is answered, but how long it rang says a lot: people
 * mostly answer within 15 s, machines later (the workload's 17-23 s). When several answered
 * calls wait for an agent, the runtime connects the likely people first; a machine left
 * waiting costs nothing when it is dropped at 2 s, a person left waiting is an abandon.
 *
 * It learns from what agents report (a call they found to be a machine): a ring second is
 * "likely machine" when more than half the calls answered after that long were machines,
 * over the last `window` resolved calls, once `minMachines` machines have been seen.
 */
export class AnswerRouter {
  private readonly est: PacingEstimates;
  private likely = new Uint8Array(61);
  private seen = 0;
  private machines = 0;

  constructor(
    window = 2000,
    private readonly minMachines = 30,
    private readonly refreshEvery = 100,
  ) {
    this.est = new PacingEstimates(window);
  }

  observe(e: PacingEvent): void {
    if (e.type !== 'resolved') return;
    this.est.observe(e);
    if (e.wantsAgent && e.kind !== 'live') this.machines++;
    if (++this.seen % this.refreshEvery === 0 && this.machines >= this.minMachines) {
      const table = this.est.machineGivenAnswerTable();
      for (let i = 0; i < table.length; i++) this.likely[i] = table[i]! > 0.5 ? 1 : 0;
    }
  }

  /** True when a call answered after `answeredAfterMs` of ringing is more likely a machine than a person. */
  likelyMachine(answeredAfterMs: number): boolean {
    return this.likely[Math.min(60, Math.max(0, Math.floor(answeredAfterMs / 1000)))] === 1;
  }
}
