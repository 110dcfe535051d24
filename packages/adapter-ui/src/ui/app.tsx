import { useEffect } from 'preact/hooks';
import type { Screen, Session } from '../state/session';
import { LoginScreen } from './login-screen';
import { PhoneConnection } from './phone-connection';
import { MainPage } from './main-page';
import { AccountSettings } from './account-settings';
import { OpenElsewhere } from './open-elsewhere';
import { HealthBanner } from './health-banner';
import { ToastRegion } from './toast-region';
import { activityLabel } from './header-activity';

/** Where focus goes when a screen appears, so keyboard and screen-reader users land somewhere sensible. */
const FOCUS: Record<Screen, string> = {
  login: '#username',
  loading: '#loading-title',
  elsewhere: '#elsewhere-title',
  voice: '#voice-title',
  settings: '#settings-title',
  main: '#status-button',
};

export function App({ s }: { s: Session }) {
  const screen = s.screen.value;
  const v = s.view.value;

  useEffect(() => {
    document.querySelector<HTMLElement>(FOCUS[screen])?.focus();
  }, [screen]);

  // In its own tab the adapter's status shows in the tab strip too.
  const doing = v ? activityLabel(v, null) : null;
  const title = v ? `${doing ? `${doing} · ` : ''}${v.statusText} · Switchboard` : 'Switchboard';
  useEffect(() => {
    document.title = title;
  }, [title]);

  let body;
  if (screen === 'login') body = <LoginScreen s={s} />;
  else if (screen === 'elsewhere') body = <OpenElsewhere s={s} />;
  else if (!v)
    body = (
      <main class="screen" aria-busy="true">
        <h1 id="loading-title" tabIndex={-1}>
          Connecting…
        </h1>
        <p class="muted">Fetching your status from the server.</p>
        {/* A way out when the server stays unreachable. */}
        <button type="button" class="link" onClick={() => void s.signOut()}>
          Sign out
        </button>
      </main>
    );
  else if (screen === 'settings') body = <AccountSettings s={s} v={v} />;
  else if (screen === 'voice') body = <PhoneConnection s={s} v={v} />;
  else body = <MainPage s={s} v={v} />;

  return (
    <div class="app" data-screen={screen}>
      <HealthBanner s={s} />
      <div class="content">{body}</div>
      <ToastRegion />
    </div>
  );
}
