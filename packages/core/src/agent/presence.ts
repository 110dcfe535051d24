import { StateMachine, type TransitionTable } from '@switchboard/shared';
import { SYSTEM_PAUSE_REASONS } from '../workspace/types';
import type { AgentPauseReason, AgentPresence, AgentPresenceKind } from './types';

/**
 * Presence: layer one, what the agent chose (plus "Auto Pause", which only
 * the system chooses). It says nothing about voice or calls; the dot and
 * routing combine it with the activity.
 *
 * ```
 *   login ──▶ paused("Not Ready")
 *
 *          set-available
 *   ┌──────────┐ ◀──────── ┌──────────────────┐ ──┐ pause(other reason),
 *   │available │           │ paused(reason)   │   │ autoPause()
 *   └──────────┘ ────────▶ └──────────────────┘ ◀─┘
 *          pause(reason) / autoPause()
 * ```
 * paused → paused is a change of reason; available → available is not a move.
 */
export const PRESENCE_TRANSITIONS: TransitionTable<AgentPresenceKind> = {
  available: ['paused'],
  paused: ['available', 'paused'],
};

export const NOT_READY_REASON: AgentPauseReason = { ...SYSTEM_PAUSE_REASONS.notReady, system: true };
export const AUTO_PAUSE_REASON: AgentPauseReason = { ...SYSTEM_PAUSE_REASONS.autoPause, system: true };

export function presenceKey(p: AgentPresence): string {
  return p.kind === 'available' ? 'available' : `paused:${p.reason.id}`;
}

/** The presence machine with its one piece of data, the pause reason. */
export class PresenceMachine {
  private readonly machine: StateMachine<AgentPresenceKind>;
  private reason: AgentPauseReason | null;

  constructor(initial: AgentPresence = { kind: 'paused', reason: NOT_READY_REASON }) {
    this.machine = new StateMachine('presence', PRESENCE_TRANSITIONS, initial.kind);
    this.reason = initial.kind === 'paused' ? initial.reason : null;
  }

  get kind(): AgentPresenceKind {
    return this.machine.state;
  }

  get value(): AgentPresence {
    return this.reason ? { kind: 'paused', reason: { ...this.reason } } : { kind: 'available' };
  }

  /** True when `p` is what the presence already is (same kind and reason). */
  is(p: AgentPresence): boolean {
    return presenceKey(p) === presenceKey(this.value);
  }

  /** Moves to `p`; throws IllegalTransitionError on a move the table forbids. */
  set(p: AgentPresence): void {
    this.machine.transition(p.kind);
    this.reason = p.kind === 'paused' ? { ...p.reason } : null;
  }
}
