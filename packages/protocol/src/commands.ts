import { z } from 'zod';
import { safeString } from './safe-string';
import { agentViewSchema, voiceMethodSchema } from './agent-view';
import { callCommandOptions, type CallCommand } from './call-commands';

const connectVoice = z.strictObject({
  type: z.literal('connect-voice'),
  method: voiceMethodSchema,
  /** Required for call-me: the number (or SIP user) the platform calls. */
  number: safeString().trim().min(1).max(64).optional(),
  persistent: z.boolean().default(true),
  saveAsDefault: z.boolean().default(false),
});

/** Commands about the agent's own session (presence, voice, sign-out): core's AgentCommand. */
const sessionCommandOptions = [
  connectVoice,
  z.strictObject({ type: z.literal('skip-voice') }),
  z.strictObject({ type: z.literal('disconnect-voice') }),
  z.strictObject({ type: z.literal('set-available') }),
  z.strictObject({ type: z.literal('pause'), reasonId: safeString().min(1).max(64) }),
  z.strictObject({ type: z.literal('clear-pending') }),
  z.strictObject({ type: z.literal('sign-out') }),
] as const;
export const sessionCommandSchema = z.discriminatedUnion('type', [...sessionCommandOptions]);
export type SessionCommand = z.infer<typeof sessionCommandSchema>;

export const commandSchema = z.discriminatedUnion('type', [...sessionCommandOptions, ...callCommandOptions]);
export type Command = z.infer<typeof commandSchema>;
export type { CallCommand };
export type CommandType = Command['type'];

export const commandRequestSchema = z.strictObject({
  /** Client-chosen id: a retried request with the same id is applied once and answered the same. */
  requestId: safeString()
    .min(8)
    .max(100)
    .regex(/^[A-Za-z0-9_.:-]+$/),
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

const SESSION_COMMAND_TYPES: ReadonlySet<string> = new Set(sessionCommandOptions.map((o) => o.shape.type.value));

/** True for commands about the agent's session itself; the rest are about calls. */
export function isSessionCommand(c: Command): c is SessionCommand {
  return SESSION_COMMAND_TYPES.has(c.type);
}
