import { StateMachine, type TransitionTable } from '@switchboard/shared';
import type { AgentSessionActivity } from './types';

/**
 * Activity: layer two, what the system is doing with the agent. Outside an
 * interaction it mirrors the voice path (no-voice / connecting-voice / idle);
 * inside one it follows the call (offered, on-call, wrap) or the dialler's
 * lead (previewing, dialling).
 *
 * ```
 *                 connect             voiceConnected
 *  ┌──────────┐ ─────────▶ ┌──────────────────┐ ─────────▶ ┌──────┐
 *  │ no-voice │            │ connecting-voice │            │ idle │
 *  └──────────┘ ◀───────── └──────────────────┘            └──────┘
 *       ▲     failed / cancel / skip                 offer │   │ preview │ dial
 *       │                                                  ▼   ▼         ▼
 *       │ voice dropped                        ┌─────────┐ ┌────────────┐ dial ┌──────────┐
 *       │ (idle, offered,                      │ offered │ │ previewing │ ───▶ │ dialling │
 *       │  previewing, dialling)               └─────────┘ └────────────┘ ◀─── └──────────┘
 *       │                                     answer │             next number │ answered
 *       │                                            ▼                         │
 *       │                                      ┌─────────┐ ◀───────────────────┘
 *       │                                      │ on-call │
 *       │                                      └─────────┘
 *       │                                     ended │ (also when the voice path drops)
 *       │                                           ▼
 *       └──────── wrapDone, no voice ───────── ┌──────┐ ── wrapDone, voice up ──▶ idle
 *                                              │ wrap │ ── wrapDone, reconnecting ──▶ connecting-voice
 *                                              └──────┘ ◀── failed campaign dial (from dialling)
 *
 *  back to idle: offered (declined / missed / withdrawn), previewing (ended),
 *                dialling (failed manual dial)
 * ```
 *
 * Why these moves:
 * - idle means "voice connected, nothing open": only idle can be offered a
 *   call, start a preview or dial; a re-connect with another method goes
 *   through no-voice (disconnect first).
 * - offered → idle covers decline, ring-no-answer (the session then auto
 *   pauses) and the caller hanging up first; offered → no-voice is the voice
 *   path dropping while it rang (the call goes back to the queue).
 * - on-call only ends in wrap, even when it ended because the agent's voice
 *   dropped: a finished call always gets its outcome.
 * - wrap ends in whatever the voice path is by then: idle, no-voice, or
 *   connecting-voice if the agent started re-connecting during wrap; or
 *   back in on-call when a blind transfer failed and the caller came back.
 * - dialling → previewing lets a preview agent try the lead's next number
 *   after a failed dial; dialling → wrap records an outcome for a failed
 *   campaign dial; dialling → idle is a failed manual dial.
 * - previewing/dialling → no-voice: the voice path dropped; the lead is returned.
 */
export const ACTIVITY_TRANSITIONS: TransitionTable<AgentSessionActivity> = {
  'no-voice': ['connecting-voice'],
  'connecting-voice': ['idle', 'no-voice'],
  idle: ['offered', 'previewing', 'dialling', 'no-voice'],
  offered: ['on-call', 'idle', 'no-voice'],
  'on-call': ['wrap'],
  // wrap → on-call: a blind transfer failed and the caller came back to the agent still wrapping it.
  wrap: ['idle', 'no-voice', 'connecting-voice', 'on-call'],
  previewing: ['dialling', 'idle', 'no-voice'],
  dialling: ['on-call', 'idle', 'previewing', 'wrap', 'no-voice'],
};

export function createActivityMachine(initial: AgentSessionActivity = 'no-voice'): StateMachine<AgentSessionActivity> {
  return new StateMachine('activity', ACTIVITY_TRANSITIONS, initial);
}
