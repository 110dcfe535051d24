import { DialerError, DialerErrorCode } from '../errors';

/** Digits only, so "+44 20 7946 0000" and "442079460000" are the same number. */
export function normaliseNumber(number: string): string {
  // Fast path: "+" followed by digits, the E.164 form leads arrive in.
  let plain = true;
  for (let i = number.charCodeAt(0) === 43 ? 1 : 0; i < number.length; i++) {
    const c = number.charCodeAt(i);
    if (c < 48 || c > 57) {
      plain = false;
      break;
    }
  }
  if (plain) return number.charCodeAt(0) === 43 ? number.slice(1) : number;
  return number.replace(/[^0-9]/g, '');
}

/** A do-not-call list: national registry entries and the campaign's own opt-outs. */
export class DoNotCallList {
  private readonly numbers = new Set<string>();

  constructor(numbers: Iterable<string> = []) {
    for (const n of numbers) this.add(n);
  }

  add(number: string): void {
    this.numbers.add(normaliseNumber(number));
  }

  has(number: string): boolean {
    return this.numbers.has(normaliseNumber(number));
  }

  assertMayDial(number: string): void {
    if (this.has(number)) throw new DialerError(DialerErrorCode.DoNotCall, 'number is on the do-not-call list', { number });
  }
}
