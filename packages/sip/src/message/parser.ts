import { isToken, parseUri } from '../uri';
import { Headers, displayName } from './headers';
import { EMPTY_BODY, parseCSeq, type SipMessage, type SipRequest, type SipResponse } from './message';
import { parseNameAddr } from './name-addr';
import { parseVia } from './via';

/**
 * The SIP message parser (RFC 3261 7, 18.3). It never throws. It tells apart:
 * - `drop`: bytes we cannot answer (binary junk, a broken response, a request with no usable Via,
 *   any ACK): the caller drops and counts them;
 * - `reject`: a request that is malformed but answerable: the caller sends `status`/`reason`
 *   (400 with what is wrong, 416 unsupported URI scheme, 505 wrong version, 513 too large);
 * - `keepalive`: CRLF pings (RFC 5626 4.4.1).
 */
export interface ParserLimits {
  /** Largest whole message accepted (bytes). */
  maxMessageSize: number;
  /** Most header lines accepted. */
  maxHeaders: number;
  /** Longest single header line (after unfolding) accepted. */
  maxHeaderLineLength: number;
}

export const DEFAULT_LIMITS: Readonly<ParserLimits> = { maxMessageSize: 65535, maxHeaders: 100, maxHeaderLineLength: 8192 };

/** What a response to a rejected request can be built from. */
export interface RejectedRequest {
  method: string;
  headers: Headers;
}

export type ParseResult =
  | { type: 'message'; message: SipMessage }
  | { type: 'keepalive' }
  | { type: 'drop'; reason: string }
  | { type: 'reject'; status: number; reason: string; request: RejectedRequest };

export interface ParseOptions {
  limits?: ParserLimits;
  /** True when the bytes came framed from a stream transport (TCP, WS framing already applied). */
  stream?: boolean;
}

const SINGLE: readonly string[] = ['from', 'to', 'call-id', 'cseq', 'content-length', 'max-forwards'];
const MANDATORY: readonly string[] = ['via', 'from', 'to', 'call-id', 'cseq'];

/** Index of the first byte of the body (after the blank line), or -1 when there is no blank line. */
export function findHeaderEnd(buf: Buffer, from: number): number {
  for (let i = buf.indexOf(10, from); i >= 0; i = buf.indexOf(10, i + 1)) {
    const n = buf[i + 1];
    if (n === 10) return i + 2;
    if (n === 13 && buf[i + 2] === 10) return i + 3;
  }
  return -1;
}

/**
 * A header value may hold HTAB and visible/UTF-8 text, never CR, LF, NUL or other controls, except
 * escaped inside a quoted string: RFC 3261 25.1, quoted-pair = "\\" (%x00-09 / %x0B-0C / %x0E-7F),
 * so a display name may carry an escaped BEL, NUL or DEL (RFC 4475 3.1.1.2, intmeth.dat).
 */
function badValueChar(s: string): boolean {
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (quoted && c === 0x5c) {
      const n = s.charCodeAt(i + 1);
      // A quoted-pair never escapes CR or LF, and a backslash cannot end the value.
      if (Number.isNaN(n) || n === 0x0a || n === 0x0d) return true;
      i++;
      continue;
    }
    if (c === 0x22) quoted = !quoted;
    else if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}

export function parseMessage(buf: Buffer, opts: ParseOptions = {}): ParseResult {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  let start = 0;
  while (start < buf.length && (buf[start] === 13 || buf[start] === 10)) start++;
  if (start === buf.length) return buf.length > 0 ? { type: 'keepalive' } : { type: 'drop', reason: 'empty' };

  let bodyStart = findHeaderEnd(buf, start);
  const complete = bodyStart >= 0;
  if (!complete) bodyStart = buf.length;
  const headText = buf.toString('utf8', start, bodyStart);
  const lines = headText.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();

  const startLine = lines[0] ?? '';
  if (startLine.length > limits.maxHeaderLineLength) return { type: 'drop', reason: 'start line too long' };
  const isResponse = startLine.startsWith('SIP/');
  let method = '';
  let uriText = '';
  let versionError = false;
  let status = 0;
  let reasonPhrase = '';
  if (isResponse) {
    const sp1 = startLine.indexOf(' ');
    if (sp1 < 0 || startLine.slice(0, sp1) !== 'SIP/2.0') return { type: 'drop', reason: 'bad status line' };
    const code = startLine.slice(sp1 + 1, sp1 + 4);
    if (!/^[1-6]\d\d$/.test(code) || (startLine.length > sp1 + 4 && startLine[sp1 + 4] !== ' ')) {
      return { type: 'drop', reason: 'bad status code' };
    }
    status = Number(code);
    reasonPhrase = startLine.slice(sp1 + 5);
    if (badValueChar(reasonPhrase)) return { type: 'drop', reason: 'bad reason phrase' };
  } else {
    const parts = startLine.split(' ');
    if (parts.length !== 3 || !isToken(parts[0]!) || parts[1]!.length === 0) return { type: 'drop', reason: 'bad request line' };
    method = parts[0]!;
    uriText = parts[1]!;
    const version = parts[2]!;
    if (!/^SIP\/\d{1,3}\.\d{1,3}$/i.test(version)) return { type: 'drop', reason: 'not a SIP request line' };
    versionError = version.toUpperCase() !== 'SIP/2.0';
  }

  // Header lines, unfolding continuations (7.3.1). Problems are noted, not thrown: the first one wins.
  const headers = new Headers();
  let problem: { status: number; reason: string } | undefined;
  const note = (s: number, r: string): void => {
    if (!problem) problem = { status: s, reason: r };
  };
  // A cut-off message is reported as such rather than by whatever its last partial line looks like.
  if (!complete) note(400, 'Missing Blank Line After Headers');
  let count = 0;
  let current: string | undefined;
  const flush = (line: string): void => {
    if (line.length > limits.maxHeaderLineLength) return note(400, 'Header Line Too Long');
    const colon = line.indexOf(':');
    if (colon <= 0) return note(400, 'Malformed Header Line');
    const name = line.slice(0, colon).trimEnd();
    if (!isToken(name)) return note(400, 'Malformed Header Name');
    const value = line.slice(colon + 1).trim();
    if (badValueChar(value)) return note(400, `Invalid Character In ${name} Header`);
    // Values, not lines, are counted: "Via: a, a, a, ..." must not smuggle thousands of entries.
    count += headers.append(name, value);
    if (count > limits.maxHeaders) return note(400, 'Too Many Headers');
  };
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.length > limits.maxHeaderLineLength * 2) {
      if (current !== undefined) flush(current);
      note(400, 'Header Line Too Long');
      current = undefined;
      continue;
    }
    if ((l.startsWith(' ') || l.startsWith('\t')) && current !== undefined) {
      current += ' ' + l.trim();
      continue;
    }
    if (current !== undefined) flush(current);
    current = l;
  }
  if (current !== undefined) flush(current);

  // A response must have a usable Via to reach a transaction; otherwise we only drop it.
  const via = headers.get('via');
  const parsedVia = via === undefined ? undefined : parseVia(via);
  if (isResponse) {
    if (problem) return { type: 'drop', reason: `malformed response: ${problem.reason}` };
    if (!parsedVia) return { type: 'drop', reason: 'response without usable Via' };
  }
  const reject = (s: number, r: string): ParseResult =>
    method === 'ACK' || !parsedVia ? { type: 'drop', reason: `unanswerable request: ${r}` } : { type: 'reject', status: s, reason: r, request: { method, headers } };

  if (versionError) return reject(505, 'Version Not Supported');
  if (buf.length > limits.maxMessageSize) return reject(513, 'Message Too Large');
  if (problem) return reject(problem.status, problem.reason);

  for (const h of MANDATORY) if (!headers.has(h)) return dropOr(isResponse, reject, `Missing ${displayName(h)} Header`);
  for (const h of SINGLE) if (headers.getAll(h).length > 1) return dropOr(isResponse, reject, `Multiple ${displayName(h)} Headers`);
  if (!parsedVia) return reject(400, 'Malformed Via Header');
  const vias = headers.getAll('via');
  for (let i = 1; i < vias.length; i++) if (!parseVia(vias[i]!)) return isResponse ? { type: 'drop', reason: 'bad Via' } : reject(400, 'Malformed Via Header');
  if (!parseNameAddr(headers.get('from')!)) return dropOr(isResponse, reject, 'Malformed From Header');
  if (!parseNameAddr(headers.get('to')!)) return dropOr(isResponse, reject, 'Malformed To Header');
  if (headers.get('call-id')!.length === 0 || /\s/.test(headers.get('call-id')!)) return dropOr(isResponse, reject, 'Malformed Call-ID Header');
  const cseq = parseCSeq(headers.get('cseq'));
  if (!cseq) return dropOr(isResponse, reject, 'Malformed CSeq Header');
  if (!isResponse && cseq.method !== method) return reject(400, 'CSeq Method Does Not Match Request Method');
  const mf = headers.get('max-forwards');
  if (mf !== undefined && !/^\d{1,9}$/.test(mf)) return dropOr(isResponse, reject, 'Malformed Max-Forwards Header');

  // Content-Length (18.3, 20.14).
  const available = buf.length - bodyStart;
  const cl = headers.get('content-length');
  let bodyLength = available;
  if (cl !== undefined) {
    if (!/^\d{1,9}$/.test(cl)) return dropOr(isResponse, reject, 'Malformed Content-Length Header');
    bodyLength = Number(cl);
    if (bodyLength > available) {
      // The datagram ended before the body did: discard a response, 400 a request.
      return dropOr(isResponse, reject, 'Content-Length Larger Than Body');
    }
  } else if (opts.stream) {
    bodyLength = 0;
  }
  const body = bodyLength === 0 ? EMPTY_BODY : buf.subarray(bodyStart, bodyStart + bodyLength);

  if (isResponse) {
    const res: SipResponse = { kind: 'response', status, reason: reasonPhrase, headers, body };
    return { type: 'message', message: res };
  }
  const u = parseUri(uriText);
  if (!u.ok) return u.reason === 'unsupported-scheme' ? reject(416, 'Unsupported URI Scheme') : reject(400, 'Malformed Request-URI');
  const req: SipRequest = { kind: 'request', method, uri: u.uri, headers, body };
  return { type: 'message', message: req };
}

function dropOr(isResponse: boolean, reject: (s: number, r: string) => ParseResult, reason: string): ParseResult {
  return isResponse ? { type: 'drop', reason: `malformed response: ${reason}` } : reject(400, reason);
}
