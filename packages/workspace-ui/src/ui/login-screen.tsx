import { useEffect, useRef, useState } from 'preact/hooks';
import type { Workspace } from '../state/workspace-session';
import { describeError } from '../state/messages';

/** Supervisors and admins log in here; an agent is told plainly that this page is not for them. */
export function LoginScreen({ ws }: { ws: Workspace }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const userRef = useRef<HTMLInputElement>(null);
  const passRef = useRef<HTMLInputElement>(null);
  useEffect(() => userRef.current?.focus(), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setFailure(null);
    if (!username.trim()) {
      setFailure('Enter your username.');
      return userRef.current?.focus();
    }
    if (!password) {
      setFailure('Enter your password.');
      return passRef.current?.focus();
    }
    setBusy(true);
    try {
      await ws.logIn(username.trim(), password);
    } catch (err) {
      setFailure(describeError(err));
      setPassword('');
      passRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  const notice = ws.notice.value;
  return (
    <main class="login" aria-labelledby="login-title">
      <h1 id="login-title">Switchboard workspace</h1>
      <p class="muted">For supervisors and admins. Agents use the adapter.</p>
      {notice && !failure && (
        <p class="banner" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <label for="ws-username">Username</label>
        <input id="ws-username" ref={userRef} name="username" autoComplete="username" value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        <label for="ws-password">Password</label>
        <input
          id="ws-password"
          ref={passRef}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        {failure && (
          <p class="error" role="alert" data-testid="login-error">
            {failure}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
