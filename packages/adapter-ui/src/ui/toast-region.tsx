import { dismissToast, toasts } from '../state/toasts';

/** Notices and failures; a polite live region so screen readers hear them without losing focus. */
export function ToastRegion() {
  return (
    <div class="toasts" aria-live="polite" aria-relevant="additions" data-testid="toasts">
      {toasts.value.map((t) => (
        <div key={t.id} class={`toast ${t.level}`} role={t.level === 'error' || t.level === 'warning' ? 'alert' : undefined}>
          <span>{t.message}</span>
          <button type="button" class="icon-button" aria-label="Dismiss notification" onClick={() => dismissToast(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
