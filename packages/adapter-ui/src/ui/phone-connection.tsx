import { useState } from 'preact/hooks';
import type { AgentView, VoiceMethod } from '@switchboard/protocol';
import type { Session } from '../state/session';
import { clearToasts, showToast } from '../state/toasts';
import { openMicrophone, stopStream } from '../webrtc/microphone';
import { startWebPhone } from '../webrtc/web-phone';

const METHODS: ReadonlyArray<{ id: VoiceMethod; label: string; hint: string }> = [
  { id: 'call-in', label: 'Call in to connect', hint: 'You call the contact centre from any phone.' },
  { id: 'call-me', label: 'Call me to connect', hint: 'The contact centre calls your phone.' },
  { id: 'web', label: 'Web Connect', hint: 'Use this browser with a headset.' },
];

/** Manual §1 "Establish a Phone Connection": method, its details, Save as default, Connect or Skip. */
export function PhoneConnection({ s, v }: { s: Session; v: AgentView }) {
  const d = v.defaults;
  const [method, setMethod] = useState<VoiceMethod | null>(v.voice.method ?? d?.method ?? null);
  const [number, setNumber] = useState(v.voice.number ?? d?.number ?? '');
  const [persistent, setPersistent] = useState(d?.persistent ?? true);
  const [saveDefault, setSaveDefault] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const busy = s.pending.value !== null;
  const canConnect = s.allowed('connect-voice');
  const canSkip = s.allowed('skip-voice') || !v.voice.prompt;
  const connecting = v.voice.status === 'connecting';

  async function connect(e: Event) {
    e.preventDefault(); // first, always: a form must never submit natively (page reload)
    if (busy) return;
    setError(null);
    if (!method) return setError('Choose a connection method.');
    if (method === 'call-me' && !number.trim()) {
      setError('Enter the number to call.');
      document.getElementById('voice-number')?.focus();
      return;
    }
    s.voiceScreenOpen.value = true; // stay here to show call-in details and progress
    // Web Connect asks for the microphone first: refused or missing, nothing changes on the server.
    let mic: MediaStream | undefined;
    if (method === 'web') {
      try {
        mic = await openMicrophone({ echoCancellation: true, noiseSuppression: true, autoGainControl: true });
      } catch (err) {
        const message = (err as Error).message;
        setError(message);
        showToast('error', message);
        return;
      }
    }
    const failure = await s.send({
      type: 'connect-voice',
      method,
      ...(method === 'call-me' ? { number: number.trim() } : {}),
      persistent,
      saveAsDefault: saveDefault,
    });
    if (failure) {
      stopStream(mic);
      return setError(failure);
    }
    if (mic) {
      const webFailure = await startWebPhone(s, mic);
      if (webFailure) setError(webFailure);
    }
  }

  async function skip() {
    if (s.allowed('skip-voice')) {
      const failure = await s.send({ type: 'skip-voice' });
      if (failure) return setError(failure);
      clearToasts(); // instructions for an attempt the agent just dropped would mislead
    }
    s.voiceScreenOpen.value = false;
  }

  const callIn = v.voice.callIn;
  return (
    <main
      class="screen"
      aria-labelledby="voice-title"
      onKeyDown={(e) => {
        // Opened from "Connect Voice": Escape goes back like Close.
        if (e.key === 'Escape' && !v.voice.prompt) s.voiceScreenOpen.value = false;
      }}
    >
      <h1 id="voice-title" tabIndex={-1}>
        Phone Connection
      </h1>
      <form onSubmit={connect} noValidate>
        <fieldset>
          <legend>Connection Method</legend>
          {METHODS.map((m) => (
            <label class="choice" key={m.id}>
              <input
                type="radio"
                name="method"
                value={m.id}
                checked={method === m.id}
                onChange={() => {
                  setMethod(m.id);
                  setError(null);
                }}
              />
              <span>
                <strong>{m.label}</strong>
                <small>{m.hint}</small>
              </span>
            </label>
          ))}
        </fieldset>

        {method === 'call-in' && (
          <section class="card" aria-label="Call in details" data-testid="call-in-details">
            {callIn ? (
              <dl class="facts">
                <dt>Number to call</dt>
                <dd data-testid="call-in-number">{callIn.dialNumber}</dd>
                <dt>Agent ID</dt>
                <dd data-testid="call-in-agent">{callIn.agentNumber}</dd>
                <dt>PIN</dt>
                <dd data-testid="call-in-pin">{callIn.pin}</dd>
              </dl>
            ) : (
              <p class="muted">Press Connect to get the number to call, your agent ID and your PIN.</p>
            )}
            <p class="muted">Enter the agent ID and PIN when the call asks for them.</p>
          </section>
        )}

        {method === 'call-me' && (
          <div class="field">
            <label for="voice-number">Connection Phone Number</label>
            <input id="voice-number" type="tel" autocomplete="tel" value={number} aria-describedby="voice-number-hint" onInput={(e) => setNumber(e.currentTarget.value)} />
            <small id="voice-number-hint" class="muted">
              Pre-filled with your default number.
            </small>
          </div>
        )}

        {(method === 'call-me' || method === 'web') && (
          <fieldset>
            <legend>Connection Persistence</legend>
            <label class="choice">
              <input type="radio" name="persistence" checked={persistent} onChange={() => setPersistent(true)} />
              <span>
                <strong>Persistent Connection</strong>
                <small>Receive incoming calls instantly.</small>
              </span>
            </label>
            <label class="choice">
              <input type="radio" name="persistence" checked={!persistent} onChange={() => setPersistent(false)} />
              <span>
                <strong>Non-Persistent Connection</strong>
                <small>Answer or decline incoming calls.</small>
              </span>
            </label>
          </fieldset>
        )}

        <label class="check">
          <input type="checkbox" checked={saveDefault} onChange={(e) => setSaveDefault(e.currentTarget.checked)} />
          Save as default
        </label>

        {connecting && (
          <p class="banner info" role="status">
            {v.voice.method === 'call-in' ? 'Waiting for your call…' : v.voice.method === 'web' ? 'Connecting this browser…' : 'Connecting your phone…'}
          </p>
        )}
        {(error || v.voice.failure) && (
          <p class="banner error" role="alert" data-testid="voice-error">
            {error ?? v.voice.failure}
          </p>
        )}

        <div class="actions">
          {canConnect && (
            <button type="submit" class="primary" disabled={busy}>
              Connect
            </button>
          )}
          {connecting && s.allowed('disconnect-voice') && (
            <button type="button" onClick={() => void s.send({ type: 'disconnect-voice' })} disabled={busy}>
              Cancel
            </button>
          )}
          {canSkip && (
            <button type="button" onClick={skip} disabled={busy}>
              {v.voice.prompt ? 'Skip' : 'Close'}
            </button>
          )}
        </div>
      </form>
    </main>
  );
}
