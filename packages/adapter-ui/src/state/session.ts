import { computed, signal } from '@preact/signals';
import type { AgentView, AllowedAction, AssistPriority, AssistRequest, Command, LoginResponse } from '@switchboard/protocol';
import { ApiError, SwitchboardClient, type ConnectionStatus, type Ownership } from '@switchboard/sdk';
import { AUTH_LOST_CODES, FINAL_CLOSE_CODES, FINAL_STREAM_ERROR_CODES } from '@switchboard/protocol/wire';
import { describeError } from './messages';
import { showToast } from './toasts';
import { deviceId, loadSession, restartSaid, saveSession, tabClientId } from './storage';

export type Screen = 'login' | 'loading' | 'elsewhere' | 'voice' | 'settings' | 'main';

/**
 * The adapter's whole state as signals, and the actions that change it. The
 * view comes from the server (snapshot, events, command answers) through the
 * sdk; nothing here decides what the agent may do: that is `view.allowed`.
 */
export function createSession(baseUrl: string) {
  const stored = loadSession();
  const login = signal<LoginResponse | null>(stored);
  const view = signal<AgentView | null>(null);
  const ownership = signal<Ownership | null>(null);
  const health = signal<ConnectionStatus>('closed');
  /** Shown for a moment after the stream came back. */
  const restored = signal(false);
  const voiceScreenOpen = signal(false);
  const settingsOpen = signal(false);
  /** The command in flight, to disable buttons while it runs. */
  const pending = signal<Command['type'] | null>(null);
  /** Why the agent is back on the login screen (session ended, token expired). */
  const loginNotice = signal<string | null>(null);
  /** The agent's assistance requests this session, newest first (sent, then viewed). */
  const assists = signal<AssistRequest[]>([]);

  /** Told of every command the server accepted (the CRM link keeps the wrap's outcome for its log). */
  const sentListeners = new Set<(c: Command) => void>();

  let seq = 0;
  /** Interactions the agent wrapped with "Wrap call" (their end is no surprise). */
  const wrapSent = new Set<string>();
  /** Counts stream messages, so a command's answer can tell whether the stream spoke since it was sent. */
  let streamMessages = 0;
  let restoredTimer: ReturnType<typeof setTimeout> | undefined;
  let client = makeClient(stored?.token);

  const screen = computed<Screen>(() => {
    if (!login.value) return 'login';
    const own = ownership.value;
    if (own && !own.owner) return 'elsewhere';
    const v = view.value;
    if (!v) return 'loading';
    if (settingsOpen.value) return 'settings';
    if (v.voice.prompt || voiceScreenOpen.value) return 'voice';
    return 'main';
  });

  const allowed = (a: AllowedAction) => view.value?.allowed.includes(a) ?? false;

  function makeClient(token: string | undefined): SwitchboardClient {
    const device = deviceId();
    const c = new SwitchboardClient({ baseUrl, clientId: tabClientId(), ...(device ? { deviceId: device } : {}), ...(token ? { token } : {}) });
    // A replaced client (after sign-out) may still report its socket closing: ignore it.
    const live = () => c === client;
    // The stream is ordered and authoritative (a snapshot may restart seq after a server restart).
    c.onState((s, at) => {
      if (!live()) return;
      seq = at;
      streamMessages++;
      show(s);
    });
    c.onNotice((n) => live() && showToast(n.level, n.message));
    // Request assistance (manual 17): told again when the recipient has viewed it.
    c.onAssist((r) => {
      if (!live()) return;
      const known = assists.value.find((a) => a.id === r.id);
      assists.value = [r, ...assists.value.filter((a) => a.id !== r.id)];
      if (r.viewedAt && !known?.viewedAt) showToast('success', `${r.toName} has viewed your assistance request.`);
    });
    c.onOwnership((o) => {
      if (!live()) return;
      const was = ownership.value;
      ownership.value = o;
      if (!o.owner && o.reason === 'taken-over' && was?.owner) showToast('warning', 'This session was opened in another tab or browser.');
    });
    c.onConnection((h, detail) => {
      if (!live()) return;
      // The server closed for good (token revoked, not an agent, session ended elsewhere).
      if (h === 'closed' && detail?.code !== undefined && FINAL_CLOSE_CODES.has(detail.code)) {
        endLocally('Your session has ended. Please log in again.');
        return;
      }
      const was = health.value;
      health.value = h;
      clearTimeout(restoredTimer);
      restored.value = h === 'open' && was === 'reconnecting';
      if (restored.value) restoredTimer = setTimeout(() => (restored.value = false), 4000);
    });
    c.onError((code, message) => {
      if (!live()) return;
      if (FINAL_STREAM_ERROR_CODES.has(code)) endLocally(describeError(new ApiError(code as ApiError['code'], message, 401)));
      else showToast('error', message);
    });
    return c;
  }

  function show(s: AgentView | null): void {
    if (s === null) {
      endLocally('Your session has ended. Please log in again.');
      return;
    }
    const before = view.value;
    view.value = s;
    const wrapped = autoWrapped(before, s, wrapSent);
    if (wrapped) showToast('info', wrapped);
    if (s.resumedAfter && !restartSaid(s.sessionId)) {
      restartSaid(s.sessionId, true);
      showToast('warning', restartMessage(s));
    }
    // Once the phone is connected the Phone Connection screen has done its job.
    if (before && before.voice.status !== 'connected' && s.voice.status === 'connected') voiceScreenOpen.value = false;
  }

  function endLocally(notice: string | null): void {
    const old = client;
    client = makeClient(undefined);
    old.disconnect();
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
      void client.logout().catch(() => undefined);
      throw new ApiError('FORBIDDEN', 'This adapter is for agents. Supervisors and admins use the workspace at /workspace/.', 403);
    }
    saveSession(res);
    loginNotice.value = null;
    login.value = res;
    client.connect();
  }

  /**
   * Sends a command. Failures become toasts (a lost token sends the agent back
   * to login); the answer is null on success, else the message shown.
   */
  async function send(command: Command): Promise<string | null> {
    if (!login.value) return 'Not logged in.';
    pending.value = command.type;
    if (command.type === 'wrap') wrapSent.add(command.interactionId);
    const sentBy = client;
    const heardBefore = streamMessages;
    // Told before the answer: the stream may show the command's effect (a wrapped call gone) first.
    for (const l of sentListeners) l(command);
    try {
      const res = await sentBy.command(command);
      if (sentBy !== client) return null; // signed out meanwhile: nothing to show
      // An answer overtaken by a newer event is stale; the stream already showed what followed.
      // A call change (mute, notes) keeps the session's seq, so an answer at the same seq is
      // shown unless the stream spoke since the command went out (what it said is as new).
      if (res.seq > seq || (res.seq === seq && streamMessages === heardBefore)) {
        seq = res.seq;
        show(res.state);
      }
      return null;
    } catch (e) {
      const message = describeError(e);
      if (sentBy !== client) return message;
      if (e instanceof ApiError && AUTH_LOST_CODES.has(e.code)) endLocally(message);
      else {
        if (e instanceof ApiError && e.code === 'NOT_SESSION_OWNER') ownership.value = { owner: false, reason: 'open-elsewhere' };
        showToast('error', message);
      }
      return message;
    } finally {
      pending.value = null;
    }
  }

  async function signOut(): Promise<void> {
    pending.value = 'sign-out';
    try {
      await client.logout();
    } catch {
      // the token is dropped here either way, and it expires on the server
    } finally {
      pending.value = null;
    }
    endLocally(null);
    showToast('info', 'Signed out.');
  }

  function takeOver(): void {
    if (!client.takeOver()) showToast('error', 'Not connected to the server yet. Try again in a moment.');
  }

  /** A reload keeps the session: the stored token reopens the event stream. */
  function resume(): void {
    if (login.value) client.connect();
  }

  function onCommandSent(listener: (c: Command) => void): () => void {
    sentListeners.add(listener);
    return () => sentListeners.delete(listener);
  }

  /** Request assistance: who may be asked now (and whether the team has it), and sending. */
  const assist = {
    recipients: () => client.assistRecipients(),
    async send(body: { toUserId: string; message: string; priority: AssistPriority }): Promise<AssistRequest> {
      const r = await client.requestAssistance(body);
      assists.value = [r, ...assists.value.filter((a) => a.id !== r.id)];
      showToast('success', `Assistance request sent to ${r.toName}.`);
      return r;
    },
  };

  return {
    /** The API client of the signed-in agent (CRM bridges use the server's CRM proxies through it). */
    client: () => client,
    onCommandSent,
    assist,
    assists,
    login,
    view,
    ownership,
    health,
    restored,
    voiceScreenOpen,
    settingsOpen,
    pending,
    loginNotice,
    screen,
    allowed,
    logIn,
    send,
    signOut,
    takeOver,
    resume,
  };
}

export type Session = ReturnType<typeof createSession>;

/** Issue 14: after a server restart the agent is back paused with no phone; say why and what to do. */
export function restartMessage(v: AgentView): string {
  const at = v.resumedAfter ? new Date(v.resumedAfter.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
  const status = v.presence.kind === 'paused' ? `Paused: ${v.presence.reason.name}` : 'Available';
  const voice = v.voice.status === 'connected' ? '' : ' and your phone connection was dropped: Connect Voice to take calls again';
  return `The server restarted${at ? ` at ${at}` : ''}. Your status is back to ${status}${voice}.`;
}

/**
 * The wrap ran out on the server (auto-wrap): the campaign's default outcome was applied
 * (manual §11). Said in a toast, as the call screen just vanishes otherwise (issue 14).
 */
export function autoWrapped(before: AgentView | null, after: AgentView, wrapSent: ReadonlySet<string>, now: number = Date.now()): string | null {
  const call = before?.interaction;
  const wrap = call?.wrap;
  if (!call || !wrap?.deadline || wrapSent.has(call.id)) return null;
  if (after.interaction?.id === call.id) return null;
  // Only the countdown's end (allowing for clock skew), not a call that went away for another reason.
  if (now < Date.parse(wrap.deadline) - 2000) return null;
  const outcome = wrap.outcomes.find((o) => o.default);
  return outcome ? `Wrap time ran out: the call was wrapped with the outcome "${outcome.name}".` : 'Wrap time ran out: the call was wrapped with no outcome.';
}
