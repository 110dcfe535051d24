import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, isSeq, parseDocument, visit, type Document, type Node, type Pair } from 'yaml';
import type { ConfigObjectSection, ConfigSection } from '@switchboard/protocol';
import { agentSchema, staffSchema } from './file-schema';

/**
 * Edits of the workspace file's text for the configuration API (issue 20.6). The file stays the
 * source of truth: an edit parses the current text into a YAML document, changes one item in
 * place (comments elsewhere survive) and prints it again; the caller validates the result with
 * parseWorkspace before writing anything. Nothing here validates: it only moves items and secrets.
 */

export type WorkspaceFileItem = Record<string, unknown>;
export type HashSecretFn = (secret: string) => Promise<string>;

/** The file's version: a hash of its bytes (the ETag of the configuration). */
export function fileVersion(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32);
}

/**
 * Parses without validating; a syntax error leaves `errors` set (parseWorkspace reports them).
 * A comment block after a section that ends in a nested value (the demo's `# --- CRMs` with its
 * commented example after `recordings`) is read by yaml as a comment on that value, and would
 * print indented under it: after its first blank line, it belongs to the next section (or, after
 * the last, to the end of the file).
 */
export function readDocument(text: string): Document {
  const doc = parseDocument(text, { uniqueKeys: true });
  const pairs = isMap(doc.contents) ? (doc.contents.items as Pair[]) : [];
  pairs.forEach((pair, i) => {
    const value = pair.value as { comment?: string | null } | null;
    const cut = value?.comment?.indexOf('\n\n') ?? -1;
    if (!value?.comment || cut < 0) return;
    const tail = value.comment.slice(cut + 2);
    value.comment = value.comment.slice(0, cut) || null;
    const next = pairs[i + 1]?.key;
    if (isScalar(next)) {
      next.commentBefore = next.commentBefore ? `${tail}\n\n${next.commentBefore}` : tail;
      next.spaceBefore = true;
    } else doc.comment = doc.comment ? `${tail}\n\n${doc.comment}` : tail;
  });
  return doc;
}

/** The document as text, flow lists written as operators write them (`[AU, NZ]`, not `[ AU, NZ ]`). */
export function printDocument(doc: Document): string {
  return doc.toString({ flowCollectionPadding: false });
}

/** The key that names an item in its section: DNIS by their number, trunks by their name, the rest by id. */
export function keyField(section: ConfigSection): string {
  return section === 'dnis' ? 'number' : section === 'trunks' ? 'name' : 'id';
}

/** An item's key: its keyField, or for users (agents, staff) the username when there is no id. */
export function itemKey(section: ConfigSection, item: unknown): string | null {
  if (typeof item !== 'object' || item === null) return null;
  const o = item as WorkspaceFileItem;
  const k = o[keyField(section)];
  if (typeof k === 'string' || typeof k === 'number') return String(k);
  if ((section === 'agents' || section === 'staff') && (typeof o.username === 'string' || typeof o.username === 'number')) return String(o.username);
  return null;
}

/** A section's items as plain values (as written, without the loader's defaults). */
export function sectionItems(doc: Document, section: string): WorkspaceFileItem[] {
  const js = doc.toJS() as Record<string, unknown> | null;
  const list = js?.[section];
  return Array.isArray(list) ? list.filter((i): i is WorkspaceFileItem => typeof i === 'object' && i !== null) : [];
}

const USER_SECRETS: Record<'agents' | 'staff', Array<[plain: string, hashed: string]>> = {
  agents: [
    ['password', 'passwordHash'],
    ['pin', 'pinHash'],
  ],
  staff: [['password', 'passwordHash']],
};
const SECRET_KEYS = new Set(['password', 'passwordHash', 'pin', 'pinHash']);
/** A trunk's blocks that may hold a password in clear (the engine needs it to answer a digest challenge). */
const TRUNK_SECRET_BLOCKS = ['credentials', 'inboundCredentials'] as const;

const isRecord = (v: unknown): v is WorkspaceFileItem => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The item without its secrets (agents' and staff's passwords and PINs, plain or hashed; trunks' passwords). */
export function redactItem(section: ConfigSection, item: WorkspaceFileItem): WorkspaceFileItem {
  if (section === 'trunks') {
    const out: WorkspaceFileItem = { ...item };
    for (const block of TRUNK_SECRET_BLOCKS) {
      const c = out[block];
      if (isRecord(c)) out[block] = Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'password'));
    }
    return out;
  }
  if (section !== 'agents' && section !== 'staff') return item;
  return Object.fromEntries(Object.entries(item).filter(([k]) => !SECRET_KEYS.has(k)));
}

/** True when the item carries a secret (a supervisor may not set one). */
export function carriesSecret(section: ConfigSection, item: WorkspaceFileItem): boolean {
  if (section === 'trunks') return TRUNK_SECRET_BLOCKS.some((b) => isRecord(item[b]) && (item[b] as WorkspaceFileItem).password !== undefined);
  return (section === 'agents' || section === 'staff') && Object.keys(item).some((k) => SECRET_KEYS.has(k) && item[k] !== '' && item[k] !== null);
}

/**
 * A trunk's passwords for the file: a block given without password or passwordEnv keeps the
 * password the file has for it, if the username is the same (a password does not follow an
 * account it was not given for); a blank password is as none.
 */
function withTrunkSecrets(incoming: WorkspaceFileItem, existing: WorkspaceFileItem | null): WorkspaceFileItem {
  const out: WorkspaceFileItem = { ...incoming };
  for (const block of TRUNK_SECRET_BLOCKS) {
    const c = out[block];
    if (!isRecord(c)) continue;
    const next: WorkspaceFileItem = { ...c };
    if (next.password === '' || next.password === null) delete next.password;
    if (next.passwordEnv === '' || next.passwordEnv === null) delete next.passwordEnv;
    const was = existing?.[block];
    if (next.password === undefined && next.passwordEnv === undefined && isRecord(was) && was.password !== undefined && was.username === next.username) {
      next.password = was.password;
    }
    out[block] = next;
  }
  return out;
}

/**
 * A user's secrets for the file: a valid plaintext password or PIN is hashed (the API never
 * writes one in clear), an invalid one is left for the loader to report, and one left out
 * (or blank) keeps what the file has for that user.
 */
async function withUserSecrets(section: 'agents' | 'staff', incoming: WorkspaceFileItem, existing: WorkspaceFileItem | null, hash: HashSecretFn): Promise<WorkspaceFileItem> {
  const out: WorkspaceFileItem = { ...incoming };
  for (const [plain, hashed] of USER_SECRETS[section]) {
    if (out[plain] === '' || out[plain] === null) delete out[plain];
    if (out[hashed] === '' || out[hashed] === null) delete out[hashed];
    if (out[plain] !== undefined && out[hashed] === undefined) {
      const shape = section === 'agents' ? agentSchema.shape : staffSchema.shape;
      const check = (shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>)[plain]!.safeParse(out[plain]);
      if (check.success && typeof check.data === 'string') {
        out[hashed] = await hash(check.data);
        delete out[plain];
      }
    } else if (out[plain] === undefined && out[hashed] === undefined && existing) {
      if (existing[plain] !== undefined) out[plain] = existing[plain];
      if (existing[hashed] !== undefined) out[hashed] = existing[hashed];
    }
  }
  return out;
}

/** Keeps the comments that sat on the node being replaced. */
function keepComments(from: unknown, to: Node): Node {
  const f = from as { commentBefore?: string | null; comment?: string | null } | undefined;
  if (f?.commentBefore) to.commentBefore = f.commentBefore;
  if (f?.comment) to.comment = f.comment;
  return to;
}

export interface ItemChange {
  action: 'create' | 'update' | 'delete';
  before: WorkspaceFileItem | null;
  after: WorkspaceFileItem | null;
}

/** Creates or replaces the item keyed `key` in `section` (secrets kept or hashed, see withUserSecrets). */
export async function putItem(doc: Document, section: ConfigSection, key: string, incoming: WorkspaceFileItem, hash: HashSecretFn): Promise<ItemChange> {
  const items = sectionItems(doc, section);
  const index = items.findIndex((i) => itemKey(section, i) === key);
  const before = index >= 0 ? items[index]! : null;
  // The URL names the item: a user keyed by a username other than the URL's gets the URL's id.
  let item: WorkspaceFileItem = { ...incoming };
  if (itemKey(section, item) !== key) {
    const field = keyField(section);
    const { [field]: _, ...rest } = item;
    item = { [field]: key, ...rest };
  }
  if (section === 'agents' || section === 'staff') item = await withUserSecrets(section, item, before, hash);
  if (section === 'trunks') item = withTrunkSecrets(item, before);
  let seq = doc.get(section, true);
  if (!isSeq(seq)) {
    doc.set(section, doc.createNode([]));
    seq = doc.get(section, true);
  }
  if (!isSeq(seq)) throw new Error(`cannot make ${section} a list`);
  const old = index >= 0 ? seq.items[index] : undefined;
  if (isMap(old) && before) {
    // In place: unchanged lines keep their order and comments, so the file's diff is the edit.
    for (const k of Object.keys(before)) if (!(k in item)) old.delete(k);
    for (const [k, v] of Object.entries(item)) if (!isDeepStrictEqual(before[k], v)) old.set(k, styled(doc.createNode(v)));
  } else if (index >= 0) seq.items[index] = keepComments(old, styled(doc.createNode(item) as Node));
  else seq.items.push(styled(doc.createNode(item) as Node));
  return { action: before ? 'update' : 'create', before, after: item };
}

/** Lists of plain values print on one line (`campaigns: [a, b]`), as operators write them. */
function styled<T>(node: T): T {
  visit(node as Node, {
    Seq(_, seq) {
      if (seq.items.every((i) => isScalar(i))) seq.flow = true;
    },
  });
  return node;
}

/** A single-object section as written (null when absent or not a mapping). */
export function objectSection(doc: Document, section: ConfigObjectSection): WorkspaceFileItem | null {
  const js = doc.toJS() as Record<string, unknown> | null;
  const v = js?.[section];
  return isRecord(v) ? v : null;
}

const topPair = (doc: Document, section: string): { pairs: Pair[]; index: number } | null => {
  if (!isMap(doc.contents)) return null;
  const pairs = doc.contents.items as Pair[];
  return { pairs, index: pairs.findIndex((p) => (isScalar(p.key) ? p.key.value : p.key) === section) };
};

/**
 * Sets a single-object section whole; an existing mapping is edited in place (its comments stay).
 * A new one goes at the end, after the file's closing comment when that is its commented example
 * (`# crm:` in the demo), so the explanation stays above it.
 */
export function putObject(doc: Document, section: ConfigObjectSection, value: WorkspaceFileItem): ItemChange {
  const before = objectSection(doc, section);
  const node = doc.get(section, true);
  if (isMap(node) && before) {
    for (const k of Object.keys(before)) if (!(k in value)) node.delete(k);
    for (const [k, v] of Object.entries(value)) if (!isDeepStrictEqual(before[k], v)) node.set(k, styled(doc.createNode(v)));
  } else {
    doc.set(section, styled(doc.createNode(value)));
    const at = topPair(doc, section);
    const pair = at?.pairs[at.index];
    if (pair && at.index === at.pairs.length - 1 && doc.comment && new RegExp(`^ ?${section}:`, 'm').test(doc.comment)) {
      const key = isScalar(pair.key) ? pair.key : doc.createNode(section);
      key.commentBefore = doc.comment;
      key.spaceBefore = true;
      pair.key = key;
      doc.comment = null;
    }
  }
  return { action: before ? 'update' : 'create', before, after: value };
}

/**
 * Removes a single-object section (its defaults apply); null when the file has none. The comment
 * above it moves to the next section (it often explains more than the one removed), or to the end.
 */
export function deleteObject(doc: Document, section: ConfigObjectSection): ItemChange | null {
  const at = topPair(doc, section);
  if (!at || at.index < 0) return null;
  const before = objectSection(doc, section);
  const removed = at.pairs[at.index]!;
  const comment = isScalar(removed.key) ? removed.key.commentBefore : null;
  doc.delete(section);
  const next = at.pairs[at.index];
  if (comment && next && isScalar(next.key)) {
    next.key.commentBefore = next.key.commentBefore ? `${comment}\n\n${next.key.commentBefore}` : comment;
    next.key.spaceBefore = true;
  } else if (comment) doc.comment = doc.comment ? `${comment}\n\n${doc.comment}` : comment;
  return { action: 'delete', before, after: null };
}

/** Removes the item keyed `key`; null when there is none. */
export function deleteItem(doc: Document, section: ConfigSection, key: string): ItemChange | null {
  const items = sectionItems(doc, section);
  const index = items.findIndex((i) => itemKey(section, i) === key);
  const seq = doc.get(section, true);
  if (index < 0 || !isSeq(seq)) return null;
  seq.items.splice(index, 1);
  return { action: 'delete', before: items[index]!, after: null };
}

/** The file as an operator may take it away: comments kept, every secret left out (users' and trunks'). */
export function exportText(text: string): string {
  const doc = readDocument(text);
  for (const section of ['agents', 'staff'] as const) {
    const seq = doc.get(section, true);
    if (!isSeq(seq)) continue;
    for (const node of seq.items) if (isMap(node)) for (const k of SECRET_KEYS) node.delete(k);
  }
  const trunks = doc.get('trunks', true);
  if (isSeq(trunks)) {
    for (const t of trunks.items) {
      if (!isMap(t)) continue;
      for (const block of ['credentials', 'inboundCredentials']) {
        const c = t.get(block, true);
        if (isMap(c)) c.delete('password');
      }
    }
  }
  const note = ' Exported by Switchboard: passwords, PINs and trunk passwords are left out; an import keeps the current ones.';
  doc.commentBefore = doc.commentBefore ? `${doc.commentBefore}\n\n${note}` : note;
  return printDocument(doc);
}

/**
 * A whole file to import: users and trunks given without secrets keep the current file's (the
 * same id, username or trunk name), and valid plaintext user secrets are hashed. Returns the text
 * to validate and write.
 */
export async function importText(text: string, currentText: string, hash: HashSecretFn): Promise<string> {
  const doc = readDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return text;
  const current = readDocument(currentText);
  for (const section of ['agents', 'staff'] as const) {
    const seq = doc.get(section, true);
    if (!isSeq(seq)) continue;
    const mine = sectionItems(current, section);
    const theirs = sectionItems(doc, section);
    for (let i = 0; i < seq.items.length; i++) {
      const node = seq.items[i];
      const item = theirs[i];
      if (!item || !isMap(node)) continue;
      const key = itemKey(section, item);
      const existing = mine.find((m) => itemKey(section, m) === key) ?? null;
      const withSecrets = await withUserSecrets(section, item, existing, hash);
      // Only the secret keys change: the item's other lines and comments stay as imported.
      for (const k of SECRET_KEYS) {
        if (withSecrets[k] === undefined) node.delete(k);
        else if (withSecrets[k] !== item[k]) node.set(k, withSecrets[k]);
      }
    }
  }
  const trunks = doc.get('trunks', true);
  const oldTrunks = sectionItems(current, 'trunks');
  if (isSeq(trunks)) {
    for (const t of trunks.items) {
      if (!isMap(t)) continue;
      const old = oldTrunks.find((o) => o.name === t.get('name'));
      for (const block of ['credentials', 'inboundCredentials']) {
        const c = t.get(block, true);
        const was = old?.[block] as WorkspaceFileItem | undefined;
        if (!isMap(c) || !was || c.has('password') || c.has('passwordEnv')) continue;
        if (c.get('username') === was.username && was.password !== undefined) c.set('password', was.password);
      }
    }
  }
  return printDocument(doc);
}
