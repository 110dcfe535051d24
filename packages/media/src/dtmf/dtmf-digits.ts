/** DTMF digits, their RFC 4733 event codes (0..15) and their two frequencies. */
export type DtmfDigit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

/** RFC 4733 §3.2: events 0-9, * = 10, # = 11, A-D = 12-15. */
export const EVENT_DIGITS: readonly DtmfDigit[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', 'A', 'B', 'C', 'D'];

export const ALL_DIGITS: readonly DtmfDigit[] = EVENT_DIGITS;

export function digitForEvent(event: number): DtmfDigit | undefined {
  return EVENT_DIGITS[event];
}

export function eventForDigit(digit: DtmfDigit): number {
  return EVENT_DIGITS.indexOf(digit);
}

export const DTMF_ROWS = [697, 770, 852, 941] as const;
export const DTMF_COLS = [1209, 1336, 1477, 1633] as const;

/** KEYPAD[row][col]. */
export const KEYPAD: readonly (readonly DtmfDigit[])[] = [
  ['1', '2', '3', 'A'],
  ['4', '5', '6', 'B'],
  ['7', '8', '9', 'C'],
  ['*', '0', '#', 'D'],
];

export function frequenciesFor(digit: DtmfDigit): [number, number] {
  for (let r = 0; r < 4; r++) {
    const c = KEYPAD[r]!.indexOf(digit);
    if (c >= 0) return [DTMF_ROWS[r]!, DTMF_COLS[c]!];
  }
  throw new Error(`not a DTMF digit: ${digit}`);
}

export function isDtmfDigit(s: string): s is DtmfDigit {
  return (EVENT_DIGITS as readonly string[]).includes(s);
}
