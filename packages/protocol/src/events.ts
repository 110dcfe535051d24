import { z } from 'zod';
import { safeString } from './safe-string';
import { agentViewSchema } from './agent-view';
import { errorCodeSchema } from './error-codes';
import { AGENT_EVENT_NAMES } from './event-names';
import { assistRequestSchema } from './assist';

/** What happened, in a fixed vocabulary (event-names.ts). */
export const agentEventNameSchema = z.enum(AGENT_EVENT_NAMES);

export const noticeSchema = z.object({
  level: z.enum(['info', 'success', 'warning', 'error']),
  code: z.string(),
  message: z.string(),
});
export type Notice = z.infer<typeof noticeSchema>;

export const agentEventSchema = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  name: agentEventNameSchema,
  notice: noticeSchema.optional(),
  state: agentViewSchema.nullable(),
});
export type AgentEvent = z.infer<typeof agentEventSchema>;

/** Browser → server over the event WebSocket. The first message must be hello. */
export const clientMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('hello'),
    token: safeString().min(1).max(4096),
    /** Stable per tab: lets the server tell a reconnect of the owner from a second tab. */
    clientId: safeString().min(8).max(100),
    lastSeq: z.number().int().nonnegative().optional(),
    /**
     * This tab was last told it is not the owner (taken over, open elsewhere): it must not
     * become the owner by reconnecting first, e.g. after a server restart (issue 14).
     */
    standby: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal('take-over') }),
  z.strictObject({ type: z.literal('ping') }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** Server → browser over the event WebSocket. */
export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), seq: z.number().int().nonnegative(), state: agentViewSchema }),
  z.object({ type: z.literal('event'), event: agentEventSchema }),
  z.object({
    type: z.literal('ownership'),
    owner: z.boolean(),
    /** Why this client is not (or no longer) the owner. */
    reason: z.enum(['owner', 'open-elsewhere', 'taken-over']),
  }),
  z.object({ type: z.literal('error'), code: errorCodeSchema, message: z.string() }),
  z.object({ type: z.literal('pong') }),
  /** One of the agent's assistance requests changed (sent, then viewed by its recipient). */
  z.object({ type: z.literal('assist'), request: assistRequestSchema }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;
