import { signal } from '@preact/signals';

export type ToastLevel = 'info' | 'success' | 'warning' | 'error';
export interface Toast {
  id: number;
  level: ToastLevel;
  message: string;
}

const LIFETIME_MS = 6000;
let nextId = 1;

/** Notices and failures, shown in an aria-live region. */
export const toasts = signal<readonly Toast[]>([]);

export function dismissToast(id: number): void {
  toasts.value = toasts.value.filter((t) => t.id !== id);
}

export function showToast(level: ToastLevel, message: string): void {
  // The same message twice in a row (e.g. a retried failure) shows once.
  if (toasts.value.some((t) => t.message === message)) return;
  const id = nextId++;
  toasts.value = [...toasts.value.slice(-3), { id, level, message }];
  setTimeout(() => dismissToast(id), level === 'error' ? LIFETIME_MS * 1.5 : LIFETIME_MS);
}

/** Drops every toast (e.g. call-in instructions once the agent skipped the phone connection). */
export function clearToasts(): void {
  toasts.value = [];
}
