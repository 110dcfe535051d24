import type { AgentSessionView } from './types';

/** Same names as protocol's agentEventNameSchema. */
export const AGENT_SESSION_EVENT_NAMES = [
  'session.started',
  'voice.changed',
  'presence.changed',
  'activity.changed',
  'pending-pause.changed',
  'defaults.changed',
  'notice',
  'transfer.changed',
  'session.ended',
] as const;
export type AgentSessionEventName = (typeof AGENT_SESSION_EVENT_NAMES)[number];

/** A toast for the agent (same shape as protocol's Notice). */
export interface AgentNotice {
  level: 'info' | 'success' | 'warning' | 'error';
  code: string;
  message: string;
}

/** What the store writes as one audit row (protocol's AuditRow without id/at/agentId/sessionId). */
export interface AgentAuditEntry {
  kind: 'session' | 'voice' | 'presence' | 'activity' | 'pending-pause' | 'defaults' | 'notice' | 'transfer';
  from: string | null;
  to: string | null;
  detail: Record<string, unknown> | null;
}

/**
 * One change. `seq` starts at 1 (session.started) and grows by exactly one
 * per event in this session. Without `audit` it is protocol's AgentEvent
 * shape, so the server can forward it as is. `state` is the view right after
 * this change (null on session.ended).
 */
export interface AgentSessionEvent {
  seq: number;
  /** ISO time from the session's Clock. */
  at: string;
  name: AgentSessionEventName;
  notice?: AgentNotice;
  state: AgentSessionView | null;
  audit: AgentAuditEntry;
}

export type AgentSessionEvents = {
  event: AgentSessionEvent;
};
