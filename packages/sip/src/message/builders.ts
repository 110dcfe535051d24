import { Headers } from './headers';
import { EMPTY_BODY, type SipRequest, type SipResponse } from './message';
import { tagOf } from './name-addr';

/** Standard reason phrases (RFC 3261 21) for the codes we send. */
export const REASONS: Readonly<Record<number, string>> = {
  100: 'Trying',
  180: 'Ringing',
  181: 'Call Is Being Forwarded',
  182: 'Queued',
  183: 'Session Progress',
  200: 'OK',
  202: 'Accepted',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  413: 'Request Entity Too Large',
  414: 'Request-URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Unsupported URI Scheme',
  420: 'Bad Extension',
  421: 'Extension Required',
  423: 'Interval Too Brief',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  482: 'Loop Detected',
  483: 'Too Many Hops',
  484: 'Address Incomplete',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  491: 'Request Pending',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  504: 'Server Time-out',
  505: 'Version Not Supported',
  513: 'Message Too Large',
  600: 'Busy Everywhere',
  603: 'Decline',
  604: 'Does Not Exist Anywhere',
  606: 'Not Acceptable',
};

export interface ResponseOptions {
  reason?: string;
  /** To tag to add when the request's To has none (ignored for 100). */
  toTag?: string;
  headers?: Record<string, string | readonly string[]>;
  body?: Buffer | string;
  contentType?: string;
}

/**
 * Builds a response per RFC 3261 8.2.6.2: Via (all, in order), From, To, Call-ID and CSeq copied;
 * a To tag added for anything but 100; Timestamp echoed on 100 (8.2.6.1).
 */
export function createResponse(req: Pick<SipRequest, 'method' | 'headers'>, status: number, opts: ResponseOptions = {}): SipResponse {
  const h = new Headers();
  const src = req.headers;
  h.set('via', src.getAll('via'));
  for (const name of ['from', 'to', 'call-id', 'cseq']) {
    const v = src.get(name);
    if (v !== undefined) h.set(name, v);
  }
  const to = h.get('to');
  if (status > 100 && opts.toTag && to !== undefined && tagOf(to) === undefined) h.set('to', `${to};tag=${opts.toTag}`);
  if (status === 100) {
    const ts = src.get('timestamp');
    if (ts !== undefined) h.set('timestamp', ts);
  }
  if (opts.headers) for (const [k, v] of Object.entries(opts.headers)) h.set(k, v);
  let body = EMPTY_BODY;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? Buffer.from(opts.body, 'utf8') : opts.body;
    if (opts.contentType) h.set('content-type', opts.contentType);
  }
  return { kind: 'response', status, reason: opts.reason ?? REASONS[status] ?? 'Unknown', headers: h, body };
}
