import { z } from 'zod';
import { callViewSchema, dialViewSchema } from './call-view';

/** A pause reason. System ones ("Auto Pause", "Not Ready") are set by the platform, not picked by agents. */
export const pauseReasonSchema = z.object({
  id: z.string(),
  name: z.string(),
  system: z.boolean(),
});
export type PauseReason = z.infer<typeof pauseReasonSchema>;

/** Layer one: what the agent chose. */
export const presenceSchema = z.discriminatedUnion('kind', [z.object({ kind: z.literal('available') }), z.object({ kind: z.literal('paused'), reason: pauseReasonSchema })]);
export type Presence = z.infer<typeof presenceSchema>;

/** Layer two: what the system is doing with the agent. */
export const activitySchema = z.enum([
  'no-voice', // no voice path: "Connect Voice", red
  'connecting-voice', // a method was chosen, the phone is not connected yet
  'idle', // voice connected, no interaction
  'offered', // a call is ringing at the agent
  'on-call',
  'wrap',
  'previewing',
  'dialling',
]);
export type Activity = z.infer<typeof activitySchema>;

export const voiceMethodSchema = z.enum(['call-in', 'call-me', 'web']);
export type VoiceMethod = z.infer<typeof voiceMethodSchema>;

export const voiceStatusSchema = z.enum(['none', 'connecting', 'connected', 'failed']);
export type VoiceStatus = z.infer<typeof voiceStatusSchema>;

export const voiceDefaultsSchema = z.object({
  method: voiceMethodSchema,
  number: z.string().nullable(),
  persistent: z.boolean(),
});
export type VoiceDefaults = z.infer<typeof voiceDefaultsSchema>;

export const voiceViewSchema = z.object({
  status: voiceStatusSchema,
  method: voiceMethodSchema.nullable(),
  number: z.string().nullable(),
  persistent: z.boolean(),
  /** True right after login until the agent connects or skips: show the Phone Connection screen. */
  prompt: z.boolean(),
  /** For "Call in to connect": what to dial and what to key in when asked. */
  callIn: z.object({ dialNumber: z.string(), agentNumber: z.string(), pin: z.string() }).nullable(),
  /** Why the last attempt failed, for the agent to read. */
  failure: z.string().nullable(),
});
export type VoiceView = z.infer<typeof voiceViewSchema>;

export const dotSchema = z.enum(['green', 'orange', 'red']);
export type Dot = z.infer<typeof dotSchema>;

/** Actions the server allows now. The adapter renders buttons from this list and never re-derives rules. */
export const allowedActionSchema = z.enum(['connect-voice', 'skip-voice', 'disconnect-voice', 'set-available', 'pause', 'clear-pending', 'sign-out']);
export type AllowedAction = z.infer<typeof allowedActionSchema>;

export const campaignSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  direction: z.enum(['inbound', 'outbound']),
});

/** The whole of what an agent's adapter shows: sent as a snapshot and with every event. */
export const agentViewSchema = z.object({
  sessionId: z.string(),
  agent: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    agentNumber: z.string().describe('The numeric agent ID keyed in on "Call in to connect"'),
    teamId: z.string().nullable(),
  }),
  presence: presenceSchema,
  activity: activitySchema,
  voice: voiceViewSchema,
  dot: dotSchema,
  statusText: z.string(),
  pendingPause: pauseReasonSchema.nullable(),
  pauseReasons: z.array(pauseReasonSchema).describe('Reasons the agent may pick (system ones excluded)'),
  defaults: voiceDefaultsSchema.nullable(),
  campaigns: z.array(campaignSummarySchema),
  allowed: z.array(allowedActionSchema),
  since: z.string().describe('ISO time the current presence began'),
  /** The open interaction (ringing, live or in wrap); absent or null when there is none. */
  interaction: callViewSchema.nullable().optional(),
  /** Manual outbound: whether "Call now" is possible and the default region. */
  dial: dialViewSchema.optional(),
  /**
   * Why this session began without the agent logging in: the server restarted (at `at`) and
   * the session before it, with its status and phone connection, was lost. Absent otherwise.
   */
  resumedAfter: z
    .object({ reason: z.literal('server-restart'), at: z.string() })
    .nullable()
    .optional(),
});
export type AgentView = z.infer<typeof agentViewSchema>;
