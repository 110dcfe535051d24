import { z } from 'zod';
import { activitySchema, dotSchema, presenceSchema } from './agent-view';

export const agentStatusRowSchema = z.object({
  agentId: z.string(),
  username: z.string(),
  displayName: z.string(),
  teamId: z.string().nullable(),
  loggedIn: z.boolean(),
  presence: presenceSchema.nullable(),
  activity: activitySchema.nullable(),
  dot: dotSchema.nullable(),
  since: z.string().nullable(),
});
export const agentStatusListSchema = z.object({ agents: z.array(agentStatusRowSchema) });
export type AgentStatusRow = z.infer<typeof agentStatusRowSchema>;

export const auditRowSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  agentId: z.string(),
  sessionId: z.string().nullable(),
  kind: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export const auditListSchema = z.object({ rows: z.array(auditRowSchema) });
export type AuditRow = z.infer<typeof auditRowSchema>;
