/**
 * What happened, in a fixed vocabulary; every event also carries the state after it.
 * core's AGENT_SESSION_EVENT_NAMES says the same (core may not import protocol): the
 * server's contract test holds the two equal.
 */
export const AGENT_EVENT_NAMES = [
  'session.started',
  'voice.changed',
  'presence.changed',
  'activity.changed',
  'pending-pause.changed',
  'defaults.changed',
  'notice',
  /** A step of a transfer, consult or conference this agent is part of (the call view has the rest). */
  'transfer.changed',
  'session.ended',
] as const;
export type AgentEventName = (typeof AGENT_EVENT_NAMES)[number];

/** The event names by role, for code that acts on one (`e.name === AGENT_EVENT.sessionEnded`). */
export const AGENT_EVENT = {
  sessionStarted: 'session.started',
  voiceChanged: 'voice.changed',
  presenceChanged: 'presence.changed',
  activityChanged: 'activity.changed',
  pendingPauseChanged: 'pending-pause.changed',
  defaultsChanged: 'defaults.changed',
  notice: 'notice',
  transferChanged: 'transfer.changed',
  sessionEnded: 'session.ended',
} as const satisfies Record<string, AgentEventName>;
