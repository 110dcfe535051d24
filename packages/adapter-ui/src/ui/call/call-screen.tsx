import { useState } from 'preact/hooks';
import type { CallView } from '@switchboard/protocol';
import type { Session } from '../../state/session';
import { CallInfo } from './call-info';
import { CallNotes } from './call-notes';
import { CallControls } from './call-controls';
import { WrapPanel } from './wrap-panel';
import { CrmTab } from './crm-tab';
import { crmLink } from '../../state/crm-link';
import { showParties } from '../../state/transfer-text';
import { ConsultPanel } from '../transfer/consult-panel';
import { PartiesList } from '../transfer/parties-list';
import { TransferredBanner } from '../transfer/transferred-banner';

export const CALL_TITLE: Record<CallView['presentation'], string> = {
  ringing: 'Incoming call',
  dialling: 'Dialling…',
  live: 'Ongoing call',
  ended: 'Ended call',
};

const TABS = [
  ['info', 'Info'],
  ['notes', 'Notes'],
  ['crm', 'CRM'],
] as const;
type Tab = (typeof TABS)[number][0];

/** The open interaction: ringing, dialling, live or ended (wrap), with its tabs. */
export function CallScreen({ s, call }: { s: Session; call: CallView }) {
  const [tab, setTab] = useState<Tab>('info');
  const p = call.presentation;
  const c = call.capabilities;
  const busy = s.pending.value !== null;

  // Tabs pattern: arrows move between tabs, only the selected one is in the tab order.
  const onTabKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex(([id]) => id === tab);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = TABS[(i + step + TABS.length) % TABS.length]![0];
    setTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };

  return (
    <section class={`call ${p}`} data-presentation={p} data-testid="call" aria-labelledby="call-title">
      <div class="call-head">
        <h2 id="call-title" tabIndex={-1}>
          {CALL_TITLE[p]}
          {call.held && <span class="tag"> · On hold</span>}
          {call.muted && <span class="tag"> · Muted</span>}
        </h2>
        <p class="who-called">
          <strong>{call.customerNumber ?? 'Unknown number'}</strong>{' '}
          <span class="muted">
            {call.direction === 'IN' ? 'Inbound' : 'Outbound'}
            {call.campaignName ? ` · ${call.campaignName}` : ''}
          </span>
        </p>
      </div>
      {call.transferredFrom && <TransferredBanner from={call.transferredFrom} />}
      {p === 'ringing' && (
        <div class="actions">
          {c.canAnswer && (
            <button type="button" class="answer" onClick={() => void s.send({ type: 'answer', interactionId: call.id })} disabled={busy}>
              Answer
            </button>
          )}
          {c.canDecline && (
            <button type="button" class="hangup" onClick={() => void s.send({ type: 'decline', interactionId: call.id })} disabled={busy}>
              Decline
            </button>
          )}
        </div>
      )}
      {p === 'live' && call.transfer && <ConsultPanel s={s} call={call} transfer={call.transfer} />}
      {p === 'live' && showParties(call) && <PartiesList s={s} call={call} />}
      {(p === 'live' || p === 'dialling') && <CallControls s={s} call={call} />}
      {p === 'ended' && call.wrap && <WrapPanel key={call.id} s={s} call={call} wrap={call.wrap} />}
      {p !== 'dialling' && (
        <>
          <div class="tabs" role="tablist" aria-label="Call details" onKeyDown={onTabKey}>
            {TABS.map(([id, label]) => (
              <button
                key={id}
                id={`tab-${id}`}
                type="button"
                role="tab"
                aria-selected={tab === id}
                aria-controls={`panel-${id}`}
                tabIndex={tab === id ? 0 : -1}
                onClick={() => setTab(id)}
              >
                {label}
              </button>
            ))}
          </div>
          <div id={`panel-${tab}`} role="tabpanel" aria-labelledby={`tab-${tab}`} class="tabpanel">
            {tab === 'info' && <CallInfo call={call} />}
            {tab === 'notes' && <CallNotes key={call.id} s={s} call={call} />}
            {tab === 'crm' && (crmLink.value ? <CrmTab crm={crmLink.value} call={call} /> : <p class="muted">Not embedded in a CRM.</p>)}
          </div>
        </>
      )}
    </section>
  );
}
