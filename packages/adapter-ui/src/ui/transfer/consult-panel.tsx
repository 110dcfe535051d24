import type { CallCommand, CallView, TransferView } from '@switchboard/protocol';
import type { Session } from '../../state/session';
import { KIND_TEXT, PHASE_TEXT, elapsed } from '../../state/transfer-text';
import { KeypadFeedback } from '../../audio/keypad-feedback';
import { Keypad } from '../call/keypad';
import { useNow } from '../use-now';

const feedback = new KeypadFeedback();

/**
 * A consult (or assisted transfer) in progress (manual 8): whom to, its phase (the wait in the
 * target's team queue ticks), then Transfer, Merge lines or Cancel as the capabilities allow. An
 * assisted transfer shows the keypad: its tones go out as `send-dtmf` and the server routes them
 * to the workflow.
 */
export function ConsultPanel({ s, call, transfer: t }: { s: Session; call: CallView; transfer: TransferView }) {
  const c = call.capabilities;
  const id = call.id;
  const busy = s.pending.value !== null;
  const send = (cmd: CallCommand) => void s.send(cmd);
  const now = useNow();
  return (
    <section class="consult" data-phase={t.phase} data-testid="consult" aria-labelledby="consult-title">
      <h3 id="consult-title">
        {KIND_TEXT[t.kind]}: {t.to.label}
      </h3>
      <p class="consult-phase">
        {/* The phase is said when it changes; the ticking wait is not (it would be said every second). */}
        <span role="status" data-testid="consult-phase">
          {PHASE_TEXT[t.phase]}
          {t.phase === 'failed' && t.failure ? `: ${t.failure}` : ''}
        </span>
        {t.phase === 'waiting' && (
          <span class="wait" data-testid="consult-wait">
            {' '}
            {elapsed(t.since, now)}
          </span>
        )}
      </p>
      {t.kind === 'assisted' && c.canSendDtmf && (
        <Keypad
          label="Keypad to the workflow"
          onKey={(k) => {
            feedback.press(k);
            send({ type: 'send-dtmf', interactionId: id, digits: k });
          }}
        />
      )}
      <div class="actions">
        {c.canCompleteTransfer && (
          <button type="button" class="primary" onClick={() => send({ type: 'complete-transfer', interactionId: id })} disabled={busy}>
            Transfer<span class="sr-only"> the caller to {t.to.label}</span>
          </button>
        )}
        {c.canMerge && (
          <button type="button" onClick={() => send({ type: 'merge', interactionId: id })} disabled={busy}>
            Merge lines
          </button>
        )}
        {c.canCancelConsult && (
          <button type="button" class="danger" onClick={() => send({ type: 'cancel-consult', interactionId: id })} disabled={busy}>
            Cancel<span class="sr-only"> the {KIND_TEXT[t.kind].toLowerCase()}</span>
          </button>
        )}
      </div>
    </section>
  );
}
