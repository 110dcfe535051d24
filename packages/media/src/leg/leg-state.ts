import { StateMachine, type TransitionTable } from '@switchboard/shared';

/**
 * A media leg's life:
 *
 *     idle ──setRemote()/first packet──▶ active
 *      │                                   │
 *      └──────────── close() ──────────────┴──▶ closed
 *
 * idle: port bound, far end unknown (nothing is sent). active: we know where
 * to send (from SDP or latched from the first packet). closed: sockets gone.
 */
export type LegState = 'idle' | 'active' | 'closed';

export const LEG_TRANSITIONS: TransitionTable<LegState> = {
  idle: ['active', 'closed'],
  active: ['closed'],
  closed: [],
};

export function legStateMachine(id: string): StateMachine<LegState> {
  return new StateMachine<LegState>(`media-leg ${id}`, LEG_TRANSITIONS, 'idle');
}

/** SDP direction, from our side: what this leg may do. */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export function canSend(d: MediaDirection): boolean {
  return d === 'sendrecv' || d === 'sendonly';
}

export function canReceive(d: MediaDirection): boolean {
  return d === 'sendrecv' || d === 'recvonly';
}
