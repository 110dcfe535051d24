import { z } from 'zod';
import { safeString, safeText } from './safe-string';

/**
 * Request assistance (manual 17): an agent on a call asks a supervisor of their team for help.
 * The message is counted in characters as typed (Unicode code points, so an emoji is one), at most 1,500.
 */
export const ASSIST_MESSAGE_MAX = 1500;

/** Characters as a person types them (code points, not UTF-16 units). */
export const assistMessageLength = (s: string): number => [...s].length;

export const assistPrioritySchema = z.enum(['high', 'medium', 'low']);
export type AssistPriority = z.infer<typeof assistPrioritySchema>;
/** Inbox order: high first. */
export const ASSIST_PRIORITY_RANK: Record<AssistPriority, number> = { high: 0, medium: 1, low: 2 };

export const assistSendSchema = z.strictObject({
  /** A supervisor of the agent's team who is logged in to the workspace (see assistRecipients). */
  toUserId: safeString().min(1).max(64),
  message: safeText()
    .min(1, 'must not be empty')
    .refine((s) => s.trim().length > 0, 'must not be blank')
    .refine((s) => assistMessageLength(s) <= ASSIST_MESSAGE_MAX, `must be at most ${ASSIST_MESSAGE_MAX} characters`),
  priority: assistPrioritySchema.default('high'),
});
export type AssistSend = z.input<typeof assistSendSchema>;

export const assistRequestSchema = z.object({
  id: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  teamId: z.string().nullable(),
  toUserId: z.string(),
  toName: z.string(),
  message: z.string(),
  priority: assistPrioritySchema,
  /** The call the agent was on when asking, if any. */
  interactionId: z.string().nullable(),
  customerNumber: z.string().nullable(),
  createdAt: z.string(),
  /** When the recipient marked it viewed; null while unread. */
  viewedAt: z.string().nullable(),
});
export type AssistRequest = z.infer<typeof assistRequestSchema>;

export const assistRecipientsSchema = z.object({
  /** False: the agent's team does not have Request assistance (workspace file, team `requestAssistance`). */
  enabled: z.boolean(),
  /** Supervisors of the agent's team logged in to the workspace now. */
  recipients: z.array(z.object({ userId: z.string(), displayName: z.string() })),
});
export type AssistRecipients = z.infer<typeof assistRecipientsSchema>;

export const assistListSchema = z.object({ requests: z.array(assistRequestSchema) });

/** Inbox order: priority (high first), then newest first. */
export function compareAssist(a: AssistRequest, b: AssistRequest): number {
  return ASSIST_PRIORITY_RANK[a.priority] - ASSIST_PRIORITY_RANK[b.priority] || b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);
}
