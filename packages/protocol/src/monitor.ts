import { z } from 'zod';
import { safeString, safeText } from './safe-string';

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

/**
 * The supervisor's voice path: `number`, call me (an E.164 number the dial plan allows; a lab SIP
 * URI with CALL_ME_SIP_URIS=on), or `sdp`, Web Connect (the browser's WebRTC offer with every
 * candidate; the answer comes back in the response). Exactly one of the two.
 */
export const monitorStartSchema = z
  .strictObject({
    mode: monitorModeSchema.default('listen'),
    number: safeString().trim().min(1).max(64).optional(),
    sdp: safeText().min(10).max(20_000).optional(),
  })
  .refine((b) => (b.number === undefined) !== (b.sdp === undefined), { message: 'give either number (call me) or sdp (Web Connect)', path: ['number'] });
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
  voice: z.enum(['call-me', 'web']),
  /** The number rung (call me); null for Web Connect. */
  number: z.string().nullable(),
  /** ISO time it was asked for. */
  since: z.string(),
  /** stopped, supervisor-hangup, call-ended, no-answer, dial-failed; null while it runs. */
  endCause: z.string().nullable(),
  /** Changes so far: of two views of one monitoring the higher is newer (a REST answer and the floor stream may arrive in either order). */
  rev: z.number().int().nonnegative(),
});
export type MonitorViewWire = z.infer<typeof monitorViewSchema>;

/** Starting: the view, and for Web Connect the engine's SDP answer for the browser. */
export const monitorStartedSchema = monitorViewSchema.extend({ sdp: z.string().optional() });
export type MonitorStarted = z.infer<typeof monitorStartedSchema>;

export const monitorStatusSchema = z.object({ monitor: monitorViewSchema.nullable() });
