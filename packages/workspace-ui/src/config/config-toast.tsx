import { useEffect } from 'preact/hooks';

/** How long a failure toast stays unless dismissed; the inline error beside the form stays until the next try. */
const SHOWN_MS = 10_000;

/**
 * A failed save or delete, said in a corner where it is seen even when the form's own error is
 * scrolled away. Polite: the inline error (role="alert") is what screen readers announce.
 */
export function ConfigToast({ message, onDismiss }: { message: string | null; onDismiss(): void }) {
  useEffect(() => {
    if (!message) return;
    const t = setTimeout(onDismiss, SHOWN_MS);
    return () => clearTimeout(t);
  }, [message]);
  if (!message) return null;
  return (
    <div class="cfg-toast" role="status" data-testid="config-toast">
      <p>{message}</p>
      <button type="button" aria-label="Dismiss notification" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
