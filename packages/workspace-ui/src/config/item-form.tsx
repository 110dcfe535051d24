import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConfigItem, ConfigProblem, WorkspaceConfigView } from '@switchboard/protocol';
import { SECTION_FIELDS, SECTION_LABELS, type FieldSpec, type SectionKey } from './config-fields';
import { GroupField, groupToValues, listToText, textToList, valuesToGroup } from './field-parts';
import { OverflowField, overflowToValues, valuesToOverflow, type OverflowValues } from './overflow-field';
import { WorkflowObjects, objectsToValues, valuesToObjects, type ObjectValues } from './workflow-objects';

type Values = Record<string, unknown>;
type Row = Record<string, string>;

/** The form's values from an item: text as typed, JSON pretty-printed, secrets blank. */
function toValues(fields: FieldSpec[], item: ConfigItem): Values {
  const v: Values = {};
  for (const f of fields) {
    const x = item[f.key];
    if (f.kind === 'checkbox') v[f.key] = x === true;
    else if (f.kind === 'multi') v[f.key] = Array.isArray(x) ? x.map(String) : [];
    else if (f.kind === 'rows') v[f.key] = Array.isArray(x) ? x.map((r) => Object.fromEntries(Object.entries(r as Row).map(([k, s]) => [k, String(s ?? '')]))) : [];
    else if (f.kind === 'objects') v[f.key] = objectsToValues(x);
    else if (f.kind === 'overflow') v[f.key] = overflowToValues(x);
    else if (f.kind === 'json') v[f.key] = x === undefined || x === null ? '' : JSON.stringify(x, null, 2);
    else if (f.kind === 'list') v[f.key] = listToText(x);
    else if (f.kind === 'group') v[f.key] = groupToValues(f, x);
    else if (f.kind === 'secret') v[f.key] = '';
    else v[f.key] = x === undefined || x === null ? '' : String(x);
  }
  return v;
}

/** The item to send: the original's other keys kept, each field converted, empty optional ones left out. */
function toItem(fields: FieldSpec[], original: ConfigItem, v: Values): { item: ConfigItem; local: ConfigProblem[] } {
  const item: ConfigItem = { ...original };
  const local: ConfigProblem[] = [];
  for (const f of fields) {
    const x = v[f.key];
    delete item[f.key];
    if (f.kind === 'checkbox' || f.kind === 'multi') item[f.key] = x;
    else if (f.kind === 'objects') item[f.key] = valuesToObjects(x as ObjectValues[]);
    else if (f.kind === 'overflow') {
      const o = valuesToOverflow(x as OverflowValues);
      if (o) item[f.key] = o;
    } else if (f.kind === 'rows') {
      const keep = new Set((f.columns ?? []).filter((c) => c.keepEmpty).map((c) => c.key));
      item[f.key] = (x as Row[]).map((r) => Object.fromEntries(Object.entries(r).filter(([k, s]) => s !== '' || keep.has(k))));
    } else if (f.kind === 'list') {
      const list = textToList(x as string, f.allWord);
      if (!(f.optional && Array.isArray(list) && list.length === 0)) item[f.key] = list;
    } else if (f.kind === 'group') {
      const g = valuesToGroup(f, x as Row);
      if (g) item[f.key] = g;
      else if (!f.optional) item[f.key] = {};
    } else if (x === '') {
      if (!f.optional) item[f.key] = '';
    } else if (f.kind === 'number') item[f.key] = Number.isFinite(Number(x)) ? Number(x) : x;
    else if (f.kind === 'json') {
      try {
        item[f.key] = JSON.parse(x as string);
      } catch (e) {
        local.push({ path: f.key, field: f.key, line: null, column: null, message: `is not valid JSON: ${(e as Error).message}` });
      }
    } else item[f.key] = x;
  }
  return { item, local };
}

/** `[0].number` in transfer numbers → `transfer number 1, number`. */
const where = (sub: string, rowName = 'item'): string =>
  sub
    .replace(/^\[(\d+)\]\.?/, (_, n: string) => `${rowName} ${Number(n) + 1}, `)
    .replace(/^\./, '')
    .replace(/, $/, '');

const belongs = (p: ConfigProblem, key: string): boolean => p.field === key || !!p.field?.startsWith(`${key}.`) || !!p.field?.startsWith(`${key}[`);

export interface ItemFormProps {
  section: SectionKey;
  cfg: WorkspaceConfigView;
  item: ConfigItem;
  isNew: boolean;
  problems: ConfigProblem[];
  busy: boolean;
  onSave(key: string, item: ConfigItem): void;
  onLocalProblems(p: ConfigProblem[]): void;
  onCancel(): void;
  onDelete?: () => void;
  /** The delete button's words ("Delete trunk" unless said). */
  deleteLabel?: string;
}

/** One item's form: labelled inputs, the server's problems next to the fields they name. */
export function ItemForm(props: ItemFormProps) {
  const { section, cfg, item, isNew, problems } = props;
  // Only admins set passwords and PINs (the server refuses a supervisor who tries).
  const fields = SECTION_FIELDS[section].filter((f) => f.kind !== 'secret' || cfg.wholeFile);
  const [values, setValues] = useState<Values>(() => toValues(fields, item));
  const formRef = useRef<HTMLFormElement>(null);
  const set = (k: string, x: unknown) => setValues((v) => ({ ...v, [k]: x }));
  const idBase = `cfg-${section}`;
  const one = SECTION_LABELS[section].one;
  // A single-object section (dialPlan, ...) has no key: it is the section itself.
  const keyField = fields.find((f) => f.identity);
  const keyValue = keyField ? String(values[keyField.key] ?? '') : '';
  const title = keyField ? (isNew ? `New ${one}` : `Edit ${one} ${keyValue}`) : `Edit ${one}`;

  // After a refusal, the first field named in it gets the focus (the summary otherwise).
  useEffect(() => {
    if (!problems.length) return;
    const el = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? formRef.current?.querySelector<HTMLElement>('.form-problems');
    el?.focus();
  }, [problems]);

  const unplaced = problems.filter((p) => !fields.some((f) => belongs(p, f.key)));

  function submit(e: Event): void {
    e.preventDefault();
    const { item: next, local } = toItem(fields, item, values);
    if (local.length) return props.onLocalProblems(local);
    props.onSave(keyValue, next);
  }

  return (
    <form ref={formRef} class="cfg-form" aria-label={title} onSubmit={submit} noValidate>
      <h3>{keyField && !isNew ? `Edit ${one}: ${keyValue}` : title}</h3>
      {unplaced.length > 0 && (
        <div class="form-problems error" role="alert" tabIndex={-1} data-testid="form-problems">
          <p>The server refused this change; nothing was changed:</p>
          <ul>
            {unplaced.map((p) => (
              <li key={p.path + p.message}>
                {p.field ? `${p.field}: ` : p.path ? `${p.path}: ` : ''}
                {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {fields.map((f) => {
        const id = `${idBase}-${f.key}`;
        const errs = problems.filter((p) => belongs(p, f.key));
        const errId = errs.length ? `${id}-error` : undefined;
        const helpId = f.help ? `${id}-help` : undefined;
        const describedBy = [errId, helpId].filter(Boolean).join(' ') || undefined;
        const invalid = errs.length > 0 ? ('true' as const) : undefined;
        const errorText = errs.length > 0 && (
          <span class="field-error" id={errId} data-testid={`error-${f.key}`}>
            {errs.map((p) => (p.field && p.field !== f.key ? `${where(p.field.slice(f.key.length), f.rowName)}: ${p.message}` : p.message)).join('; ')}
          </span>
        );
        const help = f.help && (
          <span class="help" id={helpId}>
            {f.help}
          </span>
        );
        if (f.kind === 'checkbox') {
          return (
            <div class="field check" key={f.key}>
              <input
                id={id}
                type="checkbox"
                checked={values[f.key] === true}
                onChange={(e) => set(f.key, e.currentTarget.checked)}
                aria-invalid={invalid}
                aria-describedby={describedBy}
              />
              <label for={id}>{f.label}</label>
              {help}
              {errorText}
            </div>
          );
        }
        if (f.kind === 'objects') {
          const general = errs.filter((p) => !/^objects\[\d+\]/.test(p.field ?? ''));
          return (
            <fieldset class="field" key={f.key} aria-describedby={helpId}>
              <legend>{f.label}</legend>
              {help}
              <WorkflowObjects cfg={cfg} values={values[f.key] as ObjectValues[]} problems={errs} idBase={id} onChange={(x) => set(f.key, x)} />
              {general.length > 0 && (
                <span class="field-error" data-testid={`error-${f.key}`}>
                  {general.map((p) => p.message).join('; ')}
                </span>
              )}
            </fieldset>
          );
        }
        // The kinds made of several inputs: one fieldset, its legend the field's label.
        let inputs;
        if (f.kind === 'overflow') inputs = <OverflowField cfg={cfg} value={values[f.key] as OverflowValues} idBase={id} onChange={(x) => set(f.key, x)} />;
        else if (f.kind === 'group') inputs = <GroupField spec={f} values={values[f.key] as Row} idBase={id} onChange={(x) => set(f.key, x)} />;
        else if (f.kind === 'rows') inputs = <RowsEditor spec={f} rows={values[f.key] as Row[]} onChange={(rows) => set(f.key, rows)} idBase={id} />;
        else if (f.kind === 'multi')
          inputs = (f.options?.(cfg) ?? []).map(([val, label]) => {
            const list = values[f.key] as string[];
            return (
              <label key={val} class="inline">
                <input type="checkbox" checked={list.includes(val)} onChange={(e) => set(f.key, e.currentTarget.checked ? [...list, val] : list.filter((x) => x !== val))} />{' '}
                {label}
              </label>
            );
          });
        if (inputs !== undefined) {
          return (
            <fieldset class="field" key={f.key} aria-describedby={describedBy} aria-invalid={invalid} tabIndex={invalid ? -1 : undefined}>
              <legend>{f.label}</legend>
              {inputs}
              {help}
              {errorText}
            </fieldset>
          );
        }
        const common = { id, 'aria-invalid': invalid, 'aria-describedby': describedBy };
        let input;
        if (f.kind === 'select') {
          input = (
            <select {...common} value={values[f.key] as string} onChange={(e) => set(f.key, e.currentTarget.value)}>
              {!(f.options?.(cfg) ?? []).some(([val]) => val === values[f.key]) && <option value={values[f.key] as string}>{String(values[f.key]) || '—'}</option>}
              {(f.options?.(cfg) ?? []).map(([val, label]) => (
                <option key={val} value={val}>
                  {label}
                </option>
              ))}
            </select>
          );
        } else if (f.kind === 'json') {
          input = (
            <textarea {...common} rows={f.key === 'objects' ? 14 : 4} spellcheck={false} value={values[f.key] as string} onInput={(e) => set(f.key, e.currentTarget.value)} />
          );
        } else {
          input = (
            <input
              {...common}
              type={(f.kind === 'secret' ? 'password' : f.kind === 'number' ? 'number' : 'text') as 'text'}
              autocomplete={f.kind === 'secret' ? 'new-password' : 'off'}
              readOnly={f.identity && !isNew}
              value={values[f.key] as string}
              onInput={(e) => set(f.key, e.currentTarget.value)}
            />
          );
        }
        return (
          <div class="field" key={f.key}>
            <label for={id}>{f.label}</label>
            {input}
            {help}
            {errorText}
          </div>
        );
      })}
      <div class="actions">
        <button type="submit" class="primary" disabled={props.busy}>
          Save {one}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        {props.onDelete && (
          <button type="button" class="danger" onClick={props.onDelete} disabled={props.busy}>
            {props.deleteLabel ?? `Delete ${one}`}
          </button>
        )}
      </div>
    </form>
  );
}

/** A list of small records (wrap codes, transfer numbers, announcements): one row of inputs each. */
function RowsEditor({ spec, rows, onChange, idBase }: { spec: FieldSpec; rows: Row[]; onChange(rows: Row[]): void; idBase: string }) {
  const cols = spec.columns ?? [];
  const edit = (i: number, k: string, x: string) => onChange(rows.map((r, j) => (j === i ? { ...r, [k]: x } : r)));
  return (
    <div class="rows">
      {rows.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved
        <div class="row" key={i}>
          {cols.map((c) => (
            <label key={c.key} class="inline">
              <span class="sr-only">
                {spec.rowName} {i + 1}{' '}
              </span>
              {c.label} <input id={`${idBase}-${i}-${c.key}`} value={r[c.key] ?? ''} onInput={(e) => edit(i, c.key, e.currentTarget.value)} />
            </label>
          ))}
          <button type="button" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`Remove ${spec.rowName} ${i + 1}`}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, Object.fromEntries(cols.map((c) => [c.key, '']))])}>
        Add {spec.rowName}
      </button>
    </div>
  );
}
