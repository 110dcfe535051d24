import { isSupportedCountry, parsePhoneNumberWithError, ParseError, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js/max';
import { InvalidPhoneNumberError, type PhoneNumberProblem } from './errors';

export interface NormalisedNumber {
  /** E.164, e.g. +61412345678: what the engine dials and records keep. */
  e164: string;
  /** ISO 3166 alpha-2 of the number, when known. */
  country: string | null;
  /** For display: international format, e.g. "+61 412 345 678". */
  display: string;
  type: string | null;
}

const MAX_INPUT = 40;
/** What a keypad or a keyboard may give: digits, +, and the usual separators (a plain space, never a control character). */
const ALLOWED = /^[0-9+ \-().]*$/;

/** The region a dialled number is read in: the agent's, else the workspace's, if known to the metadata. */
export function dialRegion(agentRegion: string | null | undefined, workspaceRegion: string | null | undefined): CountryCode | undefined {
  for (const r of [agentRegion, workspaceRegion]) {
    const up = String(r ?? '').toUpperCase();
    if (up && isSupportedCountry(up)) return up as CountryCode;
  }
  return undefined;
}

/**
 * Reads a number typed on the adapter's keypad or a keyboard, national
 * ("0412 345 678", read in `region`) or international ("+1 202 555 0143"),
 * and returns it in E.164. Throws InvalidPhoneNumberError with a reason.
 * Uses the full metadata ("max") so a number must be valid, not only the
 * right length.
 */
export function normalisePhoneNumber(input: string, region?: string | null): NormalisedNumber {
  const text = typeof input === 'string' ? input.trim() : '';
  if (!text) throw new InvalidPhoneNumberError('empty');
  if (text.length > MAX_INPUT) throw new InvalidPhoneNumberError('too-long');
  if (!ALLOWED.test(text) || text.lastIndexOf('+') > 0) throw new InvalidPhoneNumberError('not-a-number');
  const digits = text.replace(/\D/g, '');
  if (digits.length < 3) throw new InvalidPhoneNumberError('too-short');
  const country = dialRegion(region, null);
  if (!text.startsWith('+') && !country) throw new InvalidPhoneNumberError('unknown-country', { region: region ?? null });
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(text, country);
  } catch (err) {
    throw new InvalidPhoneNumberError(err instanceof ParseError ? fromParseError(err.message) : 'invalid');
  }
  const length = validatePhoneNumberLength(text, country);
  if (length) throw new InvalidPhoneNumberError(fromParseError(length), { country: parsed.country ?? country ?? null });
  if (!parsed.isValid()) {
    throw new InvalidPhoneNumberError(parsed.country || country ? 'invalid-for-region' : 'invalid', { country: parsed.country ?? country ?? null });
  }
  return {
    e164: parsed.number,
    country: parsed.country ?? null,
    display: parsed.formatInternational(),
    type: parsed.getType() ?? null,
  };
}

function fromParseError(message: string): PhoneNumberProblem {
  switch (message) {
    case 'NOT_A_NUMBER':
      return 'not-a-number';
    case 'INVALID_COUNTRY':
      return 'unknown-country';
    case 'TOO_SHORT':
      return 'too-short';
    case 'TOO_LONG':
      return 'too-long';
    case 'INVALID_LENGTH':
      return 'invalid-length';
    default:
      return 'invalid';
  }
}
