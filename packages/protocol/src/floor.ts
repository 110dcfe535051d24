import { z } from 'zod';
import { activitySchema, dotSchema, voiceMethodSchema, voiceStatusSchema } from './agent-view';
import { interactionStateSchema } from './call-view';
import { assistRequestSchema } from './assist';
import { monitorViewSchema } from './monitor';
import { safeString } from './safe-string';

/**
 * The supervisor's live floor view (workspace): logged-in agents and the queues, as one snapshot.
 * Times are ISO strings from the server's clock; `at` lets the page count "time in state" against
 * the server's time, not the browser's.
 */
/**
 * Who monitors a call and how, as every supervisor who sees the agent sees it (issue 20.4): the
 * call's latest monitoring; an ended one stays, with its cause, until another starts (its
 * supervisor's page reads why it ended). The number rung is not shown to others.
 */
export const floorMonitorSchema = monitorViewSchema.pick({ supervisorId: true, supervisorName: true, mode: true, state: true, since: true, endCause: true, rev: true });
export type FloorMonitor = z.infer<typeof floorMonitorSchema>;

export const floorCallSchema = z.object({
  id: z.string().describe('Interaction ID'),
  direction: z.enum(['IN', 'OUT']),
  state: interactionStateSchema,
  presentation: z.enum(['ringing', 'dialling', 'live', 'ended']),
  customerNumber: z.string().nullable(),
  campaignId: z.string().nullable(),
  campaignName: z.string().nullable(),
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  /** A supervisor listening, whispering or barging (null: never monitored). Pushed on the floor stream as it changes. */
  monitor: floorMonitorSchema.nullable(),
});
export type FloorCall = z.infer<typeof floorCallSchema>;

export const floorAgentSchema = z.object({
  agentId: z.string(),
  username: z.string(),
  displayName: z.string(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  /** The campaigns the agent works (workspace file), for the page's campaign filter. */
  campaignIds: z.array(z.string()),
  presence: z.enum(['available', 'paused']),
  /** The pause reason's name while paused. */
  pauseReason: z.string().nullable(),
  activity: activitySchema,
  dot: dotSchema,
  /** What the agent's own adapter says ("Available", "On Call", "Break"...). */
  statusText: z.string(),
  /** ISO time the current presence began. */
  since: z.string(),
  voice: z.object({ status: voiceStatusSchema, method: voiceMethodSchema.nullable() }),
  call: floorCallSchema.nullable(),
});
export type FloorAgent = z.infer<typeof floorAgentSchema>;

export const floorQueueSchema = z.object({
  queueId: z.string(),
  name: z.string(),
  campaignId: z.string(),
  campaignName: z.string().nullable(),
  /** Calls waiting (not yet ringing an agent); null when the telephony engine is off. */
  waiting: z.number().int().nonnegative().nullable(),
  /** How long the oldest waiting call has waited; null when the engine is off, 0 with nobody waiting. */
  longestWaitMs: z.number().int().nonnegative().nullable(),
  /** Agents of the queue's campaign ready to take a call now. */
  agentsAvailable: z.number().int().nonnegative(),
  /** The queue's service-level target (workspace file `serviceLevelSeconds`). */
  targetSeconds: z.number().int().positive(),
  /**
   * Today (server's day, since this process started): calls answered, answered within the target,
   * abandoned (the caller hung up waiting or ringing) and moved on by overflow. Null with the engine off.
   */
  today: z
    .object({
      answered: z.number().int().nonnegative(),
      answeredWithinTarget: z.number().int().nonnegative(),
      abandoned: z.number().int().nonnegative(),
      overflowed: z.number().int().nonnegative(),
      /** answeredWithinTarget ÷ (answered + abandoned + overflowed); null before any call left the queue. */
      serviceLevel: z.number().min(0).max(1).nullable(),
      /** Since when the figures count (start of day, or this server's start if later). */
      since: z.string(),
    })
    .nullable(),
});
export type FloorQueue = z.infer<typeof floorQueueSchema>;

/**
 * A campaign as the floor knows it. Dial level, lines in use and leads left belong to the outbound
 * dialler, which does not run in the server yet: they are null ("not live yet" on the page).
 */
export const floorCampaignSchema = z.object({
  campaignId: z.string(),
  name: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  dialMode: z.enum(['preview', 'predictive']).nullable(),
  agentsLoggedIn: z.number().int().nonnegative(),
  agentsAvailable: z.number().int().nonnegative(),
  /** Agents with a call of this campaign now (ringing, dialling or live). */
  callsInProgress: z.number().int().nonnegative(),
  /** Calls waiting in the campaign's queues; null with the engine off. */
  waiting: z.number().int().nonnegative().nullable(),
  /** Abandoned ÷ (answered + abandoned) today in its queues; null before any. */
  abandonRate: z.number().min(0).max(1).nullable(),
  dialLevel: z.number().nullable(),
  linesInUse: z.number().int().nonnegative().nullable(),
  leadsLeft: z.number().int().nonnegative().nullable(),
});
export type FloorCampaign = z.infer<typeof floorCampaignSchema>;

/** One sample of a queue's chart: server time (epoch ms), calls waiting (null: engine off), agents available. */
export const floorSampleSchema = z.tuple([z.number(), z.number().int().nonnegative().nullable(), z.number().int().nonnegative()]);
export type FloorSample = z.infer<typeof floorSampleSchema>;

export const floorSnapshotSchema = z.object({
  /** Server time of the snapshot (ISO). */
  at: z.string(),
  /** Whose floor: an admin sees every team (teamIds null); a supervisor their own team(s). */
  scope: z.object({ role: z.enum(['supervisor', 'admin']), teamIds: z.array(z.string()).nullable() }),
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  /** False with ENGINE=off: queue figures are then unknown. */
  engine: z.boolean(),
  agents: z.array(floorAgentSchema),
  queues: z.array(floorQueueSchema),
  campaigns: z.array(floorCampaignSchema),
});
export type FloorSnapshot = z.infer<typeof floorSnapshotSchema>;

// ── The floor stream: a WebSocket for supervisors and admins, beside the agents' event stream ──

export const FLOOR_EVENTS_PATH = '/api/v1/floor/events';

/** Browser → server on the floor stream. The first message must be hello (same token as the REST API). */
export const floorClientMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('hello'), token: safeString().min(1).max(4096), clientId: safeString().min(8).max(100) }),
  z.strictObject({ type: z.literal('ping') }),
]);
export type FloorClientMessage = z.infer<typeof floorClientMessageSchema>;

/**
 * Server → browser on the floor stream. `snapshot` answers hello (and the history of the last hour
 * for the charts, and the user's assistance inbox); `changes` carries what changed since, coalesced
 * (agents replaced whole, `gone` logged out; queues and campaigns replaced whole), in seq order;
 * `samples` one chart point per queue; `assist` a new or updated assistance request for this user.
 * A gap in seq means something was missed: reconnect for a snapshot.
 */
export const floorServerMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    seq: z.number().int().nonnegative(),
    floor: floorSnapshotSchema,
    history: z.record(z.string(), z.array(floorSampleSchema)),
    assists: z.array(assistRequestSchema),
  }),
  z.object({
    type: z.literal('changes'),
    seq: z.number().int().positive(),
    at: z.string(),
    /** Epoch ms the oldest change in this message was seen by the server (latency measurement). */
    changedAt: z.number(),
    agents: z.array(floorAgentSchema),
    gone: z.array(z.string()),
    queues: z.array(floorQueueSchema),
    campaigns: z.array(floorCampaignSchema),
  }),
  z.object({ type: z.literal('samples'), at: z.number(), points: z.record(z.string(), floorSampleSchema) }),
  z.object({ type: z.literal('assist'), request: assistRequestSchema }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
  z.object({ type: z.literal('pong') }),
]);
export type FloorServerMessage = z.infer<typeof floorServerMessageSchema>;
