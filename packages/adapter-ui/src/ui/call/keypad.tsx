import { KEYPAD_KEYS } from '../../state/call-ui';

/**
 * The 0-9 * # keys; used to build a number to dial and to send tones in a call. With focus in
 * the pad, typing a digit, * or # presses that key.
 */
export function Keypad({ label, onKey, disabled }: { label: string; onKey: (k: string) => void; disabled?: boolean }) {
  const onKeyDown = (e: KeyboardEvent) => {
    if (disabled || e.ctrlKey || e.metaKey || e.altKey || !(KEYPAD_KEYS as readonly string[]).includes(e.key)) return;
    e.preventDefault();
    onKey(e.key);
  };
  return (
    <div class="keypad" role="group" aria-label={label} onKeyDown={onKeyDown}>
      {KEYPAD_KEYS.map((k) => (
        <button key={k} type="button" onClick={() => onKey(k)} disabled={disabled}>
          {k}
        </button>
      ))}
    </div>
  );
}
