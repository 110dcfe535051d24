import { useState } from 'preact/hooks';
import type { AgentView } from '@switchboard/protocol';
import type { Session } from '../../state/session';
import { Keypad } from './keypad';

const SKIP = '';

/** Manual §7: a manual outbound call, typed or keyed in, on a campaign or with "Skip campaign". */
export function DialPad({ s, v }: { s: Session; v: AgentView }) {
  const [number, setNumber] = useState('');
  const [campaign, setCampaign] = useState(v.campaigns.find((c) => c.direction === 'outbound')?.id ?? SKIP);
  const canDial = v.dial?.canDial ?? false;
  const busy = s.pending.value !== null;

  const call = (e: Event) => {
    e.preventDefault();
    if (!canDial || !number.trim()) return;
    void s.send({ type: 'dial', number: number.trim(), campaignId: campaign === SKIP ? null : campaign });
  };

  return (
    <form class="card dial" onSubmit={call} aria-labelledby="dial-title" data-testid="dial-pad">
      <h2 id="dial-title">Manual call</h2>
      <label for="dial-number">Number to call</label>
      <input
        id="dial-number"
        type="tel"
        inputMode="tel"
        autoComplete="off"
        value={number}
        onInput={(e) => setNumber((e.target as HTMLInputElement).value.replace(/[^0-9*#+ ()-]/g, ''))}
        maxLength={40}
      />
      <Keypad label="Dial pad" onKey={(k) => setNumber((n) => (n + k).slice(0, 40))} />
      <label for="dial-campaign">Campaign</label>
      <select id="dial-campaign" value={campaign} onChange={(e) => setCampaign((e.target as HTMLSelectElement).value)}>
        {v.campaigns.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
        <option value={SKIP}>Skip campaign</option>
      </select>
      <div class="actions">
        <button type="submit" class="primary" disabled={!canDial || busy || !number.trim()}>
          Call now
        </button>
        {number && (
          <button type="button" onClick={() => setNumber('')}>
            Clear<span class="sr-only"> number</span>
          </button>
        )}
      </div>
      {!canDial && <p class="muted">Manual calls are not possible right now.</p>}
    </form>
  );
}
