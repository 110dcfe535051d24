import type { z } from 'zod';
import { safeString } from './safe-string';

/** An ISO 8601 time with a zone ("2026-12-06T09:00:00Z", "2026-12-06T20:00:00+11:00"). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const ISO_MESSAGE = 'must be an ISO 8601 time with a zone, e.g. 2026-12-06T09:00:00Z';
export const isoTimeSchema = safeString()
  .max(40)
  .regex(ISO_TIME, ISO_MESSAGE)
  .refine((s) => !Number.isNaN(Date.parse(s)), ISO_MESSAGE);

const DAY_MS = 86_400_000;

/** `from` (inclusive) and `to` (exclusive) as ISO times; checked together by checkRange. */
export const dateRangeFields = { from: isoTimeSchema, to: isoTimeSchema };

/** The refinement that goes with dateRangeFields: order and span, reported on `to`. */
export function checkRange(maxDays: number) {
  return (v: { from: string; to: string }, ctx: z.RefinementCtx): void => {
    const span = Date.parse(v.to) - Date.parse(v.from);
    if (!(span > 0)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    else if (span > maxDays * DAY_MS) ctx.addIssue({ code: 'custom', path: ['to'], message: `the range may span at most ${maxDays} days` });
  };
}
