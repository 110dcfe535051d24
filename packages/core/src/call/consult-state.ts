import { StateMachine, type TransitionTable } from '@switchboard/shared';

/**
 * A consult (or assisted transfer) an agent started from a connected call: the caller is held
 * (music) while the agent reaches the target; then Transfer, Merge lines or Cancel.
 *
 * ```
 *  ┌─────────┐ target answered ┌─────────┐ Transfer ┌─────────────┐
 *  │ ringing │ ──────────────▶ │ talking │ ───────▶ │ transferred │
 *  └─────────┘                 └─────────┘          └─────────────┘
 *    │  ▲  │ agent busy          │  │ Merge lines   ┌────────┐
 *    │  │  ▼                     │  └─────────────▶ │ merged │
 *    │ ┌─────────┐ agent free    │                  └────────┘
 *    │ │ waiting │ ──────────────┘ (rings again)
 *    │ └─────────┘
 *    └── no answer / busy / invalid / target hung up ──▶ failed
 *    └── Cancel, the call ended ───────────────────────▶ cancelled
 * ```
 * waiting → ringing: the busy agent is free and is rung. talking → failed: the target hung up.
 * The four ends are final; the caller is resumed on failed and cancelled.
 */
export type ConsultState = 'ringing' | 'waiting' | 'talking' | 'transferred' | 'merged' | 'failed' | 'cancelled';

export const CONSULT_TRANSITIONS: TransitionTable<ConsultState> = {
  ringing: ['talking', 'waiting', 'failed', 'cancelled'],
  waiting: ['ringing', 'failed', 'cancelled'],
  talking: ['transferred', 'merged', 'failed', 'cancelled'],
  transferred: [],
  merged: [],
  failed: [],
  cancelled: [],
};

export function consultMachine(id: string, initial: 'ringing' | 'waiting'): StateMachine<ConsultState> {
  return new StateMachine(`consult ${id}`, CONSULT_TRANSITIONS, initial);
}
