import { computed, signal } from '@preact/signals';
import type { AgentView, AllowedAction, Command, LoginResponse, Notice } from '@switchboard/protocol';
import type { AdapterClient, EventConnection, Ownership, StreamHealth } from '../api/client';
import { ApiError, AUTH_LOST_CODES } from '../api/api-error';
import { describeError } from './messages';
import { showToast } from './toasts';
import { loadSession, saveSession, tabClientId } from './storage';

export type Screen = 'login' | 'loading' | 'elsewhere' | 'voice' | 'settings' | 'main';

/**
 * The adapter's whole state as signals, and the actions that change it. The
 * view comes from the server (snapshot, events, command answers); this file
 * never decides what the agent may do: that is `view.allowed`.
 */
export function createSession(client: AdapterClient) {
  const login = signal<LoginResponse | null>(loadSession());
  const view = signal<AgentView | null>(null);
  const ownership = signal<Ownership | null>(null);
  const health = signal<StreamHealth>('closed');
  /** Shown for a moment after the stream came back. */
  const restored = signal(false);
  const voiceScreenOpen = signal(false);
  const settingsOpen = signal(false);
  /** The command in flight, to disable its button and announce progress. */
  const pending = signal<Command['type'] | null>(null);
  /** Why the agent is back on the login screen (session ended, token expired). */
  const loginNotice = signal<string | null>(null);

  let seq = 0;
  let stream: EventConnection | null = null;
  let restoredTimer: ReturnType<typeof setTimeout> | undefined;

  const screen = computed<Screen>(() => {
    if (!login.value) return 'login';
    const own = ownership.value;
    if (own === 'open-elsewhere' || own === 'taken-over') return 'elsewhere';
    const v = view.value;
    if (!v) return 'loading';
    if (settingsOpen.value) return 'settings';
    if (v.voice.prompt || voiceScreenOpen.value) return 'voice';
    return 'main';
  });

  const allowed = (a: AllowedAction) => view.value?.allowed.includes(a) ?? false;

  function applyState(s: AgentView | null, atSeq: number): void {
    if (atSeq < seq) return; // an older answer overtaken by an event
    seq = atSeq;
    if (s === null) {
      endLocally('You have been signed out.');
      return;
    }
    const before = view.value;
    view.value = s;
    if (before && before.voice.status !== 'connected' && s.voice.status === 'connected') voiceScreenOpen.value = false;
  }

  function onNotice(n: Notice): void {
    showToast(n.level, n.message);
  }

  function startStream(token: string): void {
    stream?.close();
    stream = client.openEvents(token, tabClientId(), () => seq, {
      onSnapshot: (s, state) => {
        seq = 0; // a snapshot replaces everything, whatever came before
        applyState(state, s);
      },
      onEvent: (ev) => {
        if (ev.notice) onNotice(ev.notice);
        applyState(ev.state, ev.seq);
      },
      onOwnership: (o) => {
        const was = ownership.value;
        ownership.value = o;
        if (o === 'taken-over' && was === 'owner') showToast('warning', 'This session was opened in another tab or browser.');
      },
      onHealth: (h) => {
        const was = health.value;
        health.value = h;
        if (h === 'open' && was === 'reconnecting') {
          restored.value = true;
          clearTimeout(restoredTimer);
          restoredTimer = setTimeout(() => (restored.value = false), 4000);
        }
        if (h !== 'open') restored.value = false;
      },
      onAuthLost: (code) => endLocally(describeError(new ApiError(code as ApiError['code'], '', 401))),
      onServerError: (_code, message) => showToast('error', message),
    });
  }

  function endLocally(notice: string | null): void {
    stream?.close();
    stream = null;
    saveSession(null);
    login.value = null;
    view.value = null;
    ownership.value = null;
    voiceScreenOpen.value = false;
    settingsOpen.value = false;
    seq = 0;
    loginNotice.value = notice;
  }

  async function logIn(username: string, password: string): Promise<void> {
    const res = await client.login(username, password);
    if (res.user.role !== 'agent') {
      void client.logout(res.token).catch(() => undefined);
      throw new ApiError('FORBIDDEN', 'This adapter is for agents. Supervisors use the workspace pages.', 403);
    }
    saveSession(res);
    loginNotice.value = null;
    login.value = res;
    startStream(res.token);
  }

  /** Sends a command; failures become toasts (and a lost token sends the agent to login). */
  async function send(command: Command): Promise<boolean> {
    const token = login.value?.token;
    if (!token) return false;
    pending.value = command.type;
    try {
      const res = await client.command(token, command);
      applyState(res.state, res.seq);
      return true;
    } catch (e) {
      if (e instanceof ApiError && AUTH_LOST_CODES.has(e.code)) endLocally(describeError(e));
      else {
        if (e instanceof ApiError && e.code === 'NOT_SESSION_OWNER') ownership.value = 'open-elsewhere';
        showToast('error', describeError(e));
      }
      return false;
    } finally {
      pending.value = null;
    }
  }

  async function signOut(): Promise<void> {
    const token = login.value?.token;
    pending.value = 'sign-out';
    try {
      if (token) await client.logout(token);
    } catch {
      // the token is dropped either way; the server expires it
    } finally {
      pending.value = null;
    }
    endLocally(null);
    showToast('info', 'Signed out.');
  }

  function takeOver(): void {
    stream?.takeOver();
  }

  /** Reload: the stored token opens the stream again. */
  function resume(): void {
    const l = login.value;
    if (l) startStream(l.token);
  }

  return {
    login, view, ownership, health, restored, voiceScreenOpen, settingsOpen, pending, loginNotice, screen,
    allowed, logIn, send, signOut, takeOver, resume,
  };
}

export type Session = ReturnType<typeof createSession>;
