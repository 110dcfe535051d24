import { useRef, useState } from 'preact/hooks';
import type { Session } from '../state/session';
import { describeError } from '../state/messages';
import { ApiServerNotice } from './api-server-notice';

interface FieldErrors {
  username?: string;
  password?: string;
}

/** Manual §1: Agent Username and Agent Password, both mandatory, then Login. */
export function LoginScreen({ s }: { s: Session }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const userRef = useRef<HTMLInputElement>(null);
  const passRef = useRef<HTMLInputElement>(null);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    const next: FieldErrors = {};
    if (!username.trim()) next.username = 'Enter your Agent Username.';
    if (!password) next.password = 'Enter your Agent Password.';
    setErrors(next);
    setFailure(null);
    if (next.username) return userRef.current?.focus();
    if (next.password) return passRef.current?.focus();
    setBusy(true);
    try {
      await s.logIn(username.trim(), password);
    } catch (err) {
      setFailure(describeError(err));
      setPassword('');
      passRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  const notice = s.loginNotice.value;
  return (
    <main class="screen login" aria-labelledby="login-title">
      <h1 id="login-title" class="brand" tabIndex={-1}>
        Switchboard
      </h1>
      <p class="muted">Agent login</p>
      <ApiServerNotice />
      {notice && !failure && (
        <p class="banner info" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="username">Agent Username</label>
          <input
            id="username"
            ref={userRef}
            name="username"
            autocomplete="username"
            autoCapitalize="none"
            spellcheck={false}
            value={username}
            aria-required="true"
            aria-invalid={errors.username ? 'true' : 'false'}
            aria-describedby={errors.username ? 'username-error' : undefined}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
          {errors.username && (
            <p id="username-error" class="field-error">
              {errors.username}
            </p>
          )}
        </div>
        <div class="field">
          <label for="password">Agent Password</label>
          <input
            id="password"
            ref={passRef}
            name="password"
            type="password"
            autocomplete="current-password"
            value={password}
            aria-required="true"
            aria-invalid={errors.password ? 'true' : 'false'}
            aria-describedby={errors.password ? 'password-error' : undefined}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          {errors.password && (
            <p id="password-error" class="field-error">
              {errors.password}
            </p>
          )}
        </div>
        {failure && (
          <p class="banner error" role="alert" data-testid="login-error">
            {failure}
          </p>
        )}
        <button type="submit" class="primary wide" disabled={busy} aria-busy={busy}>
          {busy ? 'Logging in…' : 'Login'}
        </button>
      </form>
    </main>
  );
}
