import { z } from 'zod';
import { safeString } from './safe-string';
import { checkRange, dateRangeFields } from './date-range';

/** Call recordings (issue 20.5): search, detail with markers and a waveform, playback tickets, access audit. */

const idSchema = safeString()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');
export const recordingParamsSchema = z.strictObject({ interactionId: idSchema });

/** Longest range one search may cover. */
export const RECORDING_SEARCH_MAX_DAYS = 366;

export const recordingSearchQuerySchema = z
  .strictObject({
    ...dateRangeFields,
    agentId: idSchema.optional(),
    campaignId: idSchema.optional(),
    /** Part of the customer's number: digits, an optional leading +. */
    number: safeString()
      .regex(/^\+?[0-9]{2,16}$/, 'digits, with an optional leading +')
      .optional(),
    outcomeId: idSchema.optional(),
    minDurationSeconds: z.coerce.number().int().min(0).max(86_400).optional(),
    maxDurationSeconds: z.coerce.number().int().min(0).max(86_400).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .superRefine(checkRange(RECORDING_SEARCH_MAX_DAYS))
  .superRefine((v, ctx) => {
    if (v.minDurationSeconds !== undefined && v.maxDurationSeconds !== undefined && v.minDurationSeconds > v.maxDurationSeconds) {
      ctx.addIssue({ code: 'custom', path: ['maxDurationSeconds'], message: 'must not be less than minDurationSeconds' });
    }
  });
export type RecordingSearchQuery = z.infer<typeof recordingSearchQuerySchema>;

export const recordingSummarySchema = z.object({
  interactionId: z.string(),
  /** When the call began (ISO). */
  startedAt: z.string(),
  direction: z.enum(['IN', 'OUT']),
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  teamId: z.string().nullable(),
  campaignId: z.string().nullable(),
  campaignName: z.string().nullable(),
  customerNumber: z.string().nullable(),
  outcomeId: z.string().nullable(),
  outcomeName: z.string().nullable(),
  /** The call's talk time (answer to hang-up), ms; null if unknown. */
  durationMs: z.number().int().nonnegative().nullable(),
  /** What the caller may do with it. */
  canDownload: z.boolean(),
});
export type RecordingSummary = z.infer<typeof recordingSummarySchema>;
export const recordingListSchema = z.object({ recordings: z.array(recordingSummarySchema), truncated: z.boolean() });
export type RecordingList = z.infer<typeof recordingListSchema>;

/** bookmark: an agent's; announcement: one played into the call (start and end); pause/resume: the recording's gaps. */
export const recordingMarkerKindSchema = z.enum(['bookmark', 'announcement-start', 'announcement-end', 'pause', 'resume']);
export type RecordingMarkerKind = z.infer<typeof recordingMarkerKindSchema>;
export const recordingMarkerSchema = z.object({ kind: recordingMarkerKindSchema, label: z.string(), offsetMs: z.number().int().nonnegative() });
export type RecordingMarkerView = z.infer<typeof recordingMarkerSchema>;

export const recordingDetailSchema = recordingSummarySchema.extend({
  /** The WAV's length, ms (from its markers file, else its size). */
  fileDurationMs: z.number().int().nonnegative(),
  sampleRate: z.number().int(),
  markers: z.array(recordingMarkerSchema),
  /**
   * The waveform: peak levels 0..1 in equal buckets over the file, per channel (left the customer,
   * right the agent side), so the page draws it without fetching the audio.
   */
  peaks: z.object({ customer: z.array(z.number()), agent: z.array(z.number()) }),
});
export type RecordingDetail = z.infer<typeof recordingDetailSchema>;

/** A ticket is one play or one download: the audio URL carries it, because an <audio> element cannot send a bearer token. */
export const recordingTicketRequestSchema = z.strictObject({ purpose: z.enum(['play', 'download']) });
export const recordingTicketSchema = z.object({ url: z.string(), expiresAt: z.string() });
export type RecordingTicket = z.infer<typeof recordingTicketSchema>;
export const recordingAudioQuerySchema = z.strictObject({
  ticket: safeString()
    .regex(/^[A-Za-z0-9_-]{20,100}$/, 'a ticket from POST .../tickets')
    .optional(),
});

export const recordingAccessRowSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  userId: z.string(),
  role: z.string(),
  interactionId: z.string(),
  action: z.enum(['play', 'download', 'denied', 'deleted']),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type RecordingAccessRow = z.infer<typeof recordingAccessRowSchema>;
export const recordingAccessQuerySchema = z.strictObject({
  interactionId: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const recordingAccessListSchema = z.object({ rows: z.array(recordingAccessRowSchema) });

export const retentionRunSchema = z.object({
  /** null: no retention set (nothing deleted). */
  retentionDays: z.number().int().nullable(),
  cutoff: z.string().nullable(),
  deleted: z.array(z.string()),
});
export type RetentionRun = z.infer<typeof retentionRunSchema>;
