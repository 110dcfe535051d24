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
  /** Its agents may send "Request assistance" to the team's supervisors (manual 17); absent: off. */
  requestAssistance?: boolean;
}

export interface PauseReasonConfig {
  id: string;
  name: string;
  /** Agents paused with this reason are still offered as transfer targets (manual 3 and 8); absent: false. */
  takesTransfers?: boolean;
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
  /** SRTP to the agent's registered phone: auto (absent; best effort over TLS), required (RTP/SAVP), off. */
  phoneSrtp?: 'auto' | 'required' | 'off';
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

/** A campaign's transfer number (manual 8), listed in the Transfer dialog. */
export interface TransferNumberConfig {
  label: string;
  /** E.164: the loader normalises what the file writes, as manual dial does. */
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
  // ── Waiting limits (issue 14.1) ──
  /** Longest a caller waits here before `overflow` runs; null/absent: no limit. */
  maxWaitSeconds?: number | null;
  /** What happens at the maximum wait (required with maxWaitSeconds). */
  overflow?: QueueOverflowConfig | null;
  /** A call an agent missed or declined is kept away from her this long (default 20; 0: at once). */
  reofferAfterSeconds?: number;
  /** Service-level target: the floor counts calls answered within this many seconds (default 20). */
  serviceLevelSeconds?: number;
}

/**
 * A queue's overflow action: another queue (the call keeps its place and
 * enqueue time), a workflow, a callback offer (press 1 to be called back,
 * else keep waiting), or a message and hang-up.
 */
export type QueueOverflowConfig =
  | { type: 'queue'; queueId: string }
  | { type: 'workflow'; workflowId: string }
  | { type: 'callback'; prompt: string; confirm: string | null }
  | { type: 'message'; file: string };

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
  /** IVR workflows (optional: a workspace with none sends no inbound call anywhere). */
  workflows?: WorkflowConfig[];
  /** Which platform number (DNIS) runs which workflow. */
  dnis?: DnisConfig[];
  /** SIP trunks to carriers or PBXs. */
  trunks?: WorkspaceTrunk[];
  /** Where the engine may call out to; absent: defaultDialPlan(region). */
  dialPlan?: DialPlanConfig;
  /** Who may play and download recordings, and how long they are kept; absent: the defaults below. */
  recordings?: RecordingsPolicyConfig;
  /**
   * Absolute path of the WAV a held caller hears, looped (a consult's hold, issue 18): the file's
   * `musicOnHold` resolved against the workspace folder, else the shipped default
   * (config/prompts/music-on-hold.wav). The loader always sets it; absent only in hand-built configs.
   */
  musicOnHoldFile?: string;
  /** The CRMs the adapter is embedded in (issue 19); absent: none beyond the server's CRM_ORIGINS. */
  crm?: CrmWorkspaceConfig;
}

/** Origins of CRM pages that may frame the adapter and call the API (`https://*.example.com` allowed). */
export interface CrmWorkspaceConfig {
  allowedOrigins: string[];
}

export type RecordingRole = 'agent' | 'supervisor' | 'admin';

/**
 * Recordings access (issue 20.5): supervisors and admins play and download by default; an agent
 * listed may play (or download) only their own calls. retentionDays null: kept until deleted by hand.
 */
export interface RecordingsPolicyConfig {
  retentionDays: number | null;
  play: RecordingRole[];
  download: RecordingRole[];
}

/** libphonenumber's number types (getType()), as the workspace file names them. */
export const PHONE_NUMBER_TYPES = [
  'FIXED_LINE',
  'MOBILE',
  'FIXED_LINE_OR_MOBILE',
  'TOLL_FREE',
  'PREMIUM_RATE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
] as const;
export type PhoneNumberType = (typeof PHONE_NUMBER_TYPES)[number];

/**
 * The destinations every call the engine places out through a trunk may reach
 * (manual dial, call me, campaigns): toll-fraud protection.
 */
export interface DialPlanConfig {
  /** ISO 3166 alpha-2 countries that may be called, or 'all'. */
  allowCountries: readonly string[] | 'all';
  /** Number types never called, e.g. PREMIUM_RATE. */
  blockTypes: readonly PhoneNumberType[];
  /** E.164 numbers or prefixes (a number starting with one is refused), e.g. "+1900". */
  blockNumbers: readonly string[];
}

/** Pause reasons the platform itself sets; they always exist and agents cannot pick them. */
export const SYSTEM_PAUSE_REASONS = {
  autoPause: { id: 'auto-pause', name: 'Auto Pause' },
  notReady: { id: 'not-ready', name: 'Not Ready' },
} as const;

// ── Workflows (IVR), DNIS mapping and trunks ──

/** Play a WAV prompt, then go on. */
export interface WorkflowPlayObject {
  id: string;
  type: 'play';
  /** WAV file path, relative to the workspace file. */
  file: string;
  /** Null: hang up after the prompt. */
  next: string | null;
}

/** Ask for digits; what is collected is kept as IVR data under `label`. */
export interface WorkflowCollectObject {
  id: string;
  type: 'collect';
  label: string;
  /** Played while waiting for the first digit (barge-in allowed), if any. */
  prompt: string | null;
  minDigits: number;
  maxDigits: number;
  /** Ends entry early, e.g. "#"; null: only maxDigits or the timeout end it. */
  terminator: string | null;
  timeoutSeconds: number;
  /** Tries (prompt again) before giving up on no or invalid input; at least 1. */
  attempts: number;
  next: string;
  /** Where to go when the tries are used up; null: hang up. */
  noInputNext: string | null;
}

/** Branch on digits collected earlier under `label`. */
export interface WorkflowBranchObject {
  id: string;
  type: 'branch';
  label: string;
  cases: Array<{ digits: string; next: string }>;
  defaultNext: string;
}

/** Hand the call to a queue (the ACD takes over). */
export interface WorkflowQueueObject {
  id: string;
  type: 'queue';
  queueId: string;
  /** Higher is served first; default 0. */
  priority?: number;
}

/** Store a callback request instead of holding, then go on (usually a thank-you and hang up). */
export interface WorkflowCallbackObject {
  id: string;
  type: 'callback';
  queueId: string;
  /** The number to call back: the caller's own, or digits collected under this label. */
  numberFrom: 'caller' | { label: string };
  next: string | null;
}

export interface WorkflowHangupObject {
  id: string;
  type: 'hangup';
}

export type WorkflowObjectConfig = WorkflowPlayObject | WorkflowCollectObject | WorkflowBranchObject | WorkflowQueueObject | WorkflowCallbackObject | WorkflowHangupObject;

export type WorkflowObjectType = WorkflowObjectConfig['type'];

export interface WorkflowConfig {
  id: string;
  name: string;
  /** Offered in the Transfer dialog: agents may hand a call to this workflow (issue 18); absent: false. */
  transferTarget?: boolean;
  /** Id of the first object. */
  start: string;
  objects: WorkflowObjectConfig[];
}

/** A platform number (E.164) and the workflow that answers it. */
export interface DnisConfig {
  number: string;
  workflowId: string;
}

/** A rewriting rule for numbers through a trunk: a whole-number regular expression and its replacement ($1…). */
export interface TrunkRewriteRule {
  match: string;
  replace: string;
}

/**
 * A SIP trunk to a carrier or a PBX: the telephony engine's trunk
 * configuration (packages/telephony, trunk-config.ts), field for field.
 */
export interface WorkspaceTrunk {
  /** 1-64 letters, digits, "_", ".", "-"; "sandbox" is the sandbox carrier's. */
  name: string;
  /** "host:port" (port defaults to 5060). */
  address: string;
  transport: 'udp' | 'tcp' | 'tls';
  /** Offer SRTP (SDES) on calls out through it (only with tls; absent: false). */
  srtp?: boolean;
  /** tls only: SHA-256 fingerprints of the certificates it may present when it connects to us (absent or empty: any). */
  tlsFingerprints?: string[];
  /** Digest credentials the carrier asks for (the password read from the file or its environment variable). */
  credentials: { username: string; password: string } | null;
  /** Caller ID presented on outbound calls when the application gives none. */
  callerId: string | null;
  /** Applied to numbers dialled out through this trunk (first match wins). */
  outboundRewrite: TrunkRewriteRule[];
  /** Applied to the called and calling numbers of calls arriving from this trunk. */
  inboundRewrite: TrunkRewriteRule[];
  /** Seconds a number dialled out may ring (null: the engine's default). */
  ringTimeoutSec: number | null;
  /** Most simultaneous calls (null: unlimited). */
  maxCalls: number | null;
  /** The carrier sends DTMF as tones in the audio. */
  inbandDtmf: boolean;
  /** Source ports its calls come from (null: the address's port over UDP, any over TCP). */
  sourcePorts?: { min: number; max: number } | null;
  /** Its calls authenticate by digest with these, instead of being trusted by address (null: by address). */
  inboundCredentials?: { username: string; password: string } | null;
}
