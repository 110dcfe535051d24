import type { LoginResponse } from '@switchboard/protocol';

const KEY = 'switchboard.workspace';

/** The workspace login lives in sessionStorage: a reload keeps it, closing the tab ends it. */
export function loadLogin(now: number): LoginResponse | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as LoginResponse;
    if (typeof s.token !== 'string' || !s.user) return null;
    if (s.expiresAt && Date.parse(s.expiresAt) <= now) return null;
    return s;
  } catch {
    return null;
  }
}

export function saveLogin(s: LoginResponse | null): void {
  try {
    if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
    else sessionStorage.removeItem(KEY);
  } catch {
    // storage disabled: the login just won't survive a reload
  }
}
