import { DEFAULT_LIMITS, findHeaderEnd, type ParserLimits } from './parser';

export type FrameEvent =
  | { type: 'message'; data: Buffer }
  | { type: 'ping' }
  /** `head` is set when the header section was complete, so a 513 can still be answered. */
  | { type: 'error'; reason: string; head?: Buffer };

const CL_NAMES = ['content-length', 'l'];

/** Reads the Content-Length value from a raw header block; -1 if absent, -2 if malformed. */
function contentLength(head: string): number {
  let found = -1;
  for (const raw of head.split('\n')) {
    const colon = raw.indexOf(':');
    if (colon <= 0) continue;
    const name = raw.slice(0, colon).trim().toLowerCase();
    if (!CL_NAMES.includes(name)) continue;
    const v = raw.slice(colon + 1).trim();
    if (!/^\d{1,9}$/.test(v)) return -2;
    found = Number(v);
  }
  return found;
}

/**
 * Splits a byte stream (TCP) into SIP messages by Content-Length (RFC 3261 18.3), across partial
 * and coalesced reads. A CRLFCRLF between messages is a keepalive ping (RFC 5626 4.4.1). A stream
 * whose framing cannot be trusted (no header end within the limit, bad Content-Length) is an error:
 * the transport closes the connection, since the next message boundary is unknown.
 */
export class StreamFramer {
  private buf: Buffer = Buffer.alloc(0);
  private searchedTo = 0;

  constructor(private readonly limits: ParserLimits = DEFAULT_LIMITS) {}

  push(chunk: Buffer): FrameEvent[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: FrameEvent[] = [];
    for (;;) {
      // Leading CR/LF: keepalives. A double CRLF is a ping that wants a single CRLF pong.
      let i = 0;
      while (i < this.buf.length && (this.buf[i] === 13 || this.buf[i] === 10)) i++;
      if (i > 0) {
        if (i >= 4) out.push({ type: 'ping' });
        this.buf = this.buf.subarray(i);
        this.searchedTo = 0;
      }
      if (this.buf.length === 0) return out;
      const end = findHeaderEnd(this.buf, Math.max(0, this.searchedTo - 3));
      if (end < 0) {
        this.searchedTo = this.buf.length;
        if (this.buf.length > this.limits.maxMessageSize) {
          out.push({ type: 'error', reason: 'header section exceeds the message size limit' });
          this.buf = Buffer.alloc(0);
        }
        return out;
      }
      const cl = contentLength(this.buf.toString('latin1', 0, end));
      if (cl === -2) {
        out.push({ type: 'error', reason: 'malformed Content-Length on a stream' });
        this.buf = Buffer.alloc(0);
        return out;
      }
      const total = end + Math.max(0, cl);
      if (total > this.limits.maxMessageSize) {
        out.push({ type: 'error', reason: 'message exceeds the size limit', head: Buffer.from(this.buf.subarray(0, end)) });
        this.buf = Buffer.alloc(0);
        return out;
      }
      if (this.buf.length < total) return out;
      out.push({ type: 'message', data: Buffer.from(this.buf.subarray(0, total)) });
      this.buf = this.buf.subarray(total);
      this.searchedTo = 0;
    }
  }

  get buffered(): number {
    return this.buf.length;
  }
}
