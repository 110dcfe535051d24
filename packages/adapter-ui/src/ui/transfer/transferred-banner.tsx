import type { TransferredFrom } from '@switchboard/protocol';
import { KIND_PHRASE } from '../../state/transfer-text';

/**
 * The receiving agent's side (manual 8, issue 18 item 5): who handed the call on and how, and
 * their notes so far, read-only in a section that opens on demand. The IVR data stays in Info.
 */
export function TransferredBanner({ from }: { from: TransferredFrom }) {
  return (
    <div class="banner info transferred" data-testid="transferred-from">
      <p>
        Transferred by <strong>{from.agentName}</strong> ({KIND_PHRASE[from.kind]})
      </p>
      {from.notes.trim() ? (
        <details>
          <summary>Notes from {from.agentName}</summary>
          <p class="ro-notes" data-testid="transferred-notes">
            {from.notes}
          </p>
        </details>
      ) : (
        <p class="muted small">No notes from {from.agentName}.</p>
      )}
    </div>
  );
}
