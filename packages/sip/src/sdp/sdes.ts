import type { SdpAttribute, SdpMedia } from './sdp';

/**
 * SDES (RFC 4568): an `a=crypto` line carries a tag, a crypto suite and the sender's master key
 * and salt inline, base64. The SDP layer does not know the suites' meaning; it only moves keys.
 */
export interface SdesCrypto {
  tag: number;
  suite: string;
  /** The master key || master salt, decoded. */
  keySalt: Buffer;
}

/**
 * One `a=crypto` value, or undefined when we cannot use it: several keys, an MKI (we send none,
 * so we could not tell keys apart), a key derivation rate or other session parameters we do not
 * implement (RFC 4568 6.3: an unknown parameter makes the line unusable).
 */
export function parseCrypto(value: string): SdesCrypto | undefined {
  const parts = value.trim().split(/\s+/);
  if (parts.length !== 3) return undefined;
  const [tagText, suite, keyParams] = parts as [string, string, string];
  if (!/^\d{1,9}$/.test(tagText) || !/^[A-Z0-9_]{1,64}$/.test(suite)) return undefined;
  if (keyParams.includes(';')) return undefined;
  const m = /^inline:([A-Za-z0-9+/]+={0,2})(?:\|(2\^\d{1,2}|\d{1,20}))?$/.exec(keyParams);
  if (!m) return undefined;
  const keySalt = Buffer.from(m[1]!, 'base64');
  if (keySalt.length !== 30) return undefined;
  return { tag: Number(tagText), suite, keySalt };
}

export function serializeCrypto(c: SdesCrypto): string {
  return `${c.tag} ${c.suite} inline:${c.keySalt.toString('base64')}`;
}

/** The usable crypto lines of a media section, in the offerer's order of preference. */
export function cryptoLines(m: SdpMedia): SdesCrypto[] {
  const out: SdesCrypto[] = [];
  for (const a of m.attributes) {
    if (a.name !== 'crypto' || a.value === undefined) continue;
    const c = parseCrypto(a.value);
    if (c) out.push(c);
  }
  return out;
}

export function cryptoAttribute(c: SdesCrypto): SdpAttribute {
  return { name: 'crypto', value: serializeCrypto(c) };
}
