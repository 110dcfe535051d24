import { StateMachine, type TransitionTable } from '@switchboard/shared';

export const INTERACTION_STATES = ['ivr', 'queued', 'offered', 'dialling', 'connected', 'wrap', 'closed', 'failed', 'abandoned'] as const;
export type InteractionState = (typeof INTERACTION_STATES)[number];

/**
 * The life of one interaction (a call and its legs), inbound and outbound.
 *
 * ```
 *  inbound:
 *  ┌─────┐ join queue ┌────────┐  offer   ┌─────────┐ answer ┌───────────┐ ended ┌──────┐ wrapped ┌────────┐
 *  │ ivr │ ─────────▶ │ queued │ ───────▶ │ offered │ ─────▶ │ connected │ ────▶ │ wrap │ ──────▶ │ closed │
 *  └─────┘            └────────┘ ◀─────── └─────────┘        └───────────┘       └──────┘         └────────┘
 *    │ │                  │   not answered /   │                                    ▲                ▲
 *    │ └── hang-up object, callback stored, ───┼────────────────────────────────────┼────────────────┘
 *    │     caller hung up in the IVR           │                                    │
 *    ▼                    ▼                    ▼                                    │
 *  ┌───────────────────────────────────────────────┐                                │
 *  │ abandoned (caller hung up in queue or ringing)│                                │
 *  └───────────────────────────────────────────────┘                                │
 *  outbound:                                                                        │
 *  ┌──────────┐ answered ───▶ connected                                             │
 *  │ dialling │ ─ no answer / busy / invalid / rejected ─▶ ┌────────┐ ── outcome ───┘
 *  └──────────┘                                            │ failed │ ── nothing to wrap ──▶ closed
 *        └── customer answered, no agent (predictive) ───▶ abandoned
 * ```
 *
 * Why: ivr → closed covers the caller hanging up in the IVR, a hang-up object
 * and a stored callback (none of them is an abandoned queue call, which is a
 * service-level figure). offered → queued is a ring-no-answer or a declined
 * offer: the call goes back with its position. A failed campaign dial may
 * still need an outcome (failed → wrap); a failed manual dial closes.
 */
export const INTERACTION_TRANSITIONS: TransitionTable<InteractionState> = {
  ivr: ['queued', 'closed', 'abandoned'],
  queued: ['offered', 'abandoned', 'closed'],
  // offered → closed: a call handed on to this agent (transfer, consult) that they did not take.
  offered: ['connected', 'queued', 'abandoned', 'closed'],
  dialling: ['connected', 'failed', 'abandoned'],
  connected: ['wrap'],
  // wrap → connected: a blind transfer failed and the caller came back while the agent wrapped.
  wrap: ['closed', 'connected'],
  failed: ['wrap', 'closed'],
  abandoned: [],
  closed: [],
};

/** States after which nothing more happens to the interaction. */
export const FINAL_INTERACTION_STATES: readonly InteractionState[] = ['closed', 'abandoned'];

export function createInteractionMachine(id: string, initial: InteractionState): StateMachine<InteractionState> {
  return new StateMachine(`interaction ${id}`, INTERACTION_TRANSITIONS, initial);
}
