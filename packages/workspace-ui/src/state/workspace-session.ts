import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { AssistRequest, FloorSample, FloorSnapshot, LoginResponse } from '@switchboard/protocol';
import { ApiError, SwitchboardClient, type FloorStream } from '@switchboard/sdk';
import { AUTH_LOST_CODES } from '@switchboard/protocol/wire';
import { describeError } from './messages';
import { loadLogin, saveLogin } from './storage';
import { addSamples, applyChanges, compareAssist, queueTimes, upsertAssist } from './floor-state';
import { chime } from './chime';

export type LinkState = 'live' | 'lost';

export interface Workspace {
  readonly login: Signal<LoginResponse | null>;
  readonly floor: Signal<FloorSnapshot | null>;
  /** Server time (ms) each queue's figures were computed at: the longest wait grows from there. */
  readonly queueAt: Signal<Record<string, number>>;
  /** The charts' points per queue (the last hour). */
  readonly history: Signal<Record<string, FloorSample[]>>;
  /** Assistance requests addressed to this user, in inbox order. */
  readonly assists: Signal<AssistRequest[]>;
  readonly unread: ReadonlySignal<number>;
  /** Said politely by a live region when a request arrives. */
  readonly announcement: Signal<string>;
  /** The server's clock minus ours: durations count against the server's time. */
  readonly offsetMs: Signal<number>;
  /** Our clock, ticking every second while logged in. */
  readonly now: Signal<number>;
  readonly link: Signal<LinkState>;
  /** Said on the login page (why the session ended). */
  readonly notice: Signal<string | null>;
  /** Filters: '' for all the user may see. */
  readonly team: Signal<string>;
  /** The logged-in API client (null when logged out), for the recordings and reports pages. */
  api(): SwitchboardClient | null;
  /** An API failure on a page: a lost login ends the session, anything else is for the page to say. */
  failed(e: unknown): void;
  readonly campaign: Signal<string>;
  logIn(username: string, password: string): Promise<void>;
  logOut(): Promise<void>;
  resume(): void;
  markViewed(id: string): Promise<void>;
}

/**
 * The workspace's state: the floor stream (snapshot, then live changes over the WebSocket, no
 * polling), the charts' history, and the assistance inbox with its unread badge and chime.
 */
export function createWorkspace(baseUrl: string): Workspace {
  const login = signal<LoginResponse | null>(null);
  const floor = signal<FloorSnapshot | null>(null);
  const queueAt = signal<Record<string, number>>({});
  const history = signal<Record<string, FloorSample[]>>({});
  const assists = signal<AssistRequest[]>([]);
  const unread = computed(() => assists.value.filter((a) => a.viewedAt === null).length);
  const announcement = signal('');
  const offsetMs = signal(0);
  const now = signal(Date.now());
  const link = signal<LinkState>('live');
  const notice = signal<string | null>(null);
  const team = signal('');
  const campaign = signal('');
  let client: SwitchboardClient | null = null;
  let stream: FloorStream | null = null;
  let tick: ReturnType<typeof setInterval> | undefined;

  function stop(): void {
    stream?.stop();
    stream = null;
    clearInterval(tick);
    client = null;
  }

  function start(res: LoginResponse): void {
    stop();
    const c = new SwitchboardClient({ baseUrl, token: res.token });
    client = c;
    login.value = res;
    notice.value = null;
    floor.value = null;
    assists.value = [];
    link.value = 'live';
    now.value = Date.now();
    tick = setInterval(() => (now.value = Date.now()), 1000);
    stream = c.floorStream({
      snapshot(m) {
        const at = Date.parse(m.floor.at);
        offsetMs.value = at - Date.now();
        floor.value = m.floor;
        queueAt.value = queueTimes(
          {},
          at,
          m.floor.queues.map((q) => q.queueId),
        );
        history.value = m.history;
        assists.value = [...m.assists].sort(compareAssist);
        link.value = 'live';
      },
      changes(m) {
        const f = floor.value;
        if (!f) return;
        const at = Date.parse(m.at);
        offsetMs.value = at - Date.now();
        floor.value = applyChanges(f, m);
        if (m.queues.length)
          queueAt.value = queueTimes(
            queueAt.value,
            at,
            m.queues.map((q) => q.queueId),
          );
      },
      samples(m) {
        history.value = addSamples(history.value, m.at, m.points);
      },
      assist(r) {
        const known = assists.value.some((a) => a.id === r.id);
        assists.value = upsertAssist(assists.value, r);
        if (!known && r.viewedAt === null) {
          announcement.value = `New ${r.priority} priority assistance request from ${r.agentName}`;
          chime();
        }
      },
      connection(status) {
        link.value = status === 'open' ? 'live' : 'lost';
      },
      error(code, message) {
        if (AUTH_LOST_CODES.has(code)) end('Your session has ended. Please log in again.');
        else if (code === 'FORBIDDEN') end(message);
      },
    });
    stream.start();
  }

  function end(why: string | null): void {
    stop();
    saveLogin(null);
    login.value = null;
    floor.value = null;
    assists.value = [];
    team.value = '';
    campaign.value = '';
    notice.value = why;
  }

  return {
    login,
    floor,
    queueAt,
    history,
    assists,
    unread,
    announcement,
    offsetMs,
    now,
    link,
    notice,
    team,
    api: () => client,
    failed(e) {
      if (e instanceof ApiError && AUTH_LOST_CODES.has(e.code)) end(describeError(e));
    },
    campaign,
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
    async markViewed(id) {
      const c = client;
      if (!c) return;
      try {
        assists.value = upsertAssist(assists.value, await c.markAssistViewed(id));
      } catch (e) {
        if (e instanceof ApiError && AUTH_LOST_CODES.has(e.code)) end(describeError(e));
        else announcement.value = describeError(e);
      }
    },
  };
}
