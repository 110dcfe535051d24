import { useState } from 'preact/hooks';
import type { CallView, WrapView } from '@switchboard/protocol';
import type { Session } from '../../state/session';
import { steppedBackFrom } from '../../state/call-ui';
import { useCountdown } from '../use-countdown';

const WARN_AT = 10;

/** Manual §§10, 11: the outcome, "Wrap call", the auto-wrap countdown with Extend, and Back. */
export function WrapPanel({ s, call, wrap }: { s: Session; call: CallView; wrap: WrapView }) {
  const [outcome, setOutcome] = useState(wrap.outcomes.find((o) => o.default)?.id ?? '');
  const left = useCountdown(wrap.deadline);
  const busy = s.pending.value !== null;
  const blocked = wrap.outcomeRequired && !outcome;

  const submit = (e: Event) => {
    e.preventDefault();
    if (blocked || !call.capabilities.canWrap) return;
    void s.send({ type: 'wrap', interactionId: call.id, ...(outcome ? { outcomeId: outcome } : {}) });
  };

  return (
    <form class="wrap" onSubmit={submit} aria-label="Wrap call">
      {left !== null && (
        <p class="countdown" data-testid="countdown">
          Auto-wrap in <strong data-testid="countdown-seconds">{left}</strong> s
        </p>
      )}
      {/* Said once at 10 s, not every second. */}
      <p class="sr-only" aria-live="polite" data-testid="countdown-warning">
        {left !== null && left <= WARN_AT && left > 0 ? `${WARN_AT} seconds left before the call wraps automatically.` : ''}
      </p>
      {wrap.outcomes.length > 0 && (
        <>
          <label for="wrap-outcome">Outcome</label>
          <select id="wrap-outcome" value={outcome} required={wrap.outcomeRequired} onChange={(e) => setOutcome((e.target as HTMLSelectElement).value)}>
            {!wrap.outcomes.some((o) => o.default) && <option value="">Choose an outcome</option>}
            {wrap.outcomes.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || blocked || !call.capabilities.canWrap}>
          Wrap call
        </button>
        {wrap.canExtend && call.capabilities.canExtendWrap && (
          <button type="button" onClick={() => void s.send({ type: 'extend-wrap', interactionId: call.id })} disabled={busy}>
            Extend{wrap.extendSeconds ? ` +${wrap.extendSeconds} seconds` : ''}
          </button>
        )}
        <button type="button" onClick={() => stepBack(call.id)}>
          Back<span class="sr-only"> to the main page</span>
        </button>
      </div>
    </form>
  );
}

/** Back to the main page; focus lands on the bar that returns to the call. */
function stepBack(id: string): void {
  steppedBackFrom.value = id;
  setTimeout(() => document.querySelector<HTMLElement>('[data-testid=call-bar]')?.focus());
}
