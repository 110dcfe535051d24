import type { SipUri } from '../uri';
import { serializeUri } from '../uri';
import type { Headers } from './headers';
import { parseNameAddr, tagOf, type NameAddr } from './name-addr';
import { parseVia, type Via } from './via';

/** A SIP request (RFC 3261 7.1). `headers` is the source of truth; the accessors parse on demand. */
export interface SipRequest {
  readonly kind: 'request';
  method: string;
  uri: SipUri;
  headers: Headers;
  body: Buffer;
}

/** A SIP response (RFC 3261 7.2). */
export interface SipResponse {
  readonly kind: 'response';
  status: number;
  reason: string;
  headers: Headers;
  body: Buffer;
}

export type SipMessage = SipRequest | SipResponse;

export interface CSeq {
  seq: number;
  method: string;
}

export const EMPTY_BODY: Buffer = Buffer.alloc(0);

export function parseCSeq(value: string | undefined): CSeq | undefined {
  if (!value) return undefined;
  const s = value.trim();
  const sp = s.search(/[ \t]/);
  if (sp <= 0 || sp > 10) return undefined;
  const num = s.slice(0, sp);
  for (let i = 0; i < num.length; i++) {
    const c = num.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
  }
  const seq = Number(num);
  // RFC 3261 8.1.1.5: the sequence number MUST be less than 2**31.
  if (seq >= 2 ** 31) return undefined;
  const method = s.slice(sp).trim();
  if (method.length === 0 || method.includes(' ')) return undefined;
  return { seq, method };
}

export function topVia(m: SipMessage): Via | undefined {
  const v = m.headers.get('via');
  return v === undefined ? undefined : parseVia(v);
}

export function cseqOf(m: SipMessage): CSeq | undefined {
  return parseCSeq(m.headers.get('cseq'));
}

export function callIdOf(m: SipMessage): string {
  return m.headers.get('call-id') ?? '';
}

export function fromOf(m: SipMessage): NameAddr | undefined {
  const v = m.headers.get('from');
  return v === undefined ? undefined : parseNameAddr(v);
}

export function toOf(m: SipMessage): NameAddr | undefined {
  const v = m.headers.get('to');
  return v === undefined ? undefined : parseNameAddr(v);
}

export function fromTag(m: SipMessage): string | undefined {
  return tagOf(m.headers.get('from'));
}

export function toTag(m: SipMessage): string | undefined {
  return tagOf(m.headers.get('to'));
}

/** The Contact URI of a message (first Contact), if it parses. */
export function contactUri(m: SipMessage): SipUri | undefined {
  const c = m.headers.get('contact');
  return c === undefined ? undefined : parseNameAddr(c)?.uri;
}

export function requestLine(r: SipRequest): string {
  return `${r.method} ${serializeUri(r.uri)} SIP/2.0`;
}

export function bodyText(m: SipMessage): string {
  return m.body.toString('utf8');
}

export function isRequest(m: SipMessage): m is SipRequest {
  return m.kind === 'request';
}
