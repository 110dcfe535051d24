import { AGENT_ALLOWED_ACTIONS, type AgentSessionActivity, type AgentAllowedAction, type AgentPauseReason, type AgentPresence, type AgentVoiceStatus } from './types';

/** The facts the rules look at (a slice of the session). */
export interface AgentRuleInput {
  ended: boolean;
  presence: AgentPresence;
  activity: AgentSessionActivity;
  voice: AgentVoiceStatus;
  prompt: boolean;
  pendingPause: AgentPauseReason | null;
  selectableReasons: number;
}

/** Activities in which signing out is refused: a live call, or a finished one still to wrap. */
export const SIGN_OUT_BLOCKED: readonly AgentSessionActivity[] = ['offered', 'on-call', 'dialling', 'wrap'];

/**
 * What the agent may do now, in the protocol's order. The adapter renders
 * buttons from this and the session refuses anything not in it.
 *
 * - connect-voice: no voice path and no attempt under way (none or failed),
 *   in or out of an interaction (a dropped agent may reconnect during wrap).
 * - skip-voice: the Phone Connection screen is up and not yet connected.
 * - disconnect-voice: cancel an attempt at any time; hang up a connected
 *   path only when idle (never under an open interaction).
 * - set-available: paused, or a pause is pending (Available replaces it).
 * - pause: whenever there is a reason to pick (during an interaction it
 *   goes to the pending slot).
 * - clear-pending: a pause is pending.
 * - sign-out: not with a call ringing, live, being dialled or unwrapped.
 */
export function allowedActions(s: AgentRuleInput): AgentAllowedAction[] {
  if (s.ended) return [];
  const ok: Record<AgentAllowedAction, boolean> = {
    'connect-voice': s.voice === 'none' || s.voice === 'failed',
    'skip-voice': s.prompt && s.voice !== 'connected',
    'disconnect-voice': s.voice === 'connecting' || (s.voice === 'connected' && s.activity === 'idle'),
    'set-available': s.presence.kind === 'paused' || s.pendingPause !== null,
    pause: s.selectableReasons > 0,
    'clear-pending': s.pendingPause !== null,
    'sign-out': !SIGN_OUT_BLOCKED.includes(s.activity),
  };
  return AGENT_ALLOWED_ACTIONS.filter((a) => ok[a]);
}

/** Red whenever there is no connected voice path; else green available, orange paused. */
export function dotFor(voice: AgentVoiceStatus, presence: AgentPresence): 'green' | 'orange' | 'red' {
  if (voice !== 'connected') return 'red';
  return presence.kind === 'available' ? 'green' : 'orange';
}

/** The words beside the dot: the voice problem first, else what the agent chose. */
export function statusTextFor(voice: AgentVoiceStatus, presence: AgentPresence): string {
  if (voice === 'connecting') return 'Connecting voice';
  if (voice !== 'connected') return 'Disconnected';
  return presence.kind === 'available' ? 'Available' : `Paused: ${presence.reason.name}`;
}
