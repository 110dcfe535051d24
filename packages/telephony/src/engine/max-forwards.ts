import { TelephonyError } from '../errors';

/**
 * Max-Forwards for an INVITE we place for an inbound leg (`continues`), from that leg's own.
 * RFC 3261 16.6 step 3: "If the copy contains a Max-Forwards header field, the proxy MUST
 * decrement its value by one (1). If the copy does not contain a Max-Forwards header field, the
 * proxy MUST add one with a field value, which SHOULD be 70." At zero we must not forward (16.3).
 * Undefined when the call continues no leg (the endpoint's usual 70 then).
 */
export function forwardedMaxForwards(continues: string | undefined, inbound: { maxForwards: number | undefined } | undefined): number | undefined {
  if (continues === undefined) return undefined;
  const mf = inbound?.maxForwards;
  if (mf === undefined) return 70;
  if (mf <= 0) throw new TelephonyError('TEL_TOO_MANY_HOPS', `leg ${continues} arrived with Max-Forwards 0: not forwarded`, 483, { leg: continues });
  return mf - 1;
}
