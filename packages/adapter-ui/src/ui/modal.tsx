import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog (native <dialog> shown with showModal, so the rest of the panel is inert):
 * focus goes to `initial` (else the first control), Tab and Shift+Tab wrap inside it (the
 * browser would otherwise let focus leave to its own toolbar), Escape calls onClose, and
 * focus returns to whatever had it before (the button that opened it), else to the call's title.
 */
export function Modal({
  labelledBy,
  onClose,
  initial,
  testId,
  class: cls,
  children,
}: {
  labelledBy: string;
  onClose: () => void;
  initial?: { current: HTMLElement | null };
  testId?: string;
  class?: string;
  children: ComponentChildren;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  close.current = onClose;

  // A layout effect: the opener is read before anything else takes focus, and on unmount focus
  // is handed back at once rather than after the next paint.
  useLayoutEffect(() => {
    const d = ref.current;
    if (!d) return;
    const opener = document.activeElement as HTMLElement | null;
    if (!d.open) d.showModal();
    (initial?.current ?? tabStops(d)[0])?.focus();
    // Escape: the browser's cancel event; we close through state so the dialog unmounts.
    const onCancel = (e: Event) => {
      e.preventDefault();
      close.current();
    };
    d.addEventListener('cancel', onCancel);
    return () => {
      d.removeEventListener('cancel', onCancel);
      if (d.open) d.close();
      // The opener may be gone (a menu item, a button the new view no longer offers): the call's title then.
      if (opener && opener !== document.body && opener.isConnected) opener.focus();
      else document.getElementById('call-title')?.focus();
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close.current();
      return;
    }
    if (e.key !== 'Tab') return;
    const items = tabStops(ref.current);
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog ref={ref} class={`dialog${cls ? ` ${cls}` : ''}`} aria-labelledby={labelledBy} aria-modal="true" onKeyDown={onKeyDown} data-testid={testId}>
      {children}
    </dialog>
  );
}

/** The dialog's tab stops in order: visible, not roving (tabindex -1), one radio per group. */
function tabStops(root: HTMLElement | null): HTMLElement[] {
  if (!root) return [];
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => {
    if (el.tabIndex < 0 || el.offsetParent === null) return false;
    if (el instanceof HTMLInputElement && el.type === 'radio' && !el.checked) {
      return !root.querySelector(`input[type="radio"][name="${el.name}"]:checked`);
    }
    return true;
  });
}
