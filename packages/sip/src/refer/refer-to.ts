import { splitList } from '../message/headers';
import type { SipRequest } from '../message/message';
import { parseNameAddr } from '../message/name-addr';
import { serializeUri, type SipUri } from '../uri';
import { parseReplaces, type Replaces } from './replaces';

/** A REFER's parsed Refer-To (RFC 3515 2.1) and Referred-By (RFC 3892). */
export interface ReferTarget {
  /** The Refer-To URI without its embedded headers (sip:, sips: or tel:). */
  uri: SipUri;
  /** `uri` as text. */
  uriText: string;
  /** The user part (percent-decoded) or the tel number; '' for a URI without one. */
  target: string;
  /** The Refer-To's display name, if any. */
  displayName: string | undefined;
  /** A Replaces header embedded in the Refer-To URI (RFC 3891 2: attended transfer). */
  replaces: Replaces | undefined;
  /** The Referred-By URI (RFC 3892), when the REFER carried one. */
  referredBy: string | undefined;
}

export type ReferParse = { ok: true; refer: ReferTarget } | { ok: false; status: number; reason: string };

/** Strict percent-decoding: a bad escape or bytes that are not UTF-8 give undefined. */
export function percentDecode(s: string): string | undefined {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** How many `?name=...&name=...` headers named `name` the URI inside a name-addr carries. */
function embeddedCount(value: string, name: string): number {
  const lt = value.indexOf('<');
  const gt = lt < 0 ? -1 : value.indexOf('>', lt);
  const uriText = lt >= 0 && gt > lt ? value.slice(lt + 1, gt) : value;
  const q = uriText.indexOf('?');
  if (q < 0) return 0;
  let n = 0;
  for (const h of uriText.slice(q + 1).split('&')) if (h.slice(0, h.indexOf('=')).toLowerCase() === name) n++;
  return n;
}

/** A control character (C0 or DEL): never part of a number or user we hand on. */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function bad(reason: string): ReferParse {
  return { ok: false, status: 400, reason };
}

/**
 * Reads a REFER's Refer-To and Referred-By. Never throws: a REFER that breaks the grammar gets
 * the 400 (with a reason saying what) that RFC 3515 2.4.2 asks for.
 *
 *     Refer-To = ("Refer-To" / "r") HCOLON ( name-addr / addr-spec ) *(SEMI generic-param)
 */
export function parseReferRequest(req: SipRequest): ReferParse {
  const values = req.headers.getAll('refer-to');
  // RFC 3515 2.4.1: "A REFER request MUST contain exactly one Refer-To header field value."
  // 2.4.2: "An agent responding to a REFER method MUST return a 400 (Bad Request) if the request
  // contained zero or more than one Refer-To header field values."
  if (values.length === 0) return bad('Missing Refer-To Header');
  if (values.length > 1) return bad('Multiple Refer-To Header Values');
  // Refer-To is not a list header, but a comma outside <> and quotes still makes two values
  // (RFC 3261 20: a URI holding a comma must be in angle brackets).
  const parts = splitList(values[0]!);
  if (parts.length !== 1) return bad(parts.length === 0 ? 'Missing Refer-To Header' : 'Multiple Refer-To Header Values');
  const na = parseNameAddr(parts[0]!);
  if (!na) return bad('Malformed Refer-To Header');
  const uri = na.uri;
  // We can only act on what we can call: sip:, sips: and tel: (the URI parser refuses other schemes).
  let replaces: Replaces | undefined;
  // RFC 3891 3: "If more than one Replaces header field is present in an INVITE ... the UAS MUST
  // reject the request with a 400 Bad Request response": the INVITE a Refer-To describes, likewise.
  // (The URI's header map keeps one value per name, so count them in the text.)
  if (embeddedCount(parts[0]!, 'replaces') > 1) return bad('Multiple Replaces In Refer-To');
  for (const [name, raw] of uri.headers) {
    if (name.toLowerCase() !== 'replaces') continue;
    const decoded = percentDecode(raw);
    const r = decoded === undefined ? undefined : parseReplaces(decoded);
    if (!r) return bad('Malformed Replaces In Refer-To');
    replaces = r;
  }
  let target = '';
  if (uri.user !== undefined) {
    const decoded = percentDecode(uri.user);
    if (decoded === undefined || hasControl(decoded)) return bad('Malformed Refer-To User');
    target = decoded;
  }
  const plain: SipUri = { ...uri, headers: new Map() };
  let referredBy: string | undefined;
  const rb = req.headers.getAll('referred-by');
  if (rb.length > 1) return bad('Multiple Referred-By Header Values');
  if (rb.length === 1) {
    // Referred-By = ("Referred-By" / "b") HCOLON referrer-uri *( SEMI (referredby-id-param / generic-param) )
    const r = parseNameAddr(rb[0]!);
    if (!r) return bad('Malformed Referred-By Header');
    referredBy = serializeUri({ ...r.uri, headers: new Map() });
  }
  return { ok: true, refer: { uri: plain, uriText: serializeUri(plain), target, displayName: na.displayName, replaces, referredBy } };
}
