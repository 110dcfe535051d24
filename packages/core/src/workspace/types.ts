/**
 * The workspace as the domain sees it: what an operator declares in the YAML
 * workspace file (validated and loaded by the store) and what the session,
 * routing and campaign logic read. Secrets arrive here already hashed.
 */
export type CampaignDirection = 'inbound' | 'outbound';
export type RecordingMode = 'off' | 'agent-controlled' | 'always';
export type StaffRole = 'supervisor' | 'admin';

export interface TeamConfig {
  id: string;
  name: string;
}

export interface PauseReasonConfig {
  id: string;
  name: string;
}

export interface AgentConfig {
  id: string;
  username: string;
  displayName: string;
  /** scrypt hash (see hashSecret in shared). */
  passwordHash: string;
  /** The numeric agent ID keyed in on "Call in to connect". */
  agentNumber: string;
  /** scrypt hash of the phone PIN. */
  pinHash: string;
  /** Default "Call me to connect" number (E.164 or a SIP user), if any. */
  defaultNumber: string | null;
  teamId: string | null;
  campaignIds: string[];
  /** May receive transferred calls while paused (manual section 3). */
  transfersWhilePaused: boolean;
  /** Default region for dialled numbers (ISO 3166 alpha-2), else the workspace's. */
  region: string | null;
}

export interface StaffConfig {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  role: StaffRole;
  teamId: string | null;
}

export interface WrapCodeConfig {
  id: string;
  name: string;
}

export interface AnnouncementConfig {
  id: string;
  name: string;
  /** WAV file path, relative to the workspace file. */
  file: string;
}

export interface TransferNumberConfig {
  name: string;
  number: string;
}

export interface CampaignConfig {
  id: string;
  name: string;
  direction: CampaignDirection;
  /** Outbound only. */
  dialMode: 'preview' | 'predictive' | null;
  wrapCodes: WrapCodeConfig[];
  defaultWrapCodeId: string | null;
  /** Null: no auto-wrap. */
  autoWrapSeconds: number | null;
  /** Null: no "Extend". */
  extendSeconds: number | null;
  recording: RecordingMode;
  bookmarks: boolean;
  announcements: AnnouncementConfig[];
  transferNumbers: TransferNumberConfig[];
}

export interface QueueConfig {
  id: string;
  name: string;
  campaignId: string;
}

export interface WorkspaceConfig {
  name: string;
  /** Default phone-number region (ISO 3166 alpha-2). */
  region: string;
  /** The platform number agents dial for "Call in to connect". */
  callInNumber: string;
  teams: TeamConfig[];
  pauseReasons: PauseReasonConfig[];
  agents: AgentConfig[];
  staff: StaffConfig[];
  campaigns: CampaignConfig[];
  queues: QueueConfig[];
}

/** Pause reasons the platform itself sets; they always exist and agents cannot pick them. */
export const SYSTEM_PAUSE_REASONS = {
  autoPause: { id: 'auto-pause', name: 'Auto Pause' },
  notReady: { id: 'not-ready', name: 'Not Ready' },
} as const;
