import { signal } from '@preact/signals';

/**
 * The interaction the agent stepped away from with "Back" (manual §10: back to
 * the main page to pick a pause reason). Keyed by id, so a new call opens its
 * screen again by itself.
 */
export const steppedBackFrom = signal<string | null>(null);

/** Seconds from now until an ISO time, never below zero. */
export function secondsUntil(iso: string, now: number = Date.now()): number {
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / 1000));
}

export const KEYPAD_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
