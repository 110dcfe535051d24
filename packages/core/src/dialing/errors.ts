import { CoreError } from '../errors/core-error';

export type PhoneNumberProblem = 'empty' | 'not-a-number' | 'too-short' | 'too-long' | 'invalid-length' | 'unknown-country' | 'invalid-for-region' | 'invalid';

const TEXT: Record<PhoneNumberProblem, string> = {
  empty: 'Enter a phone number',
  'not-a-number': 'A phone number may only contain digits, spaces, +, -, ( and )',
  'too-short': 'The number is too short',
  'too-long': 'The number is too long',
  'invalid-length': 'The number has the wrong number of digits',
  'unknown-country': 'The country code is not recognised; international numbers start with +',
  'invalid-for-region': 'The number is not a valid number for its country',
  invalid: 'The number is not a valid phone number',
};

/** INVALID_PHONE_NUMBER, with a machine-readable `reason` in details. */
export class InvalidPhoneNumberError extends CoreError {
  readonly reason: PhoneNumberProblem;

  constructor(reason: PhoneNumberProblem, details: Record<string, unknown> = {}) {
    super('INVALID_PHONE_NUMBER', TEXT[reason], { reason, ...details });
    this.name = 'InvalidPhoneNumberError';
    this.reason = reason;
  }
}

export class ManualDialError extends CoreError {
  constructor(code: 'ACTION_NOT_ALLOWED' | 'VALIDATION_FAILED', message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'ManualDialError';
  }
}

/** Why a workspace's dial plan refused a destination. */
export type DialPlanRefusal = 'not-e164' | 'country-not-allowed' | 'number-type-blocked' | 'number-blocked';

const TYPE_NAMES: Record<string, string> = {
  PREMIUM_RATE: 'premium-rate',
  SHARED_COST: 'shared-cost',
  TOLL_FREE: 'toll-free',
  VOIP: 'VoIP',
  PERSONAL_NUMBER: 'personal',
  UAN: 'universal access',
};

function refusalText(refusal: DialPlanRefusal, d: { number: string; country: string | null; type: string | null }): string {
  switch (refusal) {
    case 'not-e164':
      return 'Only phone numbers in international format (E.164, e.g. +61412345678) may be called';
    case 'country-not-allowed':
      return `Calls to ${d.country ?? 'that country'} numbers are not allowed in this workspace`;
    case 'number-type-blocked':
      return `Calls to ${TYPE_NAMES[d.type ?? ''] ?? (d.type ?? '').toLowerCase().replace(/_/g, ' ')} numbers are not allowed in this workspace`;
    case 'number-blocked':
      return `Calls to ${d.number} are blocked in this workspace`;
  }
}

/** DIAL_PLAN_REFUSED: the workspace's dial plan does not allow calling this destination. */
export class DialPlanRefusedError extends CoreError {
  readonly refusal: DialPlanRefusal;

  constructor(refusal: DialPlanRefusal, details: { number: string; country: string | null; type: string | null }) {
    super('DIAL_PLAN_REFUSED', refusalText(refusal, details), { reason: refusal, ...details });
    this.name = 'DialPlanRefusedError';
    this.refusal = refusal;
  }
}
