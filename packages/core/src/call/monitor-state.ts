import { StateMachine, type TransitionTable } from '@switchboard/shared';

/** What a supervisor does on a call: hear it, speak to the agent alone, or join it. */
export type MonitorMode = 'listen' | 'whisper' | 'barge';

/**
 * A supervisor monitoring one agent's live call over their own voice path (manual 17, issue
 * 20.4). The supervisor's phone rings first; once it answers the supervisor is in the call's
 * bridge in the mode asked for, and may switch between modes as often as they like.
 *
 * ```
 *                  answered        ┌───────────┐
 *  ┌─────────┐ ─────────────────▶ │ listening │◀─┐
 *  │ calling │ ─────────────────▶ │whispering │◀─┼─ switch (any of the three
 *  └─────────┘ ─────────────────▶ │  barging  │◀─┘   to any other)
 *       │                          └───────────┘
 *       │ no answer, Stop,              │ Stop, the supervisor hung up,
 *       └──── the call ended ───────────┴──── the call ended ─────▶ ended
 * ```
 * `ended` is final: the supervisor's leg is hung up, the call goes on untouched.
 */
export type MonitorState = 'calling' | 'listening' | 'whispering' | 'barging' | 'ended';

export const MONITOR_TRANSITIONS: TransitionTable<MonitorState> = {
  calling: ['listening', 'whispering', 'barging', 'ended'],
  listening: ['whispering', 'barging', 'ended'],
  whispering: ['listening', 'barging', 'ended'],
  barging: ['listening', 'whispering', 'ended'],
  ended: [],
};

export const MONITOR_STATE_OF: Readonly<Record<MonitorMode, MonitorState>> = { listen: 'listening', whisper: 'whispering', barge: 'barging' };

export function monitorMachine(id: string): StateMachine<MonitorState> {
  return new StateMachine(`monitor ${id}`, MONITOR_TRANSITIONS, 'calling');
}
