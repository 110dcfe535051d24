import { useRef, useState } from 'preact/hooks';
import type { CallView, TransferDestination, TransferKind } from '@switchboard/protocol';
import type { Session } from '../../state/session';
import { ADD_PARTY_TYPES, KIND_TEXT, kindsFor, type DestinationType } from '../../state/transfer-text';
import { Modal } from '../modal';
import { DestinationPicker } from './destination-picker';
import { useDestinations } from './use-destinations';

const KIND_HINT: Record<TransferKind, string> = {
  blind: 'The caller goes now; you wrap the call.',
  consult: 'The caller waits on hold while you talk to them first.',
  assisted: 'The caller waits on hold; you get a keypad into the workflow, then Transfer.',
};

/**
 * Manual 8: "Transfer call" (a destination, then Transfer / Consult / Assisted transfer, sent as
 * `transfer`), or in a conference "Conference in someone else" (a destination, sent as `add-party`).
 * The lists are asked for every 2 s while it is open. A refused command keeps it open with the
 * server's message (also a toast, as every failed command).
 */
export function TransferDialog({ s, call, mode, onClose }: { s: Session; call: CallView; mode: 'transfer' | 'add'; onClose: () => void }) {
  const { lists, error: loadError } = useDestinations(s, call.id);
  const [to, setTo] = useState<TransferDestination | null>(null);
  const [type, setType] = useState<DestinationType>('agent');
  const [kind, setKind] = useState<TransferKind>('blind');
  const [failure, setFailure] = useState<string | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const busy = s.pending.value !== null;
  const kinds = kindsFor(type);
  const chosenKind = kinds.includes(kind) ? kind : 'blind';
  const title = mode === 'transfer' ? 'Transfer call' : 'Conference in someone else';

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!to || busy) return;
    setFailure(null);
    const failed =
      mode === 'transfer' ? await s.send({ type: 'transfer', interactionId: call.id, kind: chosenKind, to }) : await s.send({ type: 'add-party', interactionId: call.id, to });
    if (failed === null) onClose();
    else setFailure(failed);
  };

  return (
    <Modal labelledBy="transfer-title" onClose={onClose} initial={search} testId="transfer-dialog" class="transfer-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <h2 id="transfer-title">{title}</h2>
        <DestinationPicker
          lists={lists}
          searchRef={search}
          {...(mode === 'add' ? { types: ADD_PARTY_TYPES, typeLabel: 'Who joins' } : {})}
          onChange={(t, ty) => {
            setTo(t);
            setType(ty);
          }}
        />
        {loadError && (
          <p class="error small" role="alert">
            Could not load the destinations: {loadError}
          </p>
        )}
        {mode === 'transfer' && (
          <fieldset class="kinds" aria-describedby="kind-hint">
            <legend>Kind</legend>
            <div class="kind-row">
              {kinds.map((k) => (
                <label key={k} class="choice">
                  <input type="radio" name="transfer-kind" value={k} checked={chosenKind === k} onChange={() => setKind(k)} />
                  {KIND_TEXT[k]}
                </label>
              ))}
            </div>
            <p id="kind-hint" class="muted small">
              {KIND_HINT[chosenKind]}
            </p>
          </fieldset>
        )}
        {failure && (
          <p class="field-error" role="alert" data-testid="transfer-failure">
            {failure}
          </p>
        )}
        <div class="actions">
          <button type="submit" class="primary" disabled={!to || busy}>
            {mode === 'transfer' ? KIND_TEXT[chosenKind] : 'Add to call'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
