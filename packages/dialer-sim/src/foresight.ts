import type { Clock } from '@switchboard/shared';
import { SwitchboardPacingPolicy, type PacingAgentView, type SwitchboardPacingConfig } from '@switchboard/core';

/**
 * SIMULATION ONLY: an oracle. Switchboard's pacing told, for every busy agent, the instant
 * the agent will be free (the simulator's ground truth: the drawn talk time plus wrap, or the
 * machine's handling time), instead of estimating it from the talk-time distribution.
 *
 * It answers one question: how much of the gap to the clairvoyant bound is not knowing when
 * agents free up, and how much is not knowing which calls people answer and when. If this
 * policy does no better than Switchboard, better agent prediction cannot close the gap. It
 * still knows nothing of the calls (who answers, when), unlike the clairvoyant bound.
 */
export class ForesightSwitchboardPolicy extends SwitchboardPacingPolicy {
  constructor(
    clock: Clock,
    private readonly freeAt: WeakMap<PacingAgentView, number>,
    config: Partial<SwitchboardPacingConfig> = {},
  ) {
    super(clock, config);
  }

  protected override busyAgentQ(a: PacingAgentView, nowMs: number): number {
    const t = this.freeAt.get(a);
    return t === undefined ? super.busyAgentQ(a, nowMs) : this.qForKnownFreeIn((t - nowMs) / 1000);
  }
}
