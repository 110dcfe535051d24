import { useRef, useState } from 'preact/hooks';
import { KEYPAD_KEYS } from '../../state/call-ui';

const COLUMNS = 3;
/** Arrow keys, Home and End move within the 3×4 grid (as a key index change). */
const MOVES: Record<string, (i: number) => number> = {
  ArrowRight: (i) => Math.min(KEYPAD_KEYS.length - 1, i + 1),
  ArrowLeft: (i) => Math.max(0, i - 1),
  ArrowDown: (i) => (i + COLUMNS < KEYPAD_KEYS.length ? i + COLUMNS : i),
  ArrowUp: (i) => (i - COLUMNS >= 0 ? i - COLUMNS : i),
  Home: () => 0,
  End: () => KEYPAD_KEYS.length - 1,
};

/**
 * The 0-9 * # keys; used to build a number to dial and to send tones in a call. One tab
 * stop for the whole pad (a roving tabindex, issue 14): Tab enters it at the last key used,
 * the arrow keys move inside, Enter or Space presses; typing a digit, * or # presses that key.
 */
export function Keypad({ label, onKey, disabled }: { label: string; onKey: (k: string) => void; disabled?: boolean }) {
  const [current, setCurrent] = useState(0);
  const pad = useRef<HTMLDivElement>(null);
  const focusKey = (i: number) => {
    setCurrent(i);
    pad.current?.querySelectorAll<HTMLButtonElement>('button')[i]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (disabled || e.ctrlKey || e.metaKey || e.altKey) return;
    const move = MOVES[e.key];
    if (move) {
      e.preventDefault();
      focusKey(move(current));
      return;
    }
    if (!(KEYPAD_KEYS as readonly string[]).includes(e.key)) return;
    e.preventDefault();
    onKey(e.key);
  };
  return (
    <div class="keypad" role="group" aria-label={label} onKeyDown={onKeyDown} ref={pad}>
      {KEYPAD_KEYS.map((k, i) => (
        <button
          key={k}
          type="button"
          tabIndex={i === current ? 0 : -1}
          onClick={() => {
            setCurrent(i);
            onKey(k);
          }}
          onFocus={() => setCurrent(i)}
          disabled={disabled}
        >
          {k}
        </button>
      ))}
    </div>
  );
}
