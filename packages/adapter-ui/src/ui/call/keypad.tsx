import { KEYPAD_KEYS } from '../../state/call-ui';

/** The 0-9 * # keys; used to build a number to dial and to send tones in a call. */
export function Keypad({ label, onKey, disabled }: { label: string; onKey: (k: string) => void; disabled?: boolean }) {
  return (
    <div class="keypad" role="group" aria-label={label}>
      {KEYPAD_KEYS.map((k) => (
        <button key={k} type="button" onClick={() => onKey(k)} disabled={disabled}>
          {k}
        </button>
      ))}
    </div>
  );
}
