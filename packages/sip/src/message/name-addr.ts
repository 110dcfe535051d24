import { parseUri, serializeUri, type SipUri } from '../uri';
import { parseHeaderParams, quote, readQuoted } from './headers';
import { formatParams } from '../uri';

/**
 * name-addr / addr-spec with header parameters (RFC 3261 20.10, 20.20, 20.39):
 * `"Alice" <sip:alice@example.com>;tag=1928`, `Bob <sip:bob@[::1]:5070>`, `sip:carol@host;tag=x`.
 * In the addr-spec form, parameters after the URI belong to the header, not the URI.
 */
export interface NameAddr {
  displayName: string | undefined;
  uri: SipUri;
  params: Map<string, string | null>;
}

export function parseNameAddr(value: string): NameAddr | undefined {
  let s = value.trim();
  let displayName: string | undefined;
  let uriText: string;
  let rest: string;
  if (s.startsWith('"')) {
    const q = readQuoted(s, 0);
    if (!q) return undefined;
    displayName = q.text;
    s = s.slice(q.end).trimStart();
    if (!s.startsWith('<')) return undefined;
  }
  const lt = s.indexOf('<');
  if (lt >= 0) {
    if (displayName === undefined) {
      const dn = s.slice(0, lt).trim();
      if (dn.length > 0) displayName = dn;
    }
    const gt = s.indexOf('>', lt);
    if (gt < 0) return undefined;
    uriText = s.slice(lt + 1, gt);
    rest = s.slice(gt + 1);
  } else {
    const semi = s.indexOf(';');
    uriText = (semi < 0 ? s : s.slice(0, semi)).trim();
    rest = semi < 0 ? '' : s.slice(semi);
    // addr-spec may not carry URI headers or a display name.
    if (uriText.includes('?') || uriText.includes(' ')) return undefined;
  }
  const r = parseUri(uriText.trim());
  if (!r.ok) return undefined;
  rest = rest.trim();
  if (rest.length > 0 && !rest.startsWith(';')) return undefined;
  const params = new Map<string, string | null>();
  if (!parseHeaderParams(rest, params)) return undefined;
  return { displayName, uri: r.uri, params };
}

export function serializeNameAddr(na: NameAddr): string {
  const dn = na.displayName !== undefined ? `${quote(na.displayName)} ` : '';
  return `${dn}<${serializeUri(na.uri)}>${formatParams(na.params)}`;
}

/** Reads the tag parameter from a From/To value without a full parse when possible. */
export function tagOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const na = parseNameAddr(value);
  const t = na?.params.get('tag');
  return t ?? undefined;
}
