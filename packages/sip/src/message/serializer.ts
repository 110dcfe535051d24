import { SipError } from '../errors';
import { serializeUri } from '../uri';
import { displayName, isMultiValue } from './headers';
import type { SipMessage } from './message';

/**
 * Values that would let a caller smuggle extra header lines (CR, LF, NUL) are refused. A NUL
 * escaped inside a quoted string (a quoted-pair, RFC 3261 25.1) is data we must echo back as it
 * came (a To header is copied into responses, 8.2.6.2; RFC 4475 3.1.1.2).
 */
function checkValue(name: string, value: string): void {
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 13 || c === 10 || c === 0) {
      throw new SipError('SIP_HEADER_INJECTION', `header ${name} contains CR, LF or NUL`, undefined, { header: name });
    }
    if (quoted && c === 0x5c) {
      i++; // the escaped character: any but CR or LF
      const n = value.charCodeAt(i);
      if (n === 13 || n === 10) throw new SipError('SIP_HEADER_INJECTION', `header ${name} contains CR, LF or NUL`, undefined, { header: name });
      continue;
    }
    if (c === 0x22) quoted = !quoted;
  }
}

/**
 * Writes a message to wire form (RFC 3261 7). Content-Length is always written from the body,
 * so a stream peer can frame it.
 */
export function serializeMessage(m: SipMessage): Buffer {
  let head: string;
  if (m.kind === 'request') head = `${m.method} ${serializeUri(m.uri)} SIP/2.0\r\n`;
  else {
    checkValue('reason-phrase', m.reason);
    head = `SIP/2.0 ${m.status} ${m.reason}\r\n`;
  }
  for (const [name, values] of m.headers.entries()) {
    if (name === 'content-length') continue;
    if (values.length === 0) continue;
    const dn = displayName(name);
    for (const v of values) checkValue(dn, v);
    // List headers go on one line, comma-separated (7.3.1); others one line per value.
    if (isMultiValue(name)) head += `${dn}: ${values.join(', ')}\r\n`;
    else for (const v of values) head += `${dn}: ${v}\r\n`;
  }
  head += `Content-Length: ${m.body.length}\r\n\r\n`;
  if (m.body.length === 0) return Buffer.from(head, 'utf8');
  const h = Buffer.from(head, 'utf8');
  return Buffer.concat([h, m.body], h.length + m.body.length);
}

export function serializeToString(m: SipMessage): string {
  return serializeMessage(m).toString('utf8');
}
