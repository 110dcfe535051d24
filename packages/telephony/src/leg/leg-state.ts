import { StateMachine, type TransitionTable } from '@switchboard/shared';

/**
 * A call leg's life, whatever carries it (SIP, WebRTC, an internal player):
 *
 *                 ┌──────────── offered ─────────────┐  inbound INVITE arrived
 *                 │               │ ring()            │
 *     idle ───────┤               ▼                   │ answer()
 *                 │            ringing ───────────────┤
 *                 │               ▲ 18x               ▼
 *                 └──────────── calling ─── 200 ──▶ answered ◀──resume()──▶ held
 *       (idle ─▶ answered: internal and WebRTC legs)   │                      │
 *                                                      ▼                      ▼
 *   offered/calling/ringing ──CANCEL sent──▶ ending ──▶ ended ◀── BYE / reject / failure
 *
 * idle: created, nothing signalled yet. offered: an INVITE came in and waits for the
 * application. calling: we sent an INVITE. ringing: 180/183 seen (or sent). answered: media
 * flows. held: we put the far end on hold (re-INVITE, sendonly). ending: our CANCEL or BYE is
 * in flight. ended: final, with a cause.
 */
export type CallLegState = 'idle' | 'offered' | 'calling' | 'ringing' | 'answered' | 'held' | 'ending' | 'ended';

export const CALL_LEG_TRANSITIONS: TransitionTable<CallLegState> = {
  idle: ['offered', 'calling', 'answered', 'ended'],
  offered: ['ringing', 'answered', 'ending', 'ended'],
  calling: ['ringing', 'answered', 'ending', 'ended'],
  ringing: ['answered', 'ending', 'ended'],
  answered: ['held', 'ending', 'ended'],
  held: ['answered', 'ending', 'ended'],
  ending: ['ended'],
  ended: [],
};

export function callLegStateMachine(legId: string, initial: CallLegState = 'idle'): StateMachine<CallLegState> {
  return new StateMachine<CallLegState>(`leg ${legId}`, CALL_LEG_TRANSITIONS, initial);
}

/** States in which the leg is up (a 2xx was exchanged or the leg is internal). */
export function isUp(s: CallLegState): boolean {
  return s === 'answered' || s === 'held';
}

/** States before any final answer. */
export function isEarly(s: CallLegState): boolean {
  return s === 'idle' || s === 'offered' || s === 'calling' || s === 'ringing';
}
