import type { FieldSpec } from './field-spec';

/**
 * Two small field kinds of the configuration forms: a list of plain values typed on one line
 * (countries, numbers, origins, fingerprints) and a group of a few named parts making one object
 * (a trunk's credentials, its source ports). Both leave judging the values to the server's loader.
 */

type Parts = Record<string, string>;

/** ['AU', 'NZ'] → "AU NZ"; "all" stays "all". */
export function listToText(x: unknown): string {
  if (Array.isArray(x)) return x.map(String).join(' ');
  return typeof x === 'string' ? x : '';
}

/** "AU, NZ" → ['AU', 'NZ']; the all-word alone → that word; blank → []. */
export function textToList(text: string, allWord?: string): string[] | string {
  const t = text.trim();
  if (allWord && t === allWord) return allWord;
  return t.split(/[\s,]+/).filter(Boolean);
}

export function groupToValues(f: FieldSpec, x: unknown): Parts {
  const o = typeof x === 'object' && x !== null ? (x as Record<string, unknown>) : {};
  // A secret part starts blank: the server never sends it, and blank keeps the current one.
  return Object.fromEntries((f.columns ?? []).map((c) => [c.key, c.kind === 'secret' || o[c.key] === undefined || o[c.key] === null ? '' : String(o[c.key])]));
}

/** The object to send, blank parts left out; null when every part is blank. */
export function valuesToGroup(f: FieldSpec, v: Parts): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const c of f.columns ?? []) {
    const s = (v[c.key] ?? '').trim();
    if (s === '') continue;
    out[c.key] = c.kind === 'number' && Number.isFinite(Number(s)) ? Number(s) : s;
  }
  return Object.keys(out).length ? out : null;
}

/** The parts' inputs, each labelled with the group's name for screen readers ("Credentials, Username"). */
export function GroupField({ spec, values, idBase, onChange }: { spec: FieldSpec; values: Parts; idBase: string; onChange(v: Parts): void }) {
  return (
    <div class="group">
      {(spec.columns ?? []).map((c) => {
        const id = `${idBase}-${c.key}`;
        return (
          <div class="part" key={c.key}>
            <label for={id}>
              <span class="sr-only">{spec.label}, </span>
              {c.label}
            </label>
            <input
              id={id}
              type={(c.kind === 'secret' ? 'password' : c.kind === 'number' ? 'number' : 'text') as 'text'}
              autocomplete={c.kind === 'secret' ? 'new-password' : 'off'}
              value={values[c.key] ?? ''}
              onInput={(e) => onChange({ ...values, [c.key]: e.currentTarget.value })}
              aria-describedby={c.help ? `${id}-help` : undefined}
            />
            {c.help && (
              <span class="help" id={`${id}-help`}>
                {c.help}
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
}
