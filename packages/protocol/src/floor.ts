import { z } from 'zod';
import { activitySchema, dotSchema, voiceMethodSchema, voiceStatusSchema } from './agent-view';
import { interactionStateSchema } from './call-view';

/**
 * The supervisor's live floor view (workspace): logged-in agents and the queues, as one snapshot.
 * Times are ISO strings from the server's clock; `at` lets the page count "time in state" against
 * the server's time, not the browser's.
 */
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
});
export type FloorCall = z.infer<typeof floorCallSchema>;

export const floorAgentSchema = z.object({
  agentId: z.string(),
  username: z.string(),
  displayName: z.string(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
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
});
export type FloorQueue = z.infer<typeof floorQueueSchema>;

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
});
export type FloorSnapshot = z.infer<typeof floorSnapshotSchema>;
