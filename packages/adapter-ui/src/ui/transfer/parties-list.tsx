import { useEffect, useState } from 'preact/hooks';
import type { CallCommand, CallView } from '@switchboard/protocol';
import type { Session } from '../../state/session';
import { PARTY_STATE_TEXT, ROLE_TEXT } from '../../state/transfer-text';
import { TransferDialog } from './transfer-dialog';

/**
 * Every party of a consult or conference with its role and state (manual 8; the older edition's
 * conference of up to five). Hold/Resume and Remove per party when the server allows managing
 * parties (never on the agent's own leg, nor on a party that has left); "Conference in someone
 * else" when it allows adding one.
 */
export function PartiesList({ s, call }: { s: Session; call: CallView }) {
  const [adding, setAdding] = useState(false);
  const c = call.capabilities;
  const id = call.id;
  useEffect(() => void (c.canAddParty || setAdding(false)), [c.canAddParty]);
  const busy = s.pending.value !== null;
  const send = (cmd: CallCommand) => void s.send(cmd);
  const live = call.parties.filter((p) => p.state !== 'ended').length;
  return (
    <section class="parties" aria-labelledby="parties-title" data-testid="parties">
      <h3 id="parties-title">
        {call.conference ? 'Conference' : 'Parties'} <span class="muted">({live} on the call)</span>
      </h3>
      <ul class="plain">
        {call.parties.map((p) => {
          const name = p.me ? `${p.label} (you)` : p.label;
          const manage = c.canManageParties && !p.me && p.state !== 'ended';
          return (
            <li key={p.id} class="party" data-testid="party" data-state={p.state}>
              <div class="party-who">
                <span class="party-name">{name}</span>
                <span class="muted small">
                  {ROLE_TEXT[p.role]} · <span data-testid="party-state">{PARTY_STATE_TEXT[p.state]}</span>
                </span>
              </div>
              {manage && (
                <div class="party-actions">
                  <button
                    type="button"
                    aria-label={`${p.state === 'held' ? 'Resume' : 'Hold'} ${p.label}`}
                    onClick={() => send({ type: 'hold-party', interactionId: id, partyId: p.id, held: p.state !== 'held' })}
                    disabled={busy}
                  >
                    {p.state === 'held' ? 'Resume' : 'Hold'}
                  </button>
                  <button
                    type="button"
                    class="danger"
                    aria-label={`Remove ${p.label}`}
                    onClick={() => send({ type: 'remove-party', interactionId: id, partyId: p.id })}
                    disabled={busy}
                  >
                    Remove
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {c.canAddParty && (
        <button type="button" class="wide" onClick={() => setAdding(true)} disabled={busy}>
          Conference in someone else
        </button>
      )}
      {adding && c.canAddParty && <TransferDialog s={s} call={call} mode="add" onClose={() => setAdding(false)} />}
    </section>
  );
}
