import { StateMachine, type TransitionTable } from '@switchboard/shared';

/**
 * An inbound call's telephony life (what the interaction's state does not say: whether the
 * caller is being answered, in a workflow, waiting, being offered, talking to an agent).
 *
 * ```
 *  ┌───────────┐ answered ┌──────────┐ join queue ┌────────┐  offer  ┌──────────┐ agent took it ┌─────────┐
 *  │ answering │ ───────▶ │ workflow │ ─────────▶ │ queued │ ──────▶ │ offering │ ────────────▶ │ bridged │
 *  └───────────┘          └──────────┘ ◀───────── └────────┘ ◀────── └──────────┘               └─────────┘
 *        │                     │     overflow flow    │    missed / declined │                       │
 *        │                     │                      │    / withdrawn       │                       │
 *        └─────────────────────┴──── caller gone, hang-up object ────────────┴───── call over ───────┴──▶ ended
 * ```
 */
export type InboundCallState = 'answering' | 'workflow' | 'queued' | 'offering' | 'bridged' | 'ended';

export const INBOUND_CALL_TRANSITIONS: TransitionTable<InboundCallState> = {
  answering: ['workflow', 'ended'],
  workflow: ['queued', 'ended'],
  queued: ['offering', 'workflow', 'ended'],
  offering: ['queued', 'bridged', 'ended'],
  bridged: ['ended'],
  ended: [],
};

/**
 * One manual outbound call. `agent-ringing` only on a per-call path (non-persistent call-me):
 * the agent's phone rings first and the customer is dialled once it answers.
 *
 * ```
 *  agent-ringing ──agent answers──▶ customer-ringing ──customer answers──▶ bridged ──call over──▶ ended
 *       │                                 │
 *       └── agent phone fails ──▶ failed ◀┘ customer fails / agent hangs up / cancel
 * ```
 */
export type ManualCallState = 'agent-ringing' | 'customer-ringing' | 'bridged' | 'failed' | 'ended';

export const MANUAL_CALL_TRANSITIONS: TransitionTable<ManualCallState> = {
  'agent-ringing': ['customer-ringing', 'failed'],
  'customer-ringing': ['bridged', 'failed'],
  bridged: ['ended'],
  failed: [],
  ended: [],
};

export function inboundCallMachine(id: string): StateMachine<InboundCallState> {
  return new StateMachine(`inbound call ${id}`, INBOUND_CALL_TRANSITIONS, 'answering');
}

export function manualCallMachine(id: string, initial: 'agent-ringing' | 'customer-ringing'): StateMachine<ManualCallState> {
  return new StateMachine(`manual call ${id}`, MANUAL_CALL_TRANSITIONS, initial);
}
