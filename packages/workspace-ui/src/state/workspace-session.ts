import { signal, type Signal } from '@preact/signals';
import type { FloorSnapshot, LoginResponse } from '@switchboard/protocol';
import { ApiError, SwitchboardClient } from '@switchboard/sdk';
import { AUTH_LOST_CODES } from '@switchboard/protocol/wire';
import { describeError } from './messages';
import { loadLogin, saveLogin } from './storage';

/**
 * How often the floor is fetched. The event WebSocket is the agents' own (one session per socket),
 * so this first slice polls GET /api/v1/floor; times in state tick locally every second between polls.
 */
export const POLL_MS = 1500;

export type LinkState = 'live' | 'lost';

export interface Workspace {
  readonly login: Signal<LoginResponse | null>;
  readonly floor: Signal<FloorSnapshot | null>;
  /** The server's clock minus ours, from the last snapshot: durations count against the server's time. */
  readonly offsetMs: Signal<number>;
  /** Our clock, ticking every second while logged in. */
  readonly now: Signal<number>;
  readonly link: Signal<LinkState>;
  /** Said on the login page (why the session ended). */
  readonly notice: Signal<string | null>;
  /** Team filter: '' for every team the user may see. */
  readonly team: Signal<string>;
  /** The logged-in API client (null when logged out), for the recordings and reports pages. */
  api(): SwitchboardClient | null;
  /** An API failure on a page: a lost login ends the session, anything else is for the page to say. */
  failed(e: unknown): void;
  logIn(username: string, password: string): Promise<void>;
  logOut(): Promise<void>;
  resume(): void;
}

export function createWorkspace(baseUrl: string): Workspace {
  const login = signal<LoginResponse | null>(null);
  const floor = signal<FloorSnapshot | null>(null);
  const offsetMs = signal(0);
  const now = signal(Date.now());
  const link = signal<LinkState>('live');
  const notice = signal<string | null>(null);
  const team = signal('');
  let client: SwitchboardClient | null = null;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let tick: ReturnType<typeof setInterval> | undefined;
  // Bumped on every login/logout so a poll in flight for an old login is dropped.
  let generation = 0;

  function stop(): void {
    generation++;
    clearTimeout(pollTimer);
    clearInterval(tick);
    client = null;
  }

  function start(res: LoginResponse): void {
    stop();
    client = new SwitchboardClient({ baseUrl, token: res.token });
    login.value = res;
    notice.value = null;
    floor.value = null;
    link.value = 'live';
    now.value = Date.now();
    tick = setInterval(() => (now.value = Date.now()), 1000);
    void poll(generation);
  }

  function end(why: string | null): void {
    stop();
    saveLogin(null);
    login.value = null;
    floor.value = null;
    team.value = '';
    notice.value = why;
  }

  async function poll(gen: number): Promise<void> {
    const c = client;
    if (!c || gen !== generation) return;
    try {
      const snap = await c.floor();
      if (gen !== generation) return;
      offsetMs.value = Date.parse(snap.at) - Date.now();
      floor.value = snap;
      link.value = 'live';
    } catch (e) {
      if (gen !== generation) return;
      if (e instanceof ApiError && AUTH_LOST_CODES.has(e.code)) return end(describeError(e));
      link.value = 'lost';
    }
    if (gen === generation) pollTimer = setTimeout(() => void poll(gen), POLL_MS);
  }

  return {
    login,
    floor,
    offsetMs,
    now,
    link,
    notice,
    team,
    api: () => client,
    failed(e) {
      if (e instanceof ApiError && AUTH_LOST_CODES.has(e.code)) end(describeError(e));
    },
    async logIn(username, password) {
      const c = new SwitchboardClient({ baseUrl });
      // app: 'workspace' makes the server refuse an agent before starting their session.
      const res = await c.login(username, password, { app: 'workspace' });
      saveLogin(res);
      start(res);
    },
    async logOut() {
      const c = client;
      end('You have logged out.');
      await c?.logout().catch(() => undefined);
    },
    resume() {
      const saved = loadLogin(Date.now());
      if (saved) start(saved);
    },
  };
}
