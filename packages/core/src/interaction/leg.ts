import { StateMachine, type TransitionTable } from '@switchboard/shared';

export const LEG_STATES = ['connecting', 'connected', 'held', 'ended'] as const;
export type LegState = (typeof LEG_STATES)[number];

/** Who is on the other end of a leg. Third parties come with consult/conference. */
export type LegRole = 'customer' | 'agent' | 'third-party' | 'supervisor';

/**
 * One party's connection to an interaction.
 *
 * ```
 *  ┌────────────┐ answered ┌───────────┐  hold   ┌──────┐
 *  │ connecting │ ───────▶ │ connected │ ──────▶ │ held │
 *  └────────────┘          └───────────┘ ◀────── └──────┘
 *        │                       │        resume    │
 *        │ failed / cancelled    │ hung up          │ hung up
 *        ▼                       ▼                  ▼
 *  ┌───────────────────────────────────────────────────┐
 *  │                       ended                       │
 *  └───────────────────────────────────────────────────┘
 * ```
 * A held leg can still hang up; nothing comes back from ended (a new leg is a new id).
 */
export const LEG_TRANSITIONS: TransitionTable<LegState> = {
  connecting: ['connected', 'ended'],
  connected: ['held', 'ended'],
  held: ['connected', 'ended'],
  ended: [],
};

export interface LegView {
  id: string;
  role: LegRole;
  /** Agent id for agent legs, else null. */
  agentId: string | null;
  /** E.164 or SIP user, when known. */
  number: string | null;
  state: LegState;
  /** Epoch ms. */
  startedAt: number;
  connectedAt: number | null;
  endedAt: number | null;
  endCause: string | null;
}

export class Leg {
  private readonly machine: StateMachine<LegState>;
  connectedAt: number | null = null;
  endedAt: number | null = null;
  endCause: string | null = null;

  constructor(
    readonly id: string,
    readonly role: LegRole,
    readonly agentId: string | null,
    readonly number: string | null,
    readonly startedAt: number,
    initial: 'connecting' | 'connected',
  ) {
    this.machine = new StateMachine<LegState>(`leg ${id}`, LEG_TRANSITIONS, initial);
    if (initial === 'connected') this.connectedAt = startedAt;
  }

  get state(): LegState {
    return this.machine.state;
  }

  get live(): boolean {
    return this.machine.state !== 'ended';
  }

  /** Throws IllegalTransitionError on a move the table forbids. */
  move(to: LegState, at: number, cause?: string): void {
    this.machine.transition(to);
    if (to === 'connected' && this.connectedAt === null) this.connectedAt = at;
    if (to === 'ended') {
      this.endedAt = at;
      this.endCause = cause ?? 'hangup';
    }
  }

  view(): LegView {
    return {
      id: this.id,
      role: this.role,
      agentId: this.agentId,
      number: this.number,
      state: this.state,
      startedAt: this.startedAt,
      connectedAt: this.connectedAt,
      endedAt: this.endedAt,
      endCause: this.endCause,
    };
  }
}
