import { TypedEmitter, type Clock, type TimerHandle } from '@switchboard/shared';
import { InteractionActionError, InteractionValidationError } from '../interaction/errors';
import type { Interaction } from '../interaction/interaction';

/** The agent side of a wrap: AgentSession satisfies it (wrapDone applies any pending pause). */
export interface WrapAgent {
  wrapDone(): void;
}

export interface WrapOutcomeOption {
  id: string;
  name: string;
  default: boolean;
}

export interface WrapTimerView {
  interactionId: string;
  outcomes: WrapOutcomeOption[];
  /** Epoch ms the countdown runs out; null: no auto-wrap. */
  deadline: number | null;
  /** Whole seconds left (rounded up), null without auto-wrap. */
  remainingSeconds: number | null;
  canExtend: boolean;
  /** The "+N seconds" the Extend button adds. */
  extendSeconds: number | null;
  /** An outcome must be chosen before "Wrap call" when the campaign has wrap codes. */
  outcomeRequired: boolean;
  done: boolean;
}

export interface WrapTimerEvents {
  [k: string]: unknown;
  changed: WrapTimerView;
  wrapped: { interactionId: string; outcomeId: string | null; by: 'agent' | 'auto' | 'system' };
}

/**
 * Wrap and auto-wrap (manual 10, 11) for one interaction. The countdown runs
 * through Clock; when it runs out the campaign's default outcome is applied
 * and the agent is released through WrapAgent.wrapDone() (their pending pause,
 * if any, still wins there). "Extend" adds the campaign's seconds once, then is
 * gone. Every way out (agent, auto, system) happens exactly once.
 */
export class WrapTimer extends TypedEmitter<WrapTimerEvents> {
  private timer: TimerHandle | undefined;
  private deadline: number | null = null;
  private finished = false;

  constructor(
    private readonly clock: Clock,
    readonly interaction: Interaction,
    private readonly agent: WrapAgent,
  ) {
    super();
  }

  /** Starts the wrap (the interaction must be in wrap, or a failed campaign dial). */
  start(): WrapTimerView {
    const secs = this.interaction.campaign?.autoWrapSeconds ?? null;
    this.deadline = secs !== null && secs > 0 ? this.clock.now() + secs * 1000 : null;
    this.interaction.wrapStarted(this.deadline);
    if (this.deadline !== null) this.arm();
    // A campaign with auto-wrap 0 wraps at once with its default.
    if (secs === 0) this.finish(this.defaultOutcome(), 'auto');
    else this.emit('changed', this.view());
    return this.view();
  }

  /** "Extend" (once): adds the campaign's extendSeconds to the countdown. */
  extend(): WrapTimerView {
    if (!this.view().canExtend) throw new InteractionActionError('Wrap time cannot be extended now');
    const add = (this.interaction.campaign?.extendSeconds ?? 0) * 1000;
    this.deadline = (this.deadline ?? this.clock.now()) + add;
    this.interaction.wrapExtended(this.deadline);
    this.arm();
    const v = this.view();
    this.emit('changed', v);
    return v;
  }

  /** "Wrap call" with an outcome from the dropdown. */
  wrap(outcomeId: string | null): void {
    if (this.finished) throw new InteractionActionError('This call is already wrapped');
    const codes = this.interaction.campaign?.wrapCodes ?? [];
    if (outcomeId === null || outcomeId === undefined || outcomeId === '') {
      if (codes.length > 0) throw new InteractionValidationError('Choose an outcome before wrapping the call');
      return this.finish(null, 'agent');
    }
    if (!codes.some((c) => c.id === outcomeId)) {
      throw new InteractionValidationError(`"${String(outcomeId)}" is not an outcome of this campaign`, { outcomeId });
    }
    this.finish(outcomeId, 'agent');
  }

  /** The server closes the wrap itself (session forced to end, shutdown): default outcome, no agent release. */
  closeBySystem(): void {
    if (this.finished) return;
    this.finish(this.defaultOutcome(), 'system', false);
  }

  /**
   * The call came back before it was wrapped (a failed blind transfer brought the caller back):
   * the countdown stops and this wrap is void; a new one starts when the call ends again.
   */
  withdraw(): void {
    if (this.finished) return;
    this.finished = true;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  get done(): boolean {
    return this.finished;
  }

  view(): WrapTimerView {
    const c = this.interaction.campaign;
    const remaining = this.deadline === null ? null : Math.max(0, Math.ceil((this.deadline - this.clock.now()) / 1000));
    return {
      interactionId: this.interaction.id,
      outcomes: (c?.wrapCodes ?? []).map((w) => ({ id: w.id, name: w.name, default: w.id === c?.defaultWrapCodeId })),
      deadline: this.deadline,
      remainingSeconds: remaining,
      canExtend: !this.finished && this.deadline !== null && !!c?.extendSeconds && !this.interaction.wrap.extended,
      extendSeconds: c?.extendSeconds ?? null,
      outcomeRequired: (c?.wrapCodes.length ?? 0) > 0,
      done: this.finished,
    };
  }

  private defaultOutcome(): string | null {
    return this.interaction.campaign?.defaultWrapCodeId ?? null;
  }

  private arm(): void {
    this.clock.clearTimeout(this.timer);
    if (this.deadline === null) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (!this.finished) this.finish(this.defaultOutcome(), 'auto');
    }, this.deadline - this.clock.now());
  }

  private finish(outcomeId: string | null, by: 'agent' | 'auto' | 'system', releaseAgent = true): void {
    this.finished = true;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.interaction.wrapped(outcomeId, by);
    if (releaseAgent) this.agent.wrapDone();
    this.emit('wrapped', { interactionId: this.interaction.id, outcomeId, by });
    this.emit('changed', this.view());
  }
}
