import type { Session } from '../state/session';

/** Tells the agent when the event connection dropped or came back. */
export function HealthBanner({ s }: { s: Session }) {
  const h = s.health.value;
  if (!s.login.value) return null;
  if (h === 'reconnecting')
    return (
      <div class="health bad" role="alert" data-testid="health-banner">
        Connection lost. Reconnecting…
      </div>
    );
  if (s.restored.value)
    return (
      <div class="health good" role="status" data-testid="health-banner">
        Connection restored.
      </div>
    );
  return null;
}
