import type { WorkspaceConfigView } from '@switchboard/protocol';

/** A queue's overflow (what runs after its maximum wait) as a form: the type, then that type's fields. */
export type OverflowValues = Record<string, string>;

interface Part {
  key: string;
  label: string;
  /** The section whose ids it picks from; a text input when absent. */
  from?: 'queues' | 'workflows';
  optional?: boolean;
}

const TYPES: Record<string, { label: string; parts: Part[] }> = {
  queue: { label: 'Another queue', parts: [{ key: 'queue', label: 'Queue', from: 'queues' }] },
  workflow: { label: 'A workflow', parts: [{ key: 'workflow', label: 'Workflow', from: 'workflows' }] },
  callback: {
    label: 'Offer a callback',
    parts: [
      { key: 'prompt', label: 'Offer prompt WAV' },
      { key: 'confirm', label: 'Confirmation WAV', optional: true },
    ],
  },
  message: { label: 'A message, then hang up', parts: [{ key: 'file', label: 'Message WAV' }] },
};

export function overflowToValues(x: unknown): OverflowValues {
  if (typeof x !== 'object' || x === null) return { type: '' };
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
}

/** null: no overflow. */
export function valuesToOverflow(v: OverflowValues): Record<string, string> | null {
  const t = TYPES[v.type ?? ''];
  if (!t) return null;
  const out: Record<string, string> = { type: v.type! };
  for (const p of t.parts) if (v[p.key] || !p.optional) out[p.key] = v[p.key] ?? '';
  return out;
}

export function OverflowField({ cfg, value, idBase, onChange }: { cfg: WorkspaceConfigView; value: OverflowValues; idBase: string; onChange(v: OverflowValues): void }) {
  const t = TYPES[value.type ?? ''];
  return (
    <div class="overflow">
      <span class="inline">
        <label for={`${idBase}-type`}>When the wait runs out</label>{' '}
        <select id={`${idBase}-type`} value={value.type ?? ''} onChange={(e) => onChange({ ...value, type: e.currentTarget.value })}>
          <option value="">Nothing (no overflow)</option>
          {Object.entries(TYPES).map(([k, d]) => (
            <option key={k} value={k}>
              {d.label}
            </option>
          ))}
        </select>
      </span>
      {t?.parts.map((p) => {
        const id = `${idBase}-${p.key}`;
        const v = value[p.key] ?? '';
        const ids = p.from ? (cfg.sections[p.from] ?? []).map((i) => String(i.id)) : [];
        return (
          <span class="inline" key={p.key}>
            <label for={id}>{p.label}</label>{' '}
            {p.from ? (
              <select id={id} value={v} onChange={(e) => onChange({ ...value, [p.key]: e.currentTarget.value })}>
                {!ids.includes(v) && <option value={v}>{v || '—'}</option>}
                {ids.map((x) => (
                  <option key={x} value={x}>
                    {x}
                  </option>
                ))}
              </select>
            ) : (
              <input id={id} value={v} onInput={(e) => onChange({ ...value, [p.key]: e.currentTarget.value })} />
            )}
          </span>
        );
      })}
    </div>
  );
}
