import { useRef } from 'preact/hooks';
import type { CallView } from '@switchboard/protocol';
import type { Session } from '../../state/session';
import { Modal } from '../modal';

/**
 * Hang up in a conference (manual 8): "Leave" (the others go on talking; the agent wraps) or
 * "Terminate" (every leg ends). A modal: focus starts on Leave and stays inside, Escape cancels.
 */
export function LeaveDialog({ s, call, onClose }: { s: Session; call: CallView; onClose: () => void }) {
  const leave = useRef<HTMLButtonElement>(null);
  const busy = s.pending.value !== null;
  const send = async (type: 'leave-conference' | 'terminate-conference') => {
    // Closed either way: a refusal is a toast, and the call screen shows what is true now.
    onClose();
    await s.send({ type, interactionId: call.id });
  };
  return (
    <Modal labelledBy="leave-title" onClose={onClose} initial={leave} testId="leave-dialog">
      <h2 id="leave-title">Hang up</h2>
      <p id="leave-help">
        <strong>Leave</strong>: the others go on talking and you wrap the call. <strong>Terminate</strong>: the call ends for everyone.
      </p>
      <div class="actions" role="group" aria-describedby="leave-help">
        <button type="button" ref={leave} class="primary" onClick={() => void send('leave-conference')} disabled={busy}>
          Leave
        </button>
        <button type="button" class="hangup" onClick={() => void send('terminate-conference')} disabled={busy}>
          Terminate
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}
