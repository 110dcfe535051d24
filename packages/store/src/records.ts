import type { AgentConfig, CampaignConfig, QueueConfig, StaffConfig, TeamConfig } from '@switchboard/core';
import type { PauseReason, Role, VoiceDefaults } from '@switchboard/protocol';

/** What the store hands back. Times are epoch milliseconds (as `Clock.now()`). */

export interface StoredAgent extends AgentConfig {
  /** False once the agent was removed from the workspace file (the row is kept). */
  active: boolean;
}

export interface StoredStaff extends StaffConfig {
  active: boolean;
}

export interface StoredCampaign extends CampaignConfig {
  active: boolean;
}

export interface StoredQueue extends QueueConfig {
  active: boolean;
}

export interface StoredTeam extends TeamConfig {
  active: boolean;
}

export type { PauseReason, VoiceDefaults };

/** A pause reason as stored: what the agent sees, and whether agents paused with it take transfers. */
export interface StoredPauseReason extends PauseReason {
  takesTransfers: boolean;
}

/** Anyone who can log in: an agent or a staff member (supervisor, admin). */
export interface UserRecord {
  id: string;
  kind: 'agent' | 'staff';
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  teamId: string | null;
}

export interface WorkspaceSettings {
  name: string;
  region: string;
  callInNumber: string;
}

export interface AuditInput {
  at: number;
  agentId: string;
  sessionId?: string | null;
  /** What changed, e.g. 'presence', 'activity', 'voice', 'login'. */
  kind: string;
  from?: string | null;
  to?: string | null;
  detail?: Record<string, unknown> | null;
}

export interface AuditEntry {
  id: number;
  at: number;
  agentId: string;
  sessionId: string | null;
  kind: string;
  from: string | null;
  to: string | null;
  detail: Record<string, unknown> | null;
}

export interface TokenInput {
  /** SHA-256 (hex) of the bearer token; the token itself is never stored. */
  tokenHash: string;
  userId: string;
  role: Role;
  expiresAt: number;
}

export interface TokenRecord extends TokenInput {
  createdAt: number;
  revoked: boolean;
}

export interface ApplyCounts {
  /** Rows inserted or updated from the file. */
  upserted: number;
  /** Rows no longer in the file, now marked inactive. */
  deactivated: number;
}

export interface ApplyWorkspaceResult {
  teams: ApplyCounts;
  pauseReasons: ApplyCounts;
  agents: ApplyCounts;
  staff: ApplyCounts;
  campaigns: ApplyCounts;
  queues: ApplyCounts;
}

/** Where a phone credential came from: seeded from the shared SIP_PHONE_PASSWORD, or issued to the agent (shown once). */
export type PhoneCredentialOrigin = 'shared' | 'issued';

/** One digest user name's stored HA1s (as Kamailio's subscriber table: never the password). */
export interface PhoneCredential {
  realm: string;
  /** The name the phone authenticates as (the agent's username or agent number). */
  user: string;
  agentId: string;
  ha1Md5: string;
  ha1Sha256: string;
  origin: PhoneCredentialOrigin;
  createdAt: number;
}
