import { z } from 'zod';
import { agentViewSchema, voiceMethodSchema } from './agent-view';

const connectVoice = z.strictObject({
  type: z.literal('connect-voice'),
  method: voiceMethodSchema,
  /** Required for call-me: the number (or SIP user) the platform calls. */
  number: z.string().trim().min(1).max(64).optional(),
  persistent: z.boolean().default(true),
  saveAsDefault: z.boolean().default(false),
});

export const commandSchema = z.discriminatedUnion('type', [
  connectVoice,
  z.strictObject({ type: z.literal('skip-voice') }),
  z.strictObject({ type: z.literal('disconnect-voice') }),
  z.strictObject({ type: z.literal('set-available') }),
  z.strictObject({ type: z.literal('pause'), reasonId: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal('clear-pending') }),
  z.strictObject({ type: z.literal('sign-out') }),
]);
export type Command = z.infer<typeof commandSchema>;
export type CommandType = Command['type'];

export const commandRequestSchema = z.strictObject({
  /** Client-chosen id: a retried request with the same id is applied once and answered the same. */
  requestId: z.string().min(8).max(100).regex(/^[A-Za-z0-9_.:-]+$/),
  command: commandSchema,
});
export type CommandRequest = z.infer<typeof commandRequestSchema>;

export const commandResponseSchema = z.object({
  requestId: z.string(),
  /** False when this request id had been applied before and this is the stored answer. */
  applied: z.boolean(),
  seq: z.number().int(),
  state: agentViewSchema.nullable().describe('Null after sign-out'),
});
export type CommandResponse = z.infer<typeof commandResponseSchema>;
