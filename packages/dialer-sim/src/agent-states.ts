import { IllegalTransitionError, type TransitionTable } from '@switchboard/shared';

/**
 * A simulated agent's states and the moves between them.
 *
 *            connect (person)          talk ends
 *   ready ───────────────────▶ talking ──────────▶ wrap
 *     ▲ │  connect (machine)                         │
 *     │ └──────────────────▶ machine ──┐             │ wrap ends
 *     │                                │ hangs up    │
 *     ├────────────────────────────────┴─────────────┘
 *     │  (a ready agent with a call waiting is connected at once)
 *     │  pause ends
 *   paused ◀── pause starts (when ready, or after wrap / a machine)
 */
export type SimAgentState = 'ready' | 'talking' | 'machine' | 'wrap' | 'paused';

export const SIM_AGENT_TRANSITIONS: TransitionTable<SimAgentState> = {
  ready: ['talking', 'machine', 'paused'],
  talking: ['wrap'],
  machine: ['ready', 'paused'],
  wrap: ['ready', 'paused'],
  paused: ['ready'],
};

/** The simulator's numeric codes for the states, in this order. */
export const SIM_AGENT_STATES: readonly SimAgentState[] = ['ready', 'talking', 'machine', 'wrap', 'paused'];

const allowed: boolean[][] = SIM_AGENT_STATES.map((from) => SIM_AGENT_STATES.map((to) => SIM_AGENT_TRANSITIONS[from].includes(to)));

/** The one guarded move, on numeric codes (hot path): throws IllegalTransitionError on a move the table forbids. */
export function checkAgentMove(from: number, to: number): void {
  if (!allowed[from]![to]) throw new IllegalTransitionError('sim-agent', SIM_AGENT_STATES[from]!, SIM_AGENT_STATES[to]!);
}
