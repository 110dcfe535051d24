/**
 * The agent session's vocabulary. Core may not import @switchboard/protocol,
 * so these re-declare the protocol's shapes (agent-view.ts, commands.ts,
 * events.ts) structurally: the server checks with a type test that
 * AgentSessionView is assignable to protocol's AgentView and AgentCommand
 * matches protocol's Command. Change both sides together.
 */

/** A pause reason as shown to the agent. `system` ones ("Auto Pause", "Not Ready") only the platform sets. */
export interface AgentPauseReason {
  id: string;
  name: string;
  system: boolean;
}

/** Layer one: what the agent chose. */
export type AgentPresence = { kind: 'available' } | { kind: 'paused'; reason: AgentPauseReason };
export type AgentPresenceKind = AgentPresence['kind'];

/** Layer two: what the system is doing with the agent (see activity.ts for the table). */
export const AGENT_ACTIVITIES = ['no-voice', 'connecting-voice', 'idle', 'offered', 'on-call', 'wrap', 'previewing', 'dialling'] as const;
export type AgentSessionActivity = (typeof AGENT_ACTIVITIES)[number];

/** Activities during which an interaction (a call, an offer, a lead) is open. */
export const INTERACTION_ACTIVITIES: readonly AgentSessionActivity[] = ['offered', 'on-call', 'wrap', 'previewing', 'dialling'];

export function isInteraction(activity: AgentSessionActivity): boolean {
  return INTERACTION_ACTIVITIES.includes(activity);
}

export const AGENT_VOICE_METHODS = ['call-in', 'call-me', 'web'] as const;
export type AgentVoiceMethod = (typeof AGENT_VOICE_METHODS)[number];

export const AGENT_VOICE_STATUSES = ['none', 'connecting', 'connected', 'failed'] as const;
export type AgentVoiceStatus = (typeof AGENT_VOICE_STATUSES)[number];

export interface AgentVoiceDefaults {
  method: AgentVoiceMethod;
  number: string | null;
  persistent: boolean;
}

export interface AgentCallInInstructions {
  dialNumber: string;
  agentNumber: string;
  pin: string;
}

export interface AgentVoiceView {
  status: AgentVoiceStatus;
  method: AgentVoiceMethod | null;
  number: string | null;
  persistent: boolean;
  /** True after login (and while a connection attempt is on screen) until connected or skipped. */
  prompt: boolean;
  callIn: AgentCallInInstructions | null;
  failure: string | null;
}

export type AgentDot = 'green' | 'orange' | 'red';

/** In the protocol's enum order; allowed lists are always sorted this way. */
export const AGENT_ALLOWED_ACTIONS = ['connect-voice', 'skip-voice', 'disconnect-voice', 'set-available', 'pause', 'clear-pending', 'sign-out'] as const;
export type AgentAllowedAction = (typeof AGENT_ALLOWED_ACTIONS)[number];

export interface AgentCampaignSummary {
  id: string;
  name: string;
  direction: 'inbound' | 'outbound';
}

/** What the server passes in per campaign; dialMode lets the session warn predictive agents. */
export interface AgentCampaignInput extends AgentCampaignSummary {
  dialMode?: 'preview' | 'predictive' | null;
}

export interface AgentProfile {
  id: string;
  username: string;
  displayName: string;
  /** The numeric agent ID keyed in on "Call in to connect". */
  agentNumber: string;
  teamId: string | null;
}

/** Structurally identical to protocol's AgentView. */
export interface AgentSessionView {
  sessionId: string;
  agent: AgentProfile;
  presence: AgentPresence;
  activity: AgentSessionActivity;
  voice: AgentVoiceView;
  dot: AgentDot;
  statusText: string;
  pendingPause: AgentPauseReason | null;
  pauseReasons: AgentPauseReason[];
  defaults: AgentVoiceDefaults | null;
  campaigns: AgentCampaignSummary[];
  allowed: AgentAllowedAction[];
  /** ISO time the current presence began. */
  since: string;
}

/** Structurally identical to protocol's Command (the parsed form, defaults filled in). */
export type AgentCommand =
  | { type: 'connect-voice'; method: AgentVoiceMethod; number?: string | undefined; persistent: boolean; saveAsDefault: boolean }
  | { type: 'skip-voice' }
  | { type: 'disconnect-voice' }
  | { type: 'set-available' }
  | { type: 'pause'; reasonId: string }
  | { type: 'clear-pending' }
  | { type: 'sign-out' };
export type AgentCommandType = AgentCommand['type'];
