/**
 * Header names and the header collection (RFC 3261 7.3). Names are stored by
 * their full lower-case form; compact forms (7.3.3) are expanded on the way in.
 * Multi-value headers (7.3.1) are split on commas outside quotes and angle brackets,
 * so `getAll('via')` is one entry per Via whatever the wire layout.
 */
const COMPACT: Readonly<Record<string, string>> = {
  i: 'call-id',
  m: 'contact',
  f: 'from',
  t: 'to',
  v: 'via',
  l: 'content-length',
  c: 'content-type',
  k: 'supported',
  s: 'subject',
  e: 'content-encoding',
  o: 'event',
  u: 'allow-events',
  r: 'refer-to',
  b: 'referred-by',
  x: 'session-expires',
  a: 'accept-contact',
  j: 'reject-contact',
  d: 'request-disposition',
  y: 'identity',
};

const DISPLAY: Readonly<Record<string, string>> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'mime-version': 'MIME-Version',
  rseq: 'RSeq',
  rack: 'RAck',
};

/** Headers whose value is a comma-separated list (RFC 3261 7.3.1 and section 20). */
const MULTI: ReadonlySet<string> = new Set([
  'via',
  'contact',
  'route',
  'record-route',
  'allow',
  'supported',
  'require',
  'proxy-require',
  'unsupported',
  'accept',
  'accept-encoding',
  'accept-language',
  'content-encoding',
  'allow-events',
  'path',
  'service-route',
  'in-reply-to',
  'alert-info',
  'call-info',
  'error-info',
  'reply-to',
  'warning',
]);

export function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT[lower] ?? lower;
}

export function displayName(lower: string): string {
  const d = DISPLAY[lower];
  if (d) return d;
  let out = '';
  let up = true;
  for (const ch of lower) {
    out += up ? ch.toUpperCase() : ch;
    up = ch === '-';
  }
  return out;
}

export function isMultiValue(lower: string): boolean {
  return MULTI.has(lower);
}

/**
 * Splits a header value on commas that are outside double quotes and angle brackets.
 * Linear, and tolerant of unbalanced quotes (the rest is one value).
 */
export function splitList(value: string): string[] {
  const out: string[] = [];
  let inQuote = false;
  let inAngle = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (inQuote) {
      if (c === 0x5c)
        i++; // backslash escapes the next char
      else if (c === 0x22) inQuote = false;
    } else if (c === 0x22) inQuote = true;
    else if (c === 0x3c) inAngle = true;
    else if (c === 0x3e) inAngle = false;
    else if (c === 0x2c && !inAngle) {
      const part = value.slice(start, i).trim();
      if (part.length > 0) out.push(part);
      start = i + 1;
    }
  }
  const last = value.slice(start).trim();
  if (last.length > 0) out.push(last);
  return out;
}

/** The header section of a message: ordered, case-insensitive, multi-valued. */
export class Headers {
  private readonly map = new Map<string, string[]>();

  /** Appends a raw value as received or as given; list headers are split. Returns how many values were added. */
  append(name: string, value: string): number {
    const key = canonicalName(name);
    let list = this.map.get(key);
    if (!list) this.map.set(key, (list = []));
    if (MULTI.has(key) && value.includes(',')) {
      const parts = splitList(value);
      for (const p of parts) list.push(p);
      return parts.length;
    }
    list.push(value.trim());
    return 1;
  }

  /** Adds a value at the top (e.g. a proxy's Via). */
  prepend(name: string, value: string): void {
    const key = canonicalName(name);
    const list = this.map.get(key);
    if (list) list.unshift(value);
    else this.map.set(key, [value]);
  }

  /** Replaces a header. A list header given as one comma-separated string is split, as on parse. */
  set(name: string, value: string | readonly string[]): void {
    const key = canonicalName(name);
    if (typeof value === 'string') this.map.set(key, MULTI.has(key) && value.includes(',') ? splitList(value) : [value]);
    else this.map.set(key, [...value]);
  }

  get(name: string): string | undefined {
    return this.map.get(canonicalName(name))?.[0];
  }

  getAll(name: string): readonly string[] {
    return this.map.get(canonicalName(name)) ?? [];
  }

  has(name: string): boolean {
    return (this.map.get(canonicalName(name))?.length ?? 0) > 0;
  }

  delete(name: string): void {
    this.map.delete(canonicalName(name));
  }

  /** Entries as [lower-case full name, values]. */
  entries(): IterableIterator<[string, string[]]> {
    return this.map.entries();
  }

  get size(): number {
    return this.map.size;
  }

  clone(): Headers {
    const h = new Headers();
    for (const [k, v] of this.map) h.map.set(k, [...v]);
    return h;
  }
}

/** Reads a quoted-string starting at `i` (which must be a '"'). Returns the unescaped text and the index after it. */
export function readQuoted(s: string, i: number): { text: string; end: number } | undefined {
  let text = '';
  for (let j = i + 1; j < s.length; j++) {
    const ch = s[j]!;
    if (ch === '\\') {
      if (j + 1 >= s.length) return undefined;
      text += s[++j];
    } else if (ch === '"') return { text, end: j + 1 };
    else text += ch;
  }
  return undefined;
}

/** Quotes a display name or parameter value, escaping backslash and double quote. */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) out += ch === '"' || ch === '\\' ? '\\' + ch : ch;
  return out + '"';
}

/**
 * Splits ";a=b;c=\"x;y\"" respecting quoted values. Names lower-cased; quoted values keep their quotes
 * so a value round-trips (use unquote() to read one).
 */
export function parseHeaderParams(s: string, into: Map<string, string | null>): boolean {
  let i = 0;
  while (i < s.length) {
    while (i < s.length && (s[i] === ';' || s[i] === ' ' || s[i] === '\t')) i++;
    if (i >= s.length) break;
    let j = i;
    while (j < s.length && s[j] !== '=' && s[j] !== ';') j++;
    const name = s.slice(i, j).trim().toLowerCase();
    if (name.length === 0) return false;
    if (j >= s.length || s[j] === ';') {
      into.set(name, null);
      i = j;
      continue;
    }
    j++;
    while (j < s.length && (s[j] === ' ' || s[j] === '\t')) j++;
    if (s[j] === '"') {
      const q = readQuoted(s, j);
      if (!q) return false;
      into.set(name, s.slice(j, q.end));
      i = q.end;
    } else {
      let k = j;
      while (k < s.length && s[k] !== ';') k++;
      into.set(name, s.slice(j, k).trim());
      i = k;
    }
  }
  return true;
}

export function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return readQuoted(v, 0)?.text ?? v.slice(1, -1);
  return v;
}
