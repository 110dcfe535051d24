import { SwitchboardError } from '@switchboard/shared';

export type PhoneNumberProblem =
  | 'empty'
  | 'not-a-number'
  | 'too-short'
  | 'too-long'
  | 'invalid-length'
  | 'unknown-country'
  | 'invalid-for-region'
  | 'invalid';

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

/** INVALID_PHONE_NUMBER (422), with a machine-readable `reason` in details. */
export class InvalidPhoneNumberError extends SwitchboardError {
  readonly reason: PhoneNumberProblem;

  constructor(reason: PhoneNumberProblem, details: Record<string, unknown> = {}) {
    super('INVALID_PHONE_NUMBER', TEXT[reason], 422, { reason, ...details });
    this.name = 'InvalidPhoneNumberError';
    this.reason = reason;
  }
}

export class ManualDialError extends SwitchboardError {
  constructor(code: 'ACTION_NOT_ALLOWED' | 'VALIDATION_FAILED', message: string, details?: Record<string, unknown>) {
    super(code, message, code === 'ACTION_NOT_ALLOWED' ? 409 : 400, details);
    this.name = 'ManualDialError';
  }
}
