import { z } from 'zod';
import { safeString } from './safe-string';

export const phonePasswordParamsSchema = z.strictObject({ agentId: safeString().min(1).max(64) });

/** A phone password just issued: shown in this response only (the server keeps its digest HA1s, never the password). */
export const phonePasswordResponseSchema = z.object({
  agentId: z.string(),
  /** The digest realm to configure on the phone. */
  realm: z.string(),
  /** The user names the phone may register as (the agent's username and agent number). */
  users: z.array(z.string()),
  password: z.string(),
  createdAt: z.string(),
});
export type PhonePasswordResponse = z.infer<typeof phonePasswordResponseSchema>;
