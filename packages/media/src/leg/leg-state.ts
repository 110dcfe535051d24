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
export type MediaLegState = 'idle' | 'active' | 'closed';

export const MEDIA_LEG_TRANSITIONS: TransitionTable<MediaLegState> = {
  idle: ['active', 'closed'],
  active: ['closed'],
  closed: [],
};

export function mediaLegStateMachine(id: string): StateMachine<MediaLegState> {
  return new StateMachine<MediaLegState>(`media-leg ${id}`, MEDIA_LEG_TRANSITIONS, 'idle');
}

/** SDP direction, from our side: what this leg may do. */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export function canSend(d: MediaDirection): boolean {
  return d === 'sendrecv' || d === 'sendonly';
}

export function canReceive(d: MediaDirection): boolean {
  return d === 'sendrecv' || d === 'recvonly';
}
