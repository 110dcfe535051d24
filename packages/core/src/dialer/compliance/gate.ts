import { DialerErrorCode } from '../errors';
import { type CallingHours, US_CALLING_HOURS, withinCallingHours } from './calling-hours';
import type { DoNotCallList } from './do-not-call';
import type { AbandonedRedialGuard } from './redial-guard';

export interface LeadToDial {
  readonly number: string;
  /** The lead's IANA time zone. */
  readonly timeZone: string;
}

export type GateVerdict = { readonly ok: true } | { readonly ok: false; readonly code: DialerErrorCode; readonly reason: string };

/**
 * Everything a lead must pass before a machine dials it: the do-not-call list,
 * the calling-hours window in its own time zone and (UK) the 72-hour quarantine
 * of abandoned numbers.
 */
export class ComplianceGate {
  constructor(
    private readonly dnc: DoNotCallList,
    private readonly redial: AbandonedRedialGuard | undefined,
    private readonly hours: CallingHours = US_CALLING_HOURS,
  ) {}

  check(lead: LeadToDial, now: number): GateVerdict {
    if (this.dnc.has(lead.number)) return { ok: false, code: DialerErrorCode.DoNotCall, reason: 'on the do-not-call list' };
    if (!withinCallingHours(now, lead.timeZone, this.hours)) {
      return { ok: false, code: DialerErrorCode.OutsideCallingHours, reason: `outside calling hours in ${lead.timeZone}` };
    }
    if (this.redial && !this.redial.mayAutoDial(lead.number, now)) {
      return { ok: false, code: DialerErrorCode.RedialTooSoon, reason: 'abandoned within the last 72 hours' };
    }
    return { ok: true };
  }
}
