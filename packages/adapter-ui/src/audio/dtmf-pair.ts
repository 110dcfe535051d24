/** DTMF pairs (Hz): row and column of the telephone keypad. */
const ROWS = [697, 770, 852, 941];
const COLS = [1209, 1336, 1477, 1633];
const KEYS = ['123A', '456B', '789C', '*0#D'];

/** The two frequencies of a keypad key (0-9 * # A-D), or undefined for anything else. */
export function dtmfPair(key: string): [number, number] | undefined {
  const r = KEYS.findIndex((row) => row.includes(key.toUpperCase()));
  return r < 0 ? undefined : [ROWS[r]!, COLS[KEYS[r]!.indexOf(key.toUpperCase())]!];
}
