import { DialerError, DialerErrorCode, requireConfig } from '../errors';

/**
 * The calling-hours window, in the lead's own time zone (an IANA name such as
 * "America/Chicago"). US TSR: not before 8 am nor after 9 pm local time.
 */
export interface CallingHours {
  /** Minutes after local midnight when calling may start (inclusive). */
  readonly startMinute: number;
  /** Minutes after local midnight when calling must stop (exclusive). */
  readonly endMinute: number;
}

export const US_CALLING_HOURS: CallingHours = { startMinute: 8 * 60, endMinute: 21 * 60 };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    } catch {
      requireConfig(false, `unknown time zone ${timeZone}`, { timeZone });
      throw new Error('unreachable');
    }
    formatters.set(timeZone, f);
  }
  return f;
}

const lastMinute = new Map<string, { minute: number; local: number }>();

/** Minutes after local midnight at `now` in `timeZone` (memoised per zone for the current minute). */
export function localMinuteOfDay(now: number, timeZone: string): number {
  const minute = Math.floor(now / 60_000);
  const hit = lastMinute.get(timeZone);
  if (hit && hit.minute === minute) return hit.local;
  const local = computeLocalMinute(now, timeZone);
  lastMinute.set(timeZone, { minute, local });
  return local;
}

function computeLocalMinute(now: number, timeZone: string): number {
  let hour = 0;
  let minute = 0;
  for (const part of formatter(timeZone).formatToParts(new Date(now))) {
    if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return hour * 60 + minute;
}

export function withinCallingHours(now: number, timeZone: string, hours: CallingHours = US_CALLING_HOURS): boolean {
  const m = localMinuteOfDay(now, timeZone);
  return m >= hours.startMinute && m < hours.endMinute;
}

export function assertWithinCallingHours(now: number, timeZone: string, hours: CallingHours = US_CALLING_HOURS): void {
  if (!withinCallingHours(now, timeZone, hours)) {
    throw new DialerError(DialerErrorCode.OutsideCallingHours, `outside calling hours in ${timeZone}`, { timeZone, now });
  }
}
