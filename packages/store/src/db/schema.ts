import type { ColumnType } from 'kysely';

/**
 * The tables as Kysely sees them. Conventions that hold on both dialects:
 * - times are epoch milliseconds in BIGINT (SQLite INTEGER); pg returns BIGINT
 *   as a string, hence `Millis` reads as string | number and is converted;
 * - booleans are INTEGER 0/1 on both (pg's boolean and SQLite's 0/1 differ);
 * - structured values (details, wrap codes, ...) are JSON text.
 */
export type Millis = ColumnType<string | number, number, number>;
export type Flag = ColumnType<number, number, number>;
/** A time that may be unknown (a call not answered yet). */
export type MaybeMillis = ColumnType<string | number | null, number | null, number | null>;
/** A BIGINT identity: read as string | number, never written. */
export type Serial = ColumnType<string | number, never, never>;

export interface WorkspaceSettingsTable {
  id: number;
  name: string;
  region: string;
  call_in_number: string;
  updated_at: Millis;
}

export interface TeamsTable {
  id: string;
  name: string;
  position: number;
  active: Flag;
  updated_at: Millis;
}

export interface PauseReasonsTable {
  id: string;
  name: string;
  system: Flag;
  /** Agents paused with it still take transferred calls (migration 0008). */
  takes_transfers: Flag;
  position: number;
  active: Flag;
  updated_at: Millis;
}

export interface AgentsTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  agent_number: string;
  pin_hash: string;
  default_number: string | null;
  team_id: string | null;
  transfers_while_paused: Flag;
  region: string | null;
  position: number;
  active: Flag;
  updated_at: Millis;
}

export interface AgentCampaignsTable {
  agent_id: string;
  campaign_id: string;
  position: number;
}

export interface StaffTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  team_id: string | null;
  position: number;
  active: Flag;
  updated_at: Millis;
}

export interface CampaignsTable {
  id: string;
  name: string;
  direction: string;
  dial_mode: string | null;
  /** JSON: WrapCodeConfig[] */
  wrap_codes: string;
  default_wrap_code_id: string | null;
  auto_wrap_seconds: number | null;
  extend_seconds: number | null;
  recording: string;
  bookmarks: Flag;
  /** JSON: AnnouncementConfig[] */
  announcements: string;
  /** JSON: TransferNumberConfig[] */
  transfer_numbers: string;
  position: number;
  active: Flag;
  updated_at: Millis;
}

export interface QueuesTable {
  id: string;
  name: string;
  campaign_id: string;
  position: number;
  active: Flag;
  updated_at: Millis;
}

export interface VoiceDefaultsTable {
  agent_id: string;
  method: string;
  number: string | null;
  persistent: Flag;
  updated_at: Millis;
}

export interface AuditTable {
  id: Serial;
  at: Millis;
  agent_id: string;
  session_id: string | null;
  kind: string;
  from_state: string | null;
  to_state: string | null;
  /** JSON text or null. */
  detail: string | null;
}

export interface TokensTable {
  token_hash: string;
  user_id: string;
  role: string;
  created_at: Millis;
  expires_at: Millis;
  revoked: Flag;
}

export interface CallRecordsTable {
  interaction_id: string;
  version: Millis;
  final: Flag;
  direction: string;
  state: string;
  campaign_id: string | null;
  queue_id: string | null;
  agent_id: string | null;
  customer_number: string | null;
  outcome_id: string | null;
  end_cause: string | null;
  created_at: Millis;
  answered_at: MaybeMillis;
  ended_at: MaybeMillis;
  closed_at: MaybeMillis;
  updated_at: Millis;
  /** JSON: the whole CallRecord (what get() returns). */
  data: string;
  /** The recording's WAV path (the record's recording.file), null without one. */
  recording_file: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the retention job deleted the recording's files. */
  recording_deleted_at: ColumnType<string | number | null, number | null | undefined, number | null>;
}

export interface CommandResultsTable {
  agent_id: string;
  request_id: string;
  /** The command as JSON: the same requestId with another command is refused. */
  fingerprint: string;
  /** JSON: the CommandResponse given. */
  response: string;
  at: Millis;
}

export interface CallbacksTable {
  id: string;
  campaign_id: string | null;
  queue_id: string;
  workflow_id: string;
  interaction_id: string | null;
  number: string;
  requested_at: Millis;
  /** JSON: Array<{ label, value }> */
  ivr_data: string;
  status: string;
}

export interface PhoneCredentialsTable {
  realm: string;
  digest_user: string;
  agent_id: string;
  /** Hex HA1s: MD5 and SHA-256 of "digest_user:realm:password". */
  ha1_md5: string;
  ha1_sha256: string;
  /** 'shared' | 'issued' */
  origin: string;
  created_at: Millis;
}

export interface AssistRequestsTable {
  id: string;
  agent_id: string;
  agent_name: string;
  team_id: string | null;
  to_user_id: string;
  to_name: string;
  message: string;
  /** 'high' | 'medium' | 'low' */
  priority: string;
  interaction_id: string | null;
  customer_number: string | null;
  created_at: Millis;
  viewed_at: MaybeMillis;
}

export interface Database {
  workspace_settings: WorkspaceSettingsTable;
  teams: TeamsTable;
  pause_reasons: PauseReasonsTable;
  agents: AgentsTable;
  agent_campaigns: AgentCampaignsTable;
  staff: StaffTable;
  campaigns: CampaignsTable;
  queues: QueuesTable;
  voice_defaults: VoiceDefaultsTable;
  audit: AuditTable;
  tokens: TokensTable;
  call_records: CallRecordsTable;
  callbacks: CallbacksTable;
  command_results: CommandResultsTable;
  phone_credentials: PhoneCredentialsTable;
  recording_access: RecordingAccessTable;
  assist_requests: AssistRequestsTable;
  config_changes: ConfigChangesTable;
}

/** Who played or downloaded a recording, and what the retention job deleted. Append-only. */
export interface RecordingAccessTable {
  id: Serial;
  at: Millis;
  user_id: string;
  role: string;
  interaction_id: string;
  /** 'play' | 'download' | 'denied' | 'deleted' */
  action: string;
  detail: string | null;
}

/** Configuration edits made through the API: who, when, which item, file versions. Append-only. */
export interface ConfigChangesTable {
  id: Serial;
  at: Millis;
  user_id: string;
  role: string;
  /** A workspace file section (teams, agents, …) or 'workspace' for an import. */
  section: string;
  item_id: string | null;
  /** 'create' | 'update' | 'delete' | 'import' */
  action: string;
  version_before: string;
  version_after: string;
  /** JSON: before/after summaries (secrets removed). */
  detail: string | null;
}
