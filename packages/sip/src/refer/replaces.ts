import type { SipRequest } from '../message/message';
import { isToken } from '../uri';

/**
 * The Replaces header (RFC 3891 6.1), in an INVITE or embedded in a REFER's Refer-To URI:
 *
 *     Replaces        = "Replaces" HCOLON callid *(SEMI replaces-param)
 *     replaces-param  = to-tag / from-tag / early-flag / generic-param
 *     to-tag          = "to-tag" EQUAL token
 *     from-tag        = "from-tag" EQUAL token
 *     early-flag      = "early-only"
 *
 * The tags are seen from the side that receives the INVITE-with-Replaces: to-tag is that UA's
 * local tag, from-tag its remote tag (RFC 3891 3).
 */
export interface Replaces {
  callId: string;
  toTag: string;
  fromTag: string;
  earlyOnly: boolean;
}

/** callid = word [ "@" word ] (RFC 3261 25.1): what a word may hold, besides alphanumerics. */
const WORD_EXTRA = new Set('-.!%*_+`\'~()<>:\\"/[]?{}');

function isWord(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (!alnum && !WORD_EXTRA.has(s[i]!)) return false;
  }
  return true;
}

function isCallId(s: string): boolean {
  const at = s.indexOf('@');
  if (at < 0) return isWord(s);
  return isWord(s.slice(0, at)) && isWord(s.slice(at + 1));
}

/** Parses a Replaces value; undefined when it breaks the grammar. Linear; never throws. */
export function parseReplaces(value: string): Replaces | undefined {
  if (value.length > 1024) return undefined;
  const parts = value.split(';');
  const callId = parts[0]!.trim();
  if (!isCallId(callId)) return undefined;
  let toTag: string | undefined;
  let fromTag: string | undefined;
  let earlyOnly = false;
  for (const raw of parts.slice(1)) {
    const p = raw.trim();
    const eq = p.indexOf('=');
    const name = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase();
    const val = eq < 0 ? undefined : p.slice(eq + 1).trim();
    if (!isToken(name)) return undefined;
    if (name === 'to-tag' || name === 'from-tag') {
      // "A Replaces header field MUST contain exactly one to-tag and exactly one from-tag, as they
      // are required for unique dialog matching." (RFC 3891 6.1)
      if (val === undefined || !isToken(val)) return undefined;
      if (name === 'to-tag') {
        if (toTag !== undefined) return undefined;
        toTag = val;
      } else {
        if (fromTag !== undefined) return undefined;
        fromTag = val;
      }
    } else if (name === 'early-only') {
      if (val !== undefined) return undefined;
      earlyOnly = true;
    } else if (val !== undefined && val.length > 0 && !isToken(val) && !/^"[^"\r\n\\]*"$/.test(val)) {
      return undefined; // generic-param = token [ EQUAL gen-value ]
    }
  }
  if (toTag === undefined || fromTag === undefined) return undefined;
  return { callId, toTag, fromTag, earlyOnly };
}

export function formatReplaces(r: Replaces): string {
  return `${r.callId};to-tag=${r.toTag};from-tag=${r.fromTag}${r.earlyOnly ? ';early-only' : ''}`;
}

/** What a UAS must answer an INVITE-with-Replaces (RFC 3891 3) when it cannot replace the dialog. */
export interface ReplacesRefusal {
  status: number;
  reason: string;
}

/**
 * RFC 3891 3's checks on the dialog a Replaces matched (undefined: none). Our stack keeps only
 * dialogs that a 2xx created (confirmed, in RFC 3261 12's terms) and forgets them once ended,
 * so an early dialog (call pickup) and an ended one both read as "no match".
 */
export function refuseReplaces(r: Replaces, matched: { state: string } | undefined): ReplacesRefusal | undefined {
  // "If no match is found, the UAS rejects the INVITE and returns a 481 Call/Transaction Does Not
  // Exist response."
  if (!matched) return { status: 481, reason: 'Replaces: No Such Dialog' };
  // "If the Replaces header field matches a dialog which has already terminated, the UA SHOULD
  // decline the request with a 603 Declined response."
  if (matched.state === 'terminated') return { status: 603, reason: 'Decline: Replaced Dialog Has Ended' };
  // "If the Replaces header field matches a confirmed dialog, it checks for the presence of the
  // "early-only" flag in the Replaces header field. (This flag allows the UAC to prevent a
  // potentially undesirable race condition ...) If the flag is present, the UA rejects the
  // request with a 486 Busy response."
  if (r.earlyOnly) return { status: 486, reason: 'Busy Here: Dialog Is Confirmed' };
  return undefined;
}

/** RFC 3891 3's syntax checks on any request, for a UA that supports `replaces`. */
export function replacesSyntaxRefusal(req: SipRequest, inDialog: boolean): ReplacesRefusal | undefined {
  const values = req.headers.getAll('replaces');
  if (values.length === 0) return undefined;
  // "If more than one Replaces header field is present in an INVITE, or if a Replaces header field
  // is present in a request other than INVITE, the UAS MUST reject the request with a 400 Bad
  // Request response."
  if (req.method !== 'INVITE') return { status: 400, reason: 'Replaces Only Allowed In INVITE' };
  if (values.length > 1) return { status: 400, reason: 'Multiple Replaces Header Values' };
  // A re-INVITE replaces nothing: the header only makes sense on a dialog-creating INVITE.
  if (inDialog) return { status: 400, reason: 'Replaces In A re-INVITE' };
  if (!parseReplaces(values[0]!)) return { status: 400, reason: 'Malformed Replaces Header' };
  return undefined;
}
