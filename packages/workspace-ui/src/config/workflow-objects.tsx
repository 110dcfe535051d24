import type { ConfigProblem, WorkspaceConfigView } from '@switchboard/protocol';

/**
 * A workflow's objects as forms (issue 20.6): one fieldset per object with the fields its type
 * has, as the workspace file writes them. The server's loader checks the result like the file
 * (references between objects, labels, queues); its problems show in the object they name.
 */
type Cell = string | Array<Record<string, string>>;
export type ObjectValues = Record<string, Cell>;

interface ObjField {
  key: string;
  label: string;
  kind: 'text' | 'number' | 'select';
  optional?: boolean;
  options?: (cfg: WorkspaceConfigView) => Array<[string, string]>;
}

const queues = (cfg: WorkspaceConfigView): Array<[string, string]> => (cfg.sections.queues ?? []).map((q) => [String(q.id), String(q.name ?? q.id)]);
const next: ObjField = { key: 'next', label: 'Then go to', kind: 'text', optional: true };

export const OBJECT_TYPES: Record<string, ObjField[]> = {
  play: [{ key: 'file', label: 'WAV file', kind: 'text' }, next],
  collect: [
    { key: 'label', label: 'Data label', kind: 'text' },
    { key: 'prompt', label: 'Prompt WAV', kind: 'text', optional: true },
    { key: 'minDigits', label: 'Min digits', kind: 'number', optional: true },
    { key: 'maxDigits', label: 'Max digits', kind: 'number' },
    {
      key: 'terminator',
      label: 'Terminator',
      kind: 'select',
      optional: true,
      options: () => [
        ['', 'None'],
        ['#', '#'],
        ['*', '*'],
      ],
    },
    { key: 'timeoutSeconds', label: 'Timeout (s)', kind: 'number', optional: true },
    { key: 'attempts', label: 'Attempts', kind: 'number', optional: true },
    { ...next, optional: false },
    { key: 'noInputNext', label: 'When the tries run out, go to', kind: 'text', optional: true },
  ],
  branch: [
    { key: 'label', label: 'On the digits of label', kind: 'text' },
    { key: 'default', label: 'Otherwise go to', kind: 'text' },
  ],
  queue: [
    { key: 'queue', label: 'Queue', kind: 'select', options: queues },
    { key: 'priority', label: 'Priority', kind: 'number', optional: true },
  ],
  callback: [
    { key: 'queue', label: 'Queue', kind: 'select', options: queues },
    { key: 'numberLabel', label: 'Number from the digits of label (blank: the caller’s number)', kind: 'text', optional: true },
    next,
  ],
  hangup: [],
};

export function objectsToValues(objects: unknown): ObjectValues[] {
  if (!Array.isArray(objects)) return [];
  return objects.map((o: Record<string, unknown>) => {
    const v: ObjectValues = { id: String(o.id ?? ''), type: String(o.type ?? 'play') };
    for (const f of OBJECT_TYPES[v.type as string] ?? []) v[f.key] = o[f.key] === undefined || o[f.key] === null ? '' : String(o[f.key]);
    if (o.type === 'branch') v.cases = Array.isArray(o.cases) ? o.cases.map((c: Record<string, unknown>) => ({ digits: String(c.digits ?? ''), next: String(c.next ?? '') })) : [];
    if (o.type === 'callback') v.numberLabel = typeof o.numberFrom === 'object' && o.numberFrom ? String((o.numberFrom as { label?: unknown }).label ?? '') : '';
    return v;
  });
}

export function valuesToObjects(values: ObjectValues[]): Array<Record<string, unknown>> {
  return values.map((v) => {
    const o: Record<string, unknown> = { id: v.id, type: v.type };
    for (const f of OBJECT_TYPES[v.type as string] ?? []) {
      const x = (v[f.key] as string | undefined) ?? '';
      if (f.key === 'numberLabel') continue;
      if (x === '') {
        if (!f.optional) o[f.key] = '';
      } else o[f.key] = f.kind === 'number' && Number.isFinite(Number(x)) ? Number(x) : x;
    }
    if (v.type === 'branch') o.cases = (v.cases as Array<Record<string, string>> | undefined) ?? [];
    if (v.type === 'callback') o.numberFrom = v.numberLabel ? { label: v.numberLabel } : 'caller';
    return o;
  });
}

interface Props {
  cfg: WorkspaceConfigView;
  values: ObjectValues[];
  problems: ConfigProblem[];
  idBase: string;
  onChange(values: ObjectValues[]): void;
}

/** The objects editor: each object's type and fields, add, remove, and the problems of each object beside it. */
export function WorkflowObjects({ cfg, values, problems, idBase, onChange }: Props) {
  const edit = (i: number, patch: ObjectValues) => onChange(values.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  return (
    <div class="wf-objects">
      {values.map((v, i) => {
        const base = `${idBase}-${i}`;
        const mine = problems.filter((p) => p.field === `objects[${i}]` || p.field?.startsWith(`objects[${i}].`));
        const errId = mine.length ? `${base}-error` : undefined;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: objects are edited by position; their ids are being typed
          <fieldset class="wf-object" key={i} aria-describedby={errId} data-testid={`wf-object-${i}`}>
            <legend>
              Object {i + 1}
              {v.id ? `: ${v.id as string}` : ''}
            </legend>
            <span class="inline">
              <label for={`${base}-id`}>Id</label>{' '}
              <input id={`${base}-id`} value={v.id as string} onInput={(e) => edit(i, { id: e.currentTarget.value })} aria-invalid={mine.length ? 'true' : undefined} />
            </span>
            <span class="inline">
              <label for={`${base}-type`}>Type</label>{' '}
              <select id={`${base}-type`} value={v.type as string} onChange={(e) => edit(i, { type: e.currentTarget.value })}>
                {Object.keys(OBJECT_TYPES).map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </span>
            {(OBJECT_TYPES[v.type as string] ?? []).map((f) => {
              const fid = `${base}-${f.key}`;
              const value = (v[f.key] as string | undefined) ?? '';
              const options = f.options?.(cfg) ?? [];
              return (
                <span class="inline" key={f.key}>
                  <label for={fid}>{f.label}</label>{' '}
                  {f.kind === 'select' ? (
                    <select id={fid} value={value} onChange={(e) => edit(i, { [f.key]: e.currentTarget.value })}>
                      {!options.some(([x]) => x === value) && <option value={value}>{value || '—'}</option>}
                      {options.map(([x, label]) => (
                        <option key={x} value={x}>
                          {label}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <input id={fid} type={(f.kind === 'number' ? 'number' : 'text') as 'text'} value={value} onInput={(e) => edit(i, { [f.key]: e.currentTarget.value })} />
                  )}
                </span>
              );
            })}
            {v.type === 'branch' && (
              <div class="rows">
                {((v.cases as Array<Record<string, string>>) ?? []).map((c, k) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cases are edited by position
                  <div class="row" key={k}>
                    <label class="inline">
                      <span class="sr-only">Case {k + 1} </span>Digits{' '}
                      <input
                        value={c.digits}
                        onInput={(e) => edit(i, { cases: (v.cases as Array<Record<string, string>>).map((x, n) => (n === k ? { ...x, digits: e.currentTarget.value } : x)) })}
                      />
                    </label>
                    <label class="inline">
                      <span class="sr-only">Case {k + 1} </span>go to{' '}
                      <input
                        value={c.next}
                        onInput={(e) => edit(i, { cases: (v.cases as Array<Record<string, string>>).map((x, n) => (n === k ? { ...x, next: e.currentTarget.value } : x)) })}
                      />
                    </label>
                    <button
                      type="button"
                      aria-label={`Remove case ${k + 1} of object ${i + 1}`}
                      onClick={() => edit(i, { cases: (v.cases as Array<Record<string, string>>).filter((_, n) => n !== k) })}
                    >
                      Remove
                    </button>
                  </div>
                ))}
                <button type="button" onClick={() => edit(i, { cases: [...((v.cases as Array<Record<string, string>>) ?? []), { digits: '', next: '' }] })}>
                  Add case to object {i + 1}
                </button>
              </div>
            )}
            <button type="button" class="danger" aria-label={`Remove object ${i + 1}`} onClick={() => onChange(values.filter((_, j) => j !== i))}>
              Remove object
            </button>
            {mine.length > 0 && (
              <span class="field-error" id={errId} data-testid={`error-objects-${i}`}>
                {mine.map((p) => `${(p.field ?? '').replace(`objects[${i}]`, '').replace(/^\./, '') || 'object'}: ${p.message}`).join('; ')}
              </span>
            )}
          </fieldset>
        );
      })}
      <button type="button" onClick={() => onChange([...values, { id: '', type: 'play', file: '', next: '' }])}>
        Add object
      </button>
    </div>
  );
}
