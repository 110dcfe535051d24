import { useEffect, useRef, useState } from 'preact/hooks';
import type { TransferDestination, TransferDestinations } from '@switchboard/protocol';
import { DESTINATION_TYPES, destinationOptions, elapsed, numberInput, numberProblem, type DestinationType } from '../../state/transfer-text';
import { useNow } from '../use-now';

const NOUN: Record<DestinationType, string> = { agent: 'agents', number: 'numbers', workflow: 'workflows' };
const NONE_TEXT: Record<DestinationType, string> = {
  agent: 'No agent is available for transfers right now.',
  number: 'This campaign has no transfer numbers: type one below.',
  workflow: 'No workflow takes transfers.',
};

/**
 * Manual 8's destinations: the type (Another agent / A phone number / A workflow), a search box
 * that filters by keyboard (arrow keys move, Enter picks, Escape closes the dialog around it),
 * the list, and for numbers a field for any number. Tells the dialog what is picked (or null).
 */
export function DestinationPicker({
  lists,
  types = DESTINATION_TYPES.map(([t]) => t),
  typeLabel = 'Transfer to',
  onChange,
  searchRef,
}: {
  lists: TransferDestinations | null;
  /** The destination types offered (conferencing in leaves workflows out). */
  types?: readonly DestinationType[];
  typeLabel?: string;
  onChange: (to: TransferDestination | null, type: DestinationType) => void;
  searchRef: { current: HTMLInputElement | null };
}) {
  const [type, setType] = useState<DestinationType>('agent');
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [picked, setPicked] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const [typedTouched, setTypedTouched] = useState(false);
  const now = useNow();
  const listRef = useRef<HTMLUListElement>(null);

  const empty = { agents: [], numbers: [], workflows: [] };
  const options = destinationOptions(lists ?? empty, type, query);
  const all = destinationOptions(lists ?? empty, type, '');
  const current = all.find((o) => o.key === picked) ?? null;
  const typedProblem = typed ? numberProblem(typed) : null;

  // What the dialog may send: the picked row, or a valid typed number.
  const to: TransferDestination | null = type === 'number' && typed ? (typedProblem ? null : { type: 'number', number: typed.trim() }) : (current?.destination ?? null);
  const toKey = to ? JSON.stringify(to) : '';
  useEffect(() => onChange(to, type), [toKey, type]);

  // A refreshed list without the picked agent (they took a call): nothing is picked any more.
  useEffect(() => {
    if (picked && lists && !current) setPicked(null);
  }, [lists, picked]);

  useEffect(() => setActive((i) => Math.min(i, Math.max(0, options.length - 1))), [options.length]);
  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);

  const pick = (key: string) => {
    setPicked(key);
    setTyped('');
    setTypedTouched(false);
  };
  const onSearchKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (options.length === 0) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i + step + options.length) % options.length);
    } else if (e.key === 'Enter') {
      // Enter picks the highlighted row; it never sends the form from the search box.
      e.preventDefault();
      const o = options[active];
      if (o) pick(o.key);
    }
  };

  const listId = `dest-list-${type}`;
  const optionId = (i: number) => `${listId}-${i}`;
  return (
    <div class="picker">
      <label for="dest-type">{typeLabel}</label>
      <select
        id="dest-type"
        value={type}
        onChange={(e) => {
          setType((e.target as HTMLSelectElement).value as DestinationType);
          setQuery('');
          setActive(0);
          setPicked(null);
          setTyped('');
        }}
      >
        {DESTINATION_TYPES.filter(([t]) => types.includes(t)).map(([t, label]) => (
          <option key={t} value={t}>
            {label}
          </option>
        ))}
      </select>
      <label for="dest-search" class="sr-only">
        Search {NOUN[type]}
      </label>
      <input
        id="dest-search"
        ref={searchRef}
        type="text"
        role="combobox"
        autoComplete="off"
        placeholder={`Search ${NOUN[type]}`}
        aria-autocomplete="list"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={options[active] ? optionId(active) : undefined}
        value={query}
        onInput={(e) => {
          setQuery((e.target as HTMLInputElement).value);
          setActive(0);
        }}
        onKeyDown={onSearchKey}
      />
      <ul id={listId} ref={listRef} class="dest-list" role="listbox" aria-label={`${DESTINATION_TYPES.find(([t]) => t === type)![1]}: ${NOUN[type]}`} data-testid="dest-list">
        {options.map((o, i) => (
          <li
            key={o.key}
            id={optionId(i)}
            data-index={i}
            role="option"
            tabIndex={-1}
            aria-selected={o.key === picked}
            class={i === active ? 'active' : undefined}
            onClick={() => {
              setActive(i);
              pick(o.key);
            }}
          >
            <span class="dest-name">{o.label}</span>
            {(o.detail || o.since) && (
              <span class="dest-detail">
                {o.detail}
                {o.since && <span class="dest-time"> · {elapsed(o.since, now)}</span>}
              </span>
            )}
          </li>
        ))}
      </ul>
      {lists === null ? (
        <p class="muted small" role="status">
          Loading…
        </p>
      ) : (
        options.length === 0 && (
          <p class="muted small" role="status">
            {query ? `No ${NOUN[type]} match “${query}”.` : NONE_TEXT[type]}
          </p>
        )
      )}
      {type === 'number' && (
        <div class="field">
          <label for="dest-number">Other number</label>
          <input
            id="dest-number"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            value={typed}
            maxLength={40}
            aria-invalid={typedTouched && typedProblem !== null}
            aria-describedby={typedTouched && typedProblem ? 'dest-number-error' : undefined}
            onInput={(e) => {
              setTyped(numberInput((e.target as HTMLInputElement).value));
              if ((e.target as HTMLInputElement).value) setPicked(null);
            }}
            onBlur={() => setTypedTouched(true)}
            onKeyDown={(e) => e.key === 'Enter' && setTypedTouched(true)}
          />
          {typedTouched && typedProblem && (
            <p id="dest-number-error" class="field-error">
              {typedProblem}
            </p>
          )}
        </div>
      )}
      <p class="picked small" data-testid="dest-picked" aria-live="polite">
        {to ? `To: ${current?.label ?? (to.type === 'number' ? to.number : '')}` : ''}
      </p>
    </div>
  );
}
