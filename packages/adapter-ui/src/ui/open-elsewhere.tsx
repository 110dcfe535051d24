import type { Session } from '../state/session';

/** Another tab or browser owns the session (one tab owns the microphone): say so, offer to take it back. */
export function OpenElsewhere({ s }: { s: Session }) {
  const takenOver = s.ownership.value?.reason === 'taken-over';
  return (
    <main class="screen" aria-labelledby="elsewhere-title">
      <h1 id="elsewhere-title" tabIndex={-1}>
        {takenOver ? 'Session moved' : 'Session open elsewhere'}
      </h1>
      <p role="status" data-testid="elsewhere-message">
        This session is open in another tab or browser.
      </p>
      <p class="muted">One tab at a time owns the session and its phone connection.</p>
      <div class="actions column">
        <button type="button" class="primary" onClick={() => s.takeOver()}>
          Use here
        </button>
      </div>
    </main>
  );
}
