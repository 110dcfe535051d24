import { z } from 'zod';
import { checkRange, dateRangeFields } from './date-range';

/** Reports (issue 20.7): call detail records as CSV, and per-queue / per-agent figures per 15 minutes. */

export const REPORT_INTERVAL_MINUTES = 15;
export const CDR_MAX_DAYS = 366;
export const INTERVALS_MAX_DAYS = 31;

export const cdrQuerySchema = z.strictObject(dateRangeFields).superRefine(checkRange(CDR_MAX_DAYS));

/** The CSV's columns, in order (the header row). */
export const CDR_COLUMNS = [
  'interaction_id',
  'direction',
  'state',
  'campaign_id',
  'campaign_name',
  'queue_id',
  'agent_id',
  'customer_number',
  'platform_number',
  'created_at',
  'answered_at',
  'ended_at',
  'closed_at',
  'time_in_queue_s',
  'talk_s',
  'wrap_s',
  'outcome_id',
  'wrapped_by',
  'end_cause',
  'recorded',
] as const;

export const intervalsQuerySchema = z
  .strictObject({
    ...dateRangeFields,
    by: z.enum(['queue', 'agent']),
    /** A call answered within this many seconds of waiting counts toward the service level. */
    serviceLevelSeconds: z.coerce.number().int().min(1).max(3600).default(20),
  })
  .superRefine(checkRange(INTERVALS_MAX_DAYS));
export type IntervalsQuery = z.infer<typeof intervalsQuerySchema>;

export const intervalRowSchema = z.object({
  /** Interval start (ISO); each is REPORT_INTERVAL_MINUTES long. */
  start: z.string(),
  /** The queue's or the agent's id, and name. */
  key: z.string(),
  name: z.string(),
  offered: z.number().int().nonnegative(),
  answered: z.number().int().nonnegative(),
  abandoned: z.number().int().nonnegative(),
  /** Share of offered calls answered within serviceLevelSeconds (0..1); null with none offered. */
  serviceLevel: z.number().nullable(),
  /** Average handle time (talk + wrap) of the calls answered in the interval, seconds; null with none. */
  ahtSeconds: z.number().nullable(),
  /** Time handling calls / time logged in, within the interval (0..1); null with nobody logged in. */
  occupancy: z.number().nullable(),
});
export type IntervalRow = z.infer<typeof intervalRowSchema>;
export const intervalsReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  by: z.enum(['queue', 'agent']),
  intervalMinutes: z.number().int(),
  serviceLevelSeconds: z.number().int(),
  rows: z.array(intervalRowSchema),
});
export type IntervalsReport = z.infer<typeof intervalsReportSchema>;
