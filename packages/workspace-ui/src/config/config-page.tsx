import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConfigItem, ConfigObjectSection, ConfigProblem, ConfigSection, WorkspaceConfigView } from '@switchboard/protocol';
import { ADMIN_ONLY_SECTIONS, CONFIG_OBJECT_SECTIONS, CONFIG_SECTIONS } from '@switchboard/protocol/wire';
import { ApiError } from '@switchboard/sdk';
import { describeError } from '../state/messages';
import type { Workspace } from '../state/workspace-session';
import { SECTION_FIELDS, SECTION_LABELS, blankItem, keyOf, type SectionKey } from './config-fields';
import { ItemForm } from './item-form';
import { ConfigChanges } from './config-changes';
import { ConfigToast } from './config-toast';
import './config.css';

interface Editing {
  item: ConfigItem;
  isNew: boolean;
  /** Remounts the form (fresh values) for each item opened. */
  n: number;
}

const problemsOf = (e: unknown): ConfigProblem[] =>
  e instanceof ApiError && e.code === 'WORKSPACE_INVALID' && Array.isArray(e.details?.problems) ? (e.details.problems as ConfigProblem[]) : [];

const isObjectSection = (s: SectionKey): s is ConfigObjectSection => (CONFIG_OBJECT_SECTIONS as readonly string[]).includes(s);

/** The toast's words for a refusal: the first problem, the label of the field it is in (else its path), and how many more. */
function refusalText(section: SectionKey, p: ConfigProblem[]): string {
  const first = p[0]!;
  const field = first.field;
  const spec = field ? SECTION_FIELDS[section].find((f) => field === f.key || field.startsWith(`${f.key}.`) || field.startsWith(`${f.key}[`)) : undefined;
  const more = p.length > 1 ? ` (and ${p.length - 1} more)` : '';
  return `Not saved: ${spec?.label ?? (first.path || 'the file')}: ${first.message}${more}`;
}

/**
 * Configuration (issue 20.6): the workspace file's sections as lists and forms. Every save goes to
 * the server, whose workspace loader judges it; a refusal shows its problems next to the fields and
 * changes nothing, and a toast says so. Single-object sections (dial plan, recordings, CRMs) are
 * one form each. Admins also export and import the whole file.
 */
export function ConfigPage({ ws }: { ws: Workspace }) {
  const [cfg, setCfg] = useState<WorkspaceConfigView | null>(null);
  const [section, setSection] = useState<SectionKey>('pauseReasons');
  const [editing, setEditing] = useState<Editing | null>(null);
  const [problems, setProblems] = useState<ConfigProblem[]>([]);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [toast, setToast] = useState<string | null>(null);
  /** Remounts a single-object section's form (Cancel: its values as in the file again). */
  const [objectN, setObjectN] = useState(0);
  const fileRef = useRef<HTMLInputElement>(null);
  const seq = useRef(0);

  async function load(): Promise<WorkspaceConfigView | null> {
    try {
      const c = (await ws.api()?.config().get()) ?? null;
      setCfg(c);
      return c;
    } catch (e) {
      ws.failed(e);
      setError(describeError(e));
      return null;
    }
  }
  useEffect(() => {
    void load();
  }, []);

  function open(item: ConfigItem, isNew: boolean): void {
    setProblems([]);
    setError(null);
    setEditing({ item, isNew, n: ++seq.current });
  }

  async function run(what: () => Promise<string>): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      setStatus(await what());
      setProblems([]);
      setToast(null);
    } catch (e) {
      ws.failed(e);
      const p = problemsOf(e);
      setProblems(p);
      setStatus('');
      setError(p.length ? 'The change was refused; nothing was changed.' : describeError(e));
      setToast(p.length ? refusalText(section, p) : describeError(e));
      if (e instanceof ApiError && e.code === 'CONFIG_VERSION_MISMATCH') await load();
    } finally {
      setBusy(false);
    }
  }

  const save = (key: string, item: ConfigItem) =>
    run(async () => {
      await ws
        .api()!
        .config()
        .put(section as ConfigSection, key, item, cfg?.version);
      await load();
      setEditing(null);
      return `Saved ${SECTION_LABELS[section].one} ${key}.`;
    });
  const remove = (key: string) =>
    run(async () => {
      await ws
        .api()!
        .config()
        .remove(section as ConfigSection, key, cfg?.version);
      await load();
      setEditing(null);
      return `Deleted ${SECTION_LABELS[section].one} ${key}.`;
    });
  const saveObject = (s: ConfigObjectSection, value: ConfigItem) =>
    run(async () => {
      await ws.api()!.config().putObject(s, value, cfg?.version);
      await load();
      return `Saved the ${SECTION_LABELS[s].one}.`;
    });
  const removeObject = (s: ConfigObjectSection) =>
    run(async () => {
      await ws.api()!.config().removeObject(s, cfg?.version);
      await load();
      return `Removed the ${SECTION_LABELS[s].one}: its defaults apply.`;
    });

  async function exportFile(): Promise<void> {
    await run(async () => {
      const text = await ws.api()!.config().exportYaml();
      const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = 'workspace.yaml';
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return 'Workspace exported (passwords and PINs left out).';
    });
  }
  async function importFile(file: File): Promise<void> {
    setEditing(null);
    await run(async () => {
      await ws
        .api()!
        .config()
        .importYaml(await file.text(), cfg?.version);
      await load();
      return `Imported ${file.name}.`;
    });
  }

  const objectSection = isObjectSection(section) ? section : null;
  const access = objectSection ? undefined : cfg?.access[section as ConfigSection];
  const items = objectSection ? [] : (cfg?.sections[section as ConfigSection] ?? []);
  // Sections the caller may not see (trunks, for a supervisor) are not in the configuration at all.
  const listed: SectionKey[] = [...CONFIG_SECTIONS.filter((s) => (cfg ? cfg.sections[s] !== undefined : !ADMIN_ONLY_SECTIONS.includes(s))), ...CONFIG_OBJECT_SECTIONS];
  const mayEdit = (key: string) => access?.edit === 'all' || (access?.edit ?? []).includes(key);
  const labels = SECTION_LABELS[section];
  return (
    <div class="page">
      <header class="top">
        <h1>Configuration</h1>
        {cfg?.wholeFile && (
          <div class="cfg-file">
            <button type="button" onClick={() => void exportFile()} disabled={busy}>
              Export YAML
            </button>
            <label class="button">
              Import YAML
              <input
                ref={fileRef}
                class="sr-only"
                type="file"
                accept=".yaml,.yml,application/yaml,text/yaml"
                onChange={(e) => {
                  const f = e.currentTarget.files?.[0];
                  if (f) void importFile(f);
                  e.currentTarget.value = '';
                }}
              />
            </label>
          </div>
        )}
        <button type="button" onClick={() => void ws.logOut()}>
          Log out
        </button>
      </header>
      <main class="cfg">
        <nav aria-label="Configuration sections" class="cfg-sections">
          <ul>
            {listed.map((s) => (
              <li key={s}>
                <button
                  type="button"
                  aria-current={s === section ? 'true' : undefined}
                  onClick={() => {
                    setSection(s);
                    setEditing(null);
                    setProblems([]);
                  }}
                >
                  {SECTION_LABELS[s].title}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <section class="cfg-body" aria-labelledby="cfg-heading">
          <h2 id="cfg-heading">{labels.title}</h2>
          <p role="status" data-testid="config-status">
            {status}
          </p>
          {error && (
            <p class="error" role="alert" data-testid="config-error">
              {error}
            </p>
          )}
          {cfg && objectSection && (
            <>
              {cfg.objects[objectSection] === null && (
                <p class="help" data-testid="config-defaults">
                  {labels.defaults}
                </p>
              )}
              <ItemForm
                key={`${objectSection}-${cfg.version}-${objectN}`}
                section={objectSection}
                cfg={cfg}
                item={cfg.objects[objectSection] ?? blankItem(objectSection)}
                isNew={cfg.objects[objectSection] === null}
                problems={problems}
                busy={busy || !cfg.objectAccess[objectSection]}
                onSave={(_, value) => void saveObject(objectSection, value)}
                onLocalProblems={(p) => {
                  setProblems(p);
                  setError('Fix the fields marked below.');
                }}
                onCancel={() => {
                  setProblems([]);
                  setError(null);
                  setObjectN((n) => n + 1);
                }}
                {...(cfg.objects[objectSection] !== null && cfg.objectAccess[objectSection]
                  ? { onDelete: () => void removeObject(objectSection), deleteLabel: `Remove the ${labels.one} (use the defaults)` }
                  : {})}
              />
            </>
          )}
          {cfg && !objectSection && (
            <>
              <table class="floor" data-testid="config-items">
                <caption class="sr-only">{labels.title}</caption>
                <thead>
                  <tr>
                    <th scope="col">{labels.keyLabel ?? 'Id'}</th>
                    <th scope="col">{labels.summaryLabel ?? 'Name'}</th>
                    <th scope="col">
                      <span class="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((i) => {
                    const key = keyOf(section, i);
                    return (
                      <tr key={key}>
                        <th scope="row">{key}</th>
                        <td>{labels.summary ? labels.summary(i) : String(i.name ?? i.displayName ?? '')}</td>
                        <td>
                          <button type="button" onClick={() => open(i, false)} aria-label={`${mayEdit(key) ? 'Edit' : 'View'} ${labels.one} ${key}`}>
                            {mayEdit(key) ? 'Edit' : 'View'}
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {access?.create && (
                <button type="button" onClick={() => open(blankItem(section), true)}>
                  Add {labels.one}
                </button>
              )}
              {editing && (
                <ItemForm
                  key={editing.n}
                  section={section}
                  cfg={cfg}
                  item={editing.item}
                  isNew={editing.isNew}
                  problems={problems}
                  busy={busy || (!editing.isNew && !mayEdit(keyOf(section, editing.item)))}
                  onSave={(key, item) => void save(key, item)}
                  onLocalProblems={(p) => {
                    setProblems(p);
                    setError('Fix the fields marked below.');
                  }}
                  onCancel={() => setEditing(null)}
                  {...(!editing.isNew && access?.delete ? { onDelete: () => void remove(keyOf(section, editing.item)) } : {})}
                />
              )}
            </>
          )}
          {cfg?.wholeFile && <ConfigChanges ws={ws} version={cfg.version} />}
        </section>
      </main>
      <ConfigToast message={toast} onDismiss={() => setToast(null)} />
    </div>
  );
}
