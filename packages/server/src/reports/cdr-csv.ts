import { CDR_COLUMNS } from '@switchboard/protocol';
import type { CallRecord } from '@switchboard/core';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A value a
 * spreadsheet would run as a formula (= @ tab CR, or + - not followed by a digit) gets a leading
 * apostrophe; E.164 numbers ("+61…") stay as they are.
 */
export function csvField(v: string | number | boolean | null): string {
  if (v === null) return '';
  let s = String(v);
  if (/^[=@\t\r]/.test(s) || /^[+-](?![0-9])/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
const secs = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : Math.max(0, Math.round((b - a) / 1000)));

export const CDR_HEADER = CDR_COLUMNS.join(',') + '\r\n';

/** One call as a CSV line, in CDR_COLUMNS order. */
export function cdrLine(c: CallRecord): string {
  const values: Record<(typeof CDR_COLUMNS)[number], string | number | boolean | null> = {
    interaction_id: c.interactionId,
    direction: c.direction,
    state: c.state,
    campaign_id: c.campaignId,
    campaign_name: c.campaignName,
    queue_id: c.queueId,
    agent_id: c.agentId,
    customer_number: c.customerNumber,
    platform_number: c.platformNumber,
    created_at: iso(c.createdAt),
    answered_at: iso(c.answeredAt),
    ended_at: iso(c.endedAt),
    closed_at: iso(c.closedAt),
    time_in_queue_s: c.timeInQueueMs === null ? null : Math.round(c.timeInQueueMs / 1000),
    talk_s: secs(c.answeredAt, c.endedAt),
    wrap_s: secs(c.endedAt, c.closedAt),
    outcome_id: c.outcomeId,
    wrapped_by: c.wrappedBy,
    end_cause: c.endCause,
    recorded: c.recording?.file ? 'yes' : 'no',
  };
  return CDR_COLUMNS.map((k) => csvField(values[k])).join(',') + '\r\n';
}
