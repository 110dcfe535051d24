import { z } from 'zod';
import { safeString } from './safe-string';

export const roleSchema = z.enum(['agent', 'supervisor', 'admin']);
export type Role = z.infer<typeof roleSchema>;

export const loginRequestSchema = z.strictObject({
  username: safeString().trim().min(1, 'Agent Username is required').max(100),
  password: safeString().min(1, 'Agent Password is required').max(200),
  /**
   * A random id the client keeps (e.g. in localStorage) and sends with every login: after one
   * success it is a known device, which failed logins from elsewhere do not slow down.
   */
  deviceId: safeString()
    .regex(/^[A-Za-z0-9_-]{16,100}$/, 'deviceId must be 16-100 letters, digits, "_" or "-"')
    .optional(),
  /**
   * The page logging in. `workspace` (the supervisors' pages) refuses agents with 403 FORBIDDEN
   * before any token or agent session exists, so an agent trying it does not appear on the floor.
   */
  app: z.enum(['adapter', 'workspace']).optional(),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
});
export type User = z.infer<typeof userSchema>;

export const loginResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.string().describe('ISO 8601 time the bearer token stops working'),
  user: userSchema,
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;
