/**
 * DTMF carried in SIP INFO bodies: `application/dtmf-relay` ("Signal=5\r\nDuration=160") and
 * `application/dtmf` (the bare digit). Used by carriers and phones that do not send RFC 4733.
 */
export interface DtmfInfo {
  /** One of 0-9, *, #, A-D. */
  digit: string;
  /** Duration in ms, when the body says. */
  durationMs: number | undefined;
}

const DIGITS = '0123456789*#ABCD';
/** RFC 4733 event numbers 10 and 11 map to * and #; some phones send them as numbers. */
const EVENT_CODES: Readonly<Record<string, string>> = { '10': '*', '11': '#', '12': 'A', '13': 'B', '14': 'C', '15': 'D' };

function normaliseDigit(raw: string): string | undefined {
  const v = raw.trim().toUpperCase();
  if (v.length === 1 && DIGITS.includes(v)) return v;
  return EVENT_CODES[v];
}

/** Parses an INFO body by content type; undefined when it is not a DTMF body or not valid. */
export function parseDtmfInfo(contentType: string | undefined, body: string): DtmfInfo | undefined {
  const ct = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (ct === 'application/dtmf') {
    const digit = normaliseDigit(body);
    return digit ? { digit, durationMs: undefined } : undefined;
  }
  if (ct !== 'application/dtmf-relay') return undefined;
  let digit: string | undefined;
  let durationMs: number | undefined;
  for (const line of body.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const name = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1).trim();
    if (name === 'signal') digit = normaliseDigit(value);
    else if (name === 'duration' && /^\d{1,6}$/.test(value)) durationMs = Number(value);
  }
  return digit ? { digit, durationMs } : undefined;
}

export function formatDtmfRelay(digit: string, durationMs = 160): string {
  return `Signal=${digit}\r\nDuration=${durationMs}\r\n`;
}
