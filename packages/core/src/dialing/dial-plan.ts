import type { DialPlanConfig, WorkspaceConfig } from '../workspace/types';
import { DialPlanRefusedError, InvalidPhoneNumberError, type DialPlanRefusal } from './errors';
import { normalisePhoneNumber, type NormalisedNumber } from './phone-number';

export type DialPlanDecision =
  | { allowed: true; number: NormalisedNumber }
  | { allowed: false; refusal: DialPlanRefusal; number: string; country: string | null; type: string | null };

/** A workspace without a dial plan: its own country only, never premium rate. */
export function defaultDialPlan(region: string): DialPlanConfig {
  return { allowCountries: [region.toUpperCase()], blockTypes: ['PREMIUM_RATE'], blockNumbers: [] };
}

export function dialPlanOf(ws: Pick<WorkspaceConfig, 'dialPlan' | 'region'>): DialPlanConfig {
  return ws.dialPlan ?? defaultDialPlan(ws.region);
}

/**
 * May the engine call `number` out through a trunk? Pure: the number must be
 * E.164 (a leading +, valid for its country), its country allowed, its type
 * (libphonenumber's, full metadata) not blocked, and it must not start with a
 * blocked number or prefix.
 */
export function checkDialPlan(number: string, plan: DialPlanConfig): DialPlanDecision {
  const text = typeof number === 'string' ? number : '';
  let n: NormalisedNumber;
  try {
    if (!/^\+[1-9][0-9]{2,15}$/.test(text)) throw new InvalidPhoneNumberError('invalid');
    n = normalisePhoneNumber(text, null);
  } catch {
    return { allowed: false, refusal: 'not-e164', number: text, country: null, type: null };
  }
  const refuse = (refusal: DialPlanRefusal): DialPlanDecision => ({ allowed: false, refusal, number: n.e164, country: n.country, type: n.type });
  if (plan.blockNumbers.some((b) => n.e164.startsWith(b))) return refuse('number-blocked');
  if (plan.allowCountries !== 'all' && !(n.country && plan.allowCountries.includes(n.country))) return refuse('country-not-allowed');
  if (n.type && (plan.blockTypes as readonly string[]).includes(n.type)) return refuse('number-type-blocked');
  return { allowed: true, number: n };
}

/** checkDialPlan that throws DialPlanRefusedError (DIAL_PLAN_REFUSED) on a refusal. */
export function assertDialPlan(number: string, plan: DialPlanConfig): NormalisedNumber {
  const d = checkDialPlan(number, plan);
  if (!d.allowed) throw new DialPlanRefusedError(d.refusal, { number: d.number, country: d.country, type: d.type });
  return d.number;
}
