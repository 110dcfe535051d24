import type { DialPlanConfig } from '../workspace/types';
import { assertDialPlan } from './dial-plan';
import { normalisePhoneNumber, type NormalisedNumber } from './phone-number';

/** Where "Call me to connect" rings: a phone number out through a trunk, or the agent's own registered phone. */
export type CallMeTarget = { kind: 'number'; number: NormalisedNumber } | { kind: 'own-phone'; user: string };

export interface CallMeContext {
  /** The region a national number is read in (the agent's, else the workspace's). */
  region: string | null;
  /** The agent's own phone users (username, agent number): their registered phone, never the trunk. */
  ownPhoneUsers: readonly string[];
  dialPlan: DialPlanConfig;
}

/**
 * Reads a "Call me" number like manual dial reads a dialled one: E.164 after
 * normalising in the agent's region, and allowed by the workspace's dial plan
 * (a call-me number is dialled out like any other: toll fraud otherwise). The
 * one exception is the agent's own phone (`1001` for the registered phone).
 * Never a URI. Throws InvalidPhoneNumberError or DialPlanRefusedError.
 */
export function callMeTarget(input: string, ctx: CallMeContext): CallMeTarget {
  const compact = typeof input === 'string' ? input.trim().replace(/[\s().-]/g, '') : '';
  const own = ctx.ownPhoneUsers.find((u) => u !== '' && u === compact);
  if (own) return { kind: 'own-phone', user: own };
  const number = normalisePhoneNumber(input, ctx.region);
  return { kind: 'number', number: assertDialPlan(number.e164, ctx.dialPlan) };
}

/** What the session keeps and the engine rings: E.164, or the own phone's user. */
export function callMeNumber(input: string, ctx: CallMeContext): string {
  const t = callMeTarget(input, ctx);
  return t.kind === 'own-phone' ? t.user : t.number.e164;
}
