import type { LoginResponse } from '@switchboard/protocol';
import { randomId } from '../api/random-id';

const SESSION_KEY = 'switchboard.session';
const CLIENT_KEY = 'switchboard.clientId';

/**
 * The login lives in sessionStorage, not a cookie: CRM iframes block
 * third-party cookies, and a reload of this tab keeps the session.
 */
export function loadSession(): LoginResponse | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as LoginResponse;
    if (typeof s.token !== 'string' || !s.user) return null;
    if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) return null;
    return s;
  } catch {
    return null;
  }
}

export function saveSession(s: LoginResponse | null): void {
  try {
    if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // storage disabled (some embedded contexts): the session just won't survive a reload
  }
}

/** Stable per tab, so the server tells this tab's reconnect from a second tab. */
export function tabClientId(): string {
  try {
    let id = sessionStorage.getItem(CLIENT_KEY);
    if (!id) {
      id = randomId('tab');
      sessionStorage.setItem(CLIENT_KEY, id);
    }
    return id;
  } catch {
    return randomId('tab');
  }
}

const DEVICE_KEY = 'switchboard.device';

/**
 * Stable per browser (localStorage), sent with every login: after one success the server knows
 * this device, and failed logins for the same username elsewhere do not slow it down.
 */
export function deviceId(): string | undefined {
  try {
    let id = localStorage.getItem(DEVICE_KEY);
    if (!id || !/^[A-Za-z0-9_-]{16,100}$/.test(id)) {
      id = randomId('dev');
      localStorage.setItem(DEVICE_KEY, id);
    }
    return id;
  } catch {
    return undefined;
  }
}

const RESTART_KEY = 'switchboard.restartSaid';

/**
 * Whether this tab already told the agent that session `sessionId` began after a server
 * restart (the snapshot keeps saying so; the toast is shown once, also across a reload).
 */
export function restartSaid(sessionId: string, mark = false): boolean {
  try {
    if (mark) sessionStorage.setItem(RESTART_KEY, sessionId);
    return sessionStorage.getItem(RESTART_KEY) === sessionId;
  } catch {
    return mark;
  }
}
