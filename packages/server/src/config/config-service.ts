import { randomBytes } from 'node:crypto';
import { chmod, copyFile, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { WorkspaceConfig } from '@switchboard/core';
import {
  CONFIG_OBJECT_SECTIONS,
  CONFIG_SECTIONS,
  type ConfigItem,
  type ConfigObjectSection,
  type ConfigProblem,
  type ConfigSection,
  type WorkspaceConfigView,
} from '@switchboard/protocol';
import { hashSecret, type Clock, type Logger } from '@switchboard/shared';
import {
  WorkspaceError,
  deleteItem,
  deleteObject,
  exportText,
  fileVersion,
  importText,
  itemKey,
  objectSection,
  putItem,
  putObject,
  printDocument,
  readDocument,
  redactItem,
  sectionItems,
  type ConfigChangeAction,
  type ConfigChangesRepo,
  type HashSecretFn,
  type WorkspaceFileItem,
} from '@switchboard/store';
import type { Principal } from '../auth/token-service';
import { apiError } from '../http/api-error';
import { checkPut, configAccess, maySee, objectAccess } from './config-access';

export interface ConfigServiceDeps {
  /** The workspace file (the source of truth). */
  file: string;
  /** The workspace loader on a proposed text: the same validation as a load (throws WorkspaceError). */
  validate(text: string): Promise<WorkspaceConfig>;
  /** Applies a validated workspace everywhere (the reloader); throws WorkspaceError when a holder refuses it. */
  apply(ws: WorkspaceConfig): Promise<Record<string, number>>;
  changes: ConfigChangesRepo;
  clock: Clock;
  log: Logger;
  /** Hashes passwords and PINs given through the API before they reach the file (default scrypt). */
  hash?: HashSecretFn;
}

type Sections = Record<ConfigSection, WorkspaceFileItem[]>;
type Who = Pick<Principal, 'userId' | 'role'>;

interface Current {
  text: string;
  version: string;
}

/** `"abc"`, `W/"abc"` or `abc` → `abc`; '*' or nothing → undefined (no check). */
export function versionOf(ifMatch: string | undefined): string | undefined {
  if (!ifMatch) return undefined;
  const v = ifMatch
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
  return v === '*' || v === '' ? undefined : v;
}

/**
 * Configuration editing (issue 20.6): every change takes the file as it is on disk, applies the
 * edit to its YAML document, validates the result with the workspace loader and, only if valid,
 * writes it atomically (a temp file renamed over it, the previous bytes kept as `.bak`) and
 * applies it through the reloader. A refusal anywhere leaves the file's bytes as they were. Edits
 * run one at a time; If-Match guards against a stale one. Every accepted change is audited.
 */
export class ConfigService {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly hash: HashSecretFn;

  constructor(private readonly d: ConfigServiceDeps) {
    this.hash = d.hash ?? hashSecret;
  }

  private async current(): Promise<Current> {
    const text = await readFile(this.d.file, 'utf8');
    return { text, version: fileVersion(text) };
  }

  private sections(text: string): Sections {
    const doc = readDocument(text);
    return Object.fromEntries(CONFIG_SECTIONS.map((s) => [s, sectionItems(doc, s)])) as Sections;
  }

  async view(p: Who): Promise<WorkspaceConfigView> {
    const cur = await this.current();
    const sections = this.sections(cur.text);
    const doc = readDocument(cur.text);
    const js = (doc.toJS() ?? {}) as Record<string, unknown>;
    const visible = CONFIG_SECTIONS.filter((s) => maySee(p, s));
    const access = configAccess(sections, p);
    return {
      version: cur.version,
      settings: { name: js.name, region: js.region, callInNumber: js.callInNumber },
      sections: Object.fromEntries(visible.map((s) => [s, sections[s].map((i) => redactItem(s, i))])) as Partial<Record<ConfigSection, ConfigItem[]>>,
      access: Object.fromEntries(visible.map((s) => [s, access[s]])),
      objects: Object.fromEntries(CONFIG_OBJECT_SECTIONS.map((s) => [s, objectSection(doc, s)])) as Record<ConfigObjectSection, ConfigItem | null>,
      objectAccess: objectAccess(p),
      wholeFile: p.role === 'admin',
    };
  }

  async exportYaml(): Promise<Current> {
    const cur = await this.current();
    return { text: exportText(cur.text), version: cur.version };
  }

  put(p: Who, section: ConfigSection, key: string, item: WorkspaceFileItem, ifMatch: string | undefined) {
    return this.serial(async () => {
      const cur = await this.checked(ifMatch);
      checkPut(this.sections(cur.text), p, section, key, item);
      const doc = readDocument(cur.text);
      const change = await putItem(doc, section, key, item, this.hash);
      const index = sectionItems(doc, section).findIndex((i) => itemKey(section, i) === key);
      const counts = await this.commit(cur, printDocument(doc), { at: `${section}[${index}]` });
      const after = redactItem(section, change.after ?? {});
      if (counts) await this.audit(p, cur, section, key, change.action, { before: change.before && redactItem(section, change.before), after });
      return { version: fileVersion(await readFile(this.d.file, 'utf8')), action: change.action, item: after, counts: counts ?? {} };
    });
  }

  remove(p: Who, section: ConfigSection, key: string, ifMatch: string | undefined) {
    return this.serial(async () => {
      if (p.role !== 'admin') throw apiError('FORBIDDEN', 'Only an admin may remove configuration items');
      const cur = await this.checked(ifMatch);
      const doc = readDocument(cur.text);
      const change = deleteItem(doc, section, key);
      if (!change) throw apiError('NOT_FOUND', `No ${section} item "${key}"`);
      const counts = await this.commit(cur, printDocument(doc), {});
      await this.audit(p, cur, section, key, 'delete', { before: change.before && redactItem(section, change.before), after: null });
      return { version: fileVersion(await readFile(this.d.file, 'utf8')), action: 'delete' as const, item: null, counts: counts ?? {} };
    });
  }

  /** Sets a single-object section (dialPlan, recordings, crm) whole; admins only. */
  putObject(p: Who, section: ConfigObjectSection, value: WorkspaceFileItem, ifMatch: string | undefined) {
    return this.serial(async () => {
      if (!objectAccess(p)[section]) throw apiError('FORBIDDEN', `Only an admin may change ${section}`);
      const cur = await this.checked(ifMatch);
      const doc = readDocument(cur.text);
      const change = putObject(doc, section, value);
      const counts = await this.commit(cur, printDocument(doc), { at: section });
      if (counts) await this.audit(p, cur, section, null, change.action, { before: change.before, after: change.after });
      return { version: fileVersion(await readFile(this.d.file, 'utf8')), action: change.action, item: change.after, counts: counts ?? {} };
    });
  }

  /** Removes a single-object section, so its defaults apply; admins only. */
  removeObject(p: Who, section: ConfigObjectSection, ifMatch: string | undefined) {
    return this.serial(async () => {
      if (!objectAccess(p)[section]) throw apiError('FORBIDDEN', `Only an admin may change ${section}`);
      const cur = await this.checked(ifMatch);
      const doc = readDocument(cur.text);
      const change = deleteObject(doc, section);
      if (!change) throw apiError('NOT_FOUND', `The file has no ${section} section (its defaults apply)`);
      const counts = await this.commit(cur, printDocument(doc), {});
      await this.audit(p, cur, section, null, 'delete', { before: change.before, after: null });
      return { version: fileVersion(await readFile(this.d.file, 'utf8')), action: 'delete' as const, item: null, counts: counts ?? {} };
    });
  }

  import(p: Who, yaml: string, ifMatch: string | undefined) {
    return this.serial(async () => {
      const cur = await this.checked(ifMatch);
      const next = await importText(yaml, cur.text, this.hash);
      const counts = (await this.commit(cur, next, {})) ?? {};
      const before = this.sections(cur.text);
      const after = this.sections(next);
      const summary = Object.fromEntries(CONFIG_SECTIONS.map((s) => [s, { before: before[s].length, after: after[s].length }]));
      await this.audit(p, cur, 'workspace', null, 'import', { sections: summary, bytes: next.length });
      return { version: fileVersion(next), counts };
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async checked(ifMatch: string | undefined): Promise<Current> {
    const cur = await this.current();
    const wanted = versionOf(ifMatch);
    if (wanted !== undefined && wanted !== cur.version) {
      throw apiError('CONFIG_VERSION_MISMATCH', 'The workspace file changed since you read it: reload the configuration and make the change again', {
        version: cur.version,
      });
    }
    return cur;
  }

  /**
   * Validates `next`, writes it over the file atomically and applies it; anything refused restores
   * the old bytes. null: `next` is the file as it is (nothing to write, nothing to audit).
   */
  private async commit(cur: Current, next: string, where: { at?: string }): Promise<Record<string, number> | null> {
    if (next === cur.text) return null;
    let ws: WorkspaceConfig;
    try {
      ws = await this.d.validate(next);
    } catch (err) {
      throw this.refused(err, where);
    }
    try {
      await this.write(next, true);
    } catch (err) {
      // A read-only mount, a full disk: say so; the file was not touched (the rename is the last step).
      this.d.log.error({ err, file: this.d.file }, 'the workspace file could not be written');
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      throw apiError('ACTION_NOT_ALLOWED', `The workspace file cannot be written here (${code}); nothing was changed. Edit it where it is kept and reload`);
    }
    try {
      return await this.d.apply(ws);
    } catch (err) {
      await this.write(cur.text, false);
      this.d.log.warn({ err }, 'a configuration change was refused while applying it; the file was restored');
      throw this.refused(err, where);
    }
  }

  private async write(text: string, keepBackup: boolean): Promise<void> {
    const tmp = `${this.d.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      // The new file keeps the old one's mode: a file of secrets kept 0600 must not become 0644.
      const { mode } = await stat(this.d.file);
      await writeFile(tmp, text, { encoding: 'utf8', flag: 'wx', mode: mode & 0o777 });
      await chmod(tmp, mode & 0o777);
      if (keepBackup) await copyFile(this.d.file, `${this.d.file}.bak`);
      await rename(tmp, this.d.file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  private refused(err: unknown, where: { at?: string }): Error {
    if (!(err instanceof WorkspaceError)) return err as Error;
    const problems: ConfigProblem[] = err.problems.map((pr) => {
      const field =
        where.at && (pr.path === where.at || pr.path.startsWith(`${where.at}.`) || pr.path.startsWith(`${where.at}[`))
          ? pr.path.slice(where.at.length).replace(/^\./, '')
          : undefined;
      return { path: pr.path, ...(field !== undefined ? { field } : {}), line: pr.line, column: pr.column, message: pr.message };
    });
    const first = problems[0];
    const head = first ? `${first.path || 'file'}: ${first.message}` : 'the workspace was refused';
    return apiError('WORKSPACE_INVALID', `Nothing was changed: ${head}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, { problems });
  }

  private async audit(p: Who, cur: Current, section: string, itemId: string | null, action: ConfigChangeAction, detail: Record<string, unknown>): Promise<void> {
    const versionAfter = fileVersion(await readFile(this.d.file, 'utf8'));
    try {
      await this.d.changes.append({ at: this.d.clock.now(), userId: p.userId, role: p.role, section, itemId, action, versionBefore: cur.version, versionAfter, detail });
    } catch (err) {
      this.d.log.error({ err, section, itemId, action }, 'audit of a configuration change failed');
    }
    this.d.log.info({ by: p.userId, section, itemId, action, version: versionAfter }, 'configuration changed');
  }
}
