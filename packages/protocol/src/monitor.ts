import { z } from 'zod';
import { safeString } from './safe-string';

/**
 * A supervisor's listen / whisper / barge on a live call (manual 17, issue 20.4). listen: the
 * supervisor hears both sides, nobody hears them; whisper: the agent hears the supervisor, the
 * caller does not; barge: a three-way call.
 */
export const monitorModeSchema = z.enum(['listen', 'whisper', 'barge']);
export type MonitorModeWire = z.infer<typeof monitorModeSchema>;

/** calling: the supervisor's phone rings; then the mode's state; ended is final. */
export const monitorStateSchema = z.enum(['calling', 'listening', 'whispering', 'barging', 'ended']);

export const monitorParamsSchema = z.strictObject({
  interactionId: safeString()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only'),
});

export const monitorStartSchema = z.strictObject({
  mode: monitorModeSchema.default('listen'),
  /** The supervisor's voice path, call me: an E.164 number (dial plan checked) or a phone's number. */
  number: safeString().trim().min(1).max(64),
});
export type MonitorStartBody = z.infer<typeof monitorStartSchema>;

export const monitorModeBodySchema = z.strictObject({ mode: monitorModeSchema });

export const monitorViewSchema = z.object({
  interactionId: z.string(),
  agentId: z.string(),
  supervisorId: z.string(),
  supervisorName: z.string(),
  /** The mode asked for (while calling, the one taken when the phone answers). */
  mode: monitorModeSchema,
  state: monitorStateSchema,
  number: z.string(),
  /** ISO time it was asked for. */
  since: z.string(),
  /** stopped, supervisor-hangup, call-ended, no-answer, dial-failed; null while it runs. */
  endCause: z.string().nullable(),
});
export type MonitorViewWire = z.infer<typeof monitorViewSchema>;

export const monitorStatusSchema = z.object({ monitor: monitorViewSchema.nullable() });
