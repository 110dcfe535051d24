import type { AgentView } from '@switchboard/protocol';
import type { Session } from '../state/session';

/** Manual §2: Account Settings, with Sign out. */
export function AccountSettings({ s, v }: { s: Session; v: AgentView }) {
  const busy = s.pending.value !== null;
  const back = () => (s.settingsOpen.value = false);
  return (
    <main
      class="screen"
      aria-labelledby="settings-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') back();
      }}
    >
      <div class="title-row">
        <button type="button" class="link" onClick={back}>
          ‹ Back
        </button>
      </div>
      <h1 id="settings-title" tabIndex={-1}>
        Account Settings
      </h1>
      <dl class="facts">
        <dt>Name</dt>
        <dd>{v.agent.displayName}</dd>
        <dt>Username</dt>
        <dd>{v.agent.username}</dd>
        <dt>Agent ID</dt>
        <dd>{v.agent.agentNumber}</dd>
        <dt>Phone</dt>
        <dd>{v.voice.status === 'connected' ? `Connected${v.voice.number ? ` (${v.voice.number})` : ''}` : 'Not connected'}</dd>
      </dl>
      <div class="actions column">
        {s.allowed('disconnect-voice') && (
          <button type="button" onClick={() => void s.send({ type: 'disconnect-voice' })} disabled={busy}>
            Disconnect phone
          </button>
        )}
        <button
          type="button"
          class="danger"
          onClick={() => void s.signOut()}
          disabled={busy || !s.allowed('sign-out')}
          aria-describedby={s.allowed('sign-out') ? undefined : 'sign-out-hint'}
        >
          Sign out
        </button>
        {!s.allowed('sign-out') && (
          <p id="sign-out-hint" class="muted">
            Finish the current call before signing out.
          </p>
        )}
      </div>
    </main>
  );
}
