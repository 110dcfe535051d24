import type { CallView } from '@switchboard/protocol';
import type { CrmLink } from '../../state/crm-link';

/** The call's CRM tab: the record(s) the CRM found, a chooser when several match, "Create new" when none. */
export function CrmTab({ crm, call }: { crm: CrmLink; call: CallView }) {
  if (crm.status.value === 'none') return <p class="muted">Not embedded in a CRM.</p>;
  if (crm.status.value === 'loading') return <p class="muted">Connecting to the CRM…</p>;
  if (crm.status.value === 'failed') return <p class="muted">The CRM is not connected.</p>;
  const link = crm.links.value[call.id];
  if (!link || link.state === 'searching')
    return (
      <p class="muted">
        Looking up {call.customerNumber ?? 'the caller'} in {crm.host.value.label}…
      </p>
    );
  if (link.state === 'failed') return <p class="muted">{crm.host.value.label} did not answer the search.</p>;
  return (
    <div class="crm-tab">
      {link.matches.length === 0 && <p>No record matches {call.customerNumber ?? 'this caller'}.</p>}
      {link.matches.length > 1 && <p>{link.matches.length} records match. Choose the caller:</p>}
      {link.matches.length > 0 && (
        <ul class="crm-matches" aria-label={`Records in ${crm.host.value.label}`}>
          {link.matches.map((r) => (
            <li key={r.id}>
              <button type="button" class="link" aria-pressed={link.record?.id === r.id} onClick={() => crm.choose(call.id, r)}>
                {r.name || r.id} <span class="muted">{r.type}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {crm.host.value.capabilities().openNewRecord && (
        <button type="button" onClick={() => crm.createNew(call)}>
          Create new record
        </button>
      )}
    </div>
  );
}
