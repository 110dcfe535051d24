import type { AgentView } from '@switchboard/protocol';
import type { Session } from '../state/session';
import { StatusHeader } from './status-header';
import { CALL_TITLE, CallScreen } from './call/call-screen';
import { DialPad } from './call/dial-pad';
import { steppedBackFrom } from '../state/call-ui';
import { webLostHere } from '../state/web-reload';

const METHOD_NAME = { 'call-in': 'Call in', 'call-me': 'Call me', web: 'Web Connect' } as const;

/** Words for what the system is doing with the agent (layer two); the server decides it. */
const ACTIVITY: Record<AgentView['activity'], string> = {
  'no-voice': '',
  'connecting-voice': '',
  idle: 'Waiting for calls.',
  offered: 'Incoming call…',
  'on-call': 'On a call.',
  wrap: 'Wrapping up the call.',
  previewing: 'Previewing a lead.',
  dialling: 'Dialling…',
};

function returnToCall(): void {
  steppedBackFrom.value = null;
  setTimeout(() => document.getElementById('call-title')?.focus());
}

/** The interaction page: header with status, the pending next status, and the voice path. */
export function MainPage({ s, v }: { s: Session; v: AgentView }) {
  const voice = v.voice;
  const busy = s.pending.value !== null;
  const call = v.interaction ?? null;
  if (call && steppedBackFrom.value !== call.id)
    return (
      <div class="screen main">
        <StatusHeader s={s} v={v} />
        <CallAnnouncer v={v} />
        <main class="body" aria-label="Interaction">
          <PendingPause s={s} v={v} />
          {webLostHere.value && <WebLost inCall />}
          <CallScreen s={s} call={call} />
        </main>
      </div>
    );
  return (
    <div class="screen main">
      <StatusHeader s={s} v={v} />
      <CallAnnouncer v={v} />
      <main class="body" aria-label="Interactions">
        <h1 class="sr-only" tabIndex={-1} id="main-title">
          Agent adapter
        </h1>
        <PendingPause s={s} v={v} />
        {webLostHere.value ? (
          <WebLost inCall={call !== null} />
        ) : voice.status === 'connected' ? (
          <p class="muted">
            Phone connected{voice.method ? ` (${METHOD_NAME[voice.method]}${voice.number ? `: ${voice.number}` : ''})` : ''}.{' '}
            <span data-testid="activity">{ACTIVITY[v.activity]}</span>
          </p>
        ) : (
          <div class="card">
            <p>{voice.status === 'connecting' ? 'Your phone is connecting…' : 'No phone connection: you cannot take calls yet.'}</p>
            {voice.status === 'failed' && voice.failure && (
              <p class="banner error" role="alert">
                {voice.failure}
              </p>
            )}
            {s.allowed('connect-voice') && (
              <button type="button" class="primary wide" onClick={() => (s.voiceScreenOpen.value = true)}>
                Connect Voice
              </button>
            )}
            {voice.status === 'connecting' && (
              <div class="actions">
                <button type="button" onClick={() => (s.voiceScreenOpen.value = true)}>
                  Show details
                </button>
                {s.allowed('disconnect-voice') && (
                  <button type="button" onClick={() => void s.send({ type: 'disconnect-voice' })} disabled={busy}>
                    Cancel
                  </button>
                )}
              </div>
            )}
          </div>
        )}
        {call ? (
          <button type="button" class={`call-bar ${call.presentation}`} data-testid="call-bar" onClick={returnToCall}>
            {call.presentation === 'ended' ? 'Return to wrap the call' : 'Return to the call'}
            {call.customerNumber ? ` with ${call.customerNumber}` : ''}
          </button>
        ) : (
          v.dial && voice.status === 'connected' && <DialPad s={s} v={v} />
        )}
        {!call && v.campaigns.length > 0 && (
          <section aria-labelledby="campaigns-title">
            <h2 id="campaigns-title">Campaigns</h2>
            <ul class="plain">
              {v.campaigns.map((c) => (
                <li key={c.id}>
                  {c.name} <small class="muted">{c.direction}</small>
                </li>
              ))}
            </ul>
          </section>
        )}
      </main>
    </div>
  );
}

/** Issue 14 item 4: the server's web path has no line in this (reloaded) page. */
function WebLost({ inCall }: { inCall: boolean }) {
  return (
    <div class="card" data-testid="web-lost" role="status">
      <p>No phone connection in this browser: Web Connect ended when the page was reloaded.</p>
      <p class="muted">{inCall ? 'The caller cannot hear you. Finish the call; Connect Voice comes back after it.' : 'Disconnecting the old line…'}</p>
    </div>
  );
}

/** The pause that applies once the call is done: "Next: Lunch", with Clear when allowed. */
function PendingPause({ s, v }: { s: Session; v: AgentView }) {
  if (!v.pendingPause) return null;
  return (
    <div class="pending" data-testid="pending-pause">
      <span role="status">Next: {v.pendingPause.name}</span>
      {s.allowed('clear-pending') && (
        <button type="button" class="link" onClick={() => void s.send({ type: 'clear-pending' })} disabled={s.pending.value !== null}>
          Clear<span class="sr-only"> next status</span>
        </button>
      )}
    </div>
  );
}

/**
 * Says a call's arrival and changes (ringing, live, ended) without moving focus,
 * which may be in the notes or the dial pad. Kept at the same place in both
 * layouts so the live region stays mounted and its changes are heard.
 */
function CallAnnouncer({ v }: { v: AgentView }) {
  const c = v.interaction;
  return (
    <p class="sr-only" role="status" data-testid="call-announcer">
      {c ? `${CALL_TITLE[c.presentation]}${c.customerNumber ? `: ${c.customerNumber}` : ''}` : ''}
    </p>
  );
}
