import type { Page, Route, WebSocketRoute } from 'playwright-core';
import type { AgentEvent, AgentEventName, AgentView, Command, Notice } from '@switchboard/protocol';

/** A connected, available agent: the starting point for scripted views. */
export function baseView(): AgentView {
  return {
    sessionId: 'ses_scripted',
    agent: { id: 'agt_alice', username: 'alice', displayName: 'Alice Nguyen', agentNumber: '1001', teamId: 'care' },
    presence: { kind: 'available' },
    activity: 'idle',
    voice: { status: 'connected', method: 'call-me', number: '+61412345678', persistent: true, prompt: false, callIn: null, failure: null },
    dot: 'green',
    statusText: 'Available',
    pendingPause: null,
    pauseReasons: [
      { id: 'break', name: 'Break', system: false },
      { id: 'lunch', name: 'Lunch', system: false },
    ],
    defaults: null,
    campaigns: [{ id: 'care-inbound', name: 'Customer Care', direction: 'inbound' }],
    allowed: ['disconnect-voice', 'pause', 'sign-out'],
    since: new Date(0).toISOString(),
  };
}

/**
 * A scripted API in the page (Playwright routes): the adapter's views that the
 * real server cannot reach yet without a telephony engine (a connected phone, a
 * call with a pending pause) are pushed from here, so the test checks how the
 * adapter renders them. Commands are recorded and answered by `onCommand`.
 */
export interface ScriptOptions {
  /**
   * Commands the real server answers at the session's current seq with no event (a change
   * to the call only, e.g. mute): here they get no event at all, the answer alone says it.
   */
  quiet?: (c: Command) => boolean;
}

export async function scriptApi(page: Page, initial: AgentView, onCommand: (c: Command, v: AgentView) => AgentView, opts: ScriptOptions = {}) {
  let view = initial;
  let seq = 1;
  let socket: WebSocketRoute | null = null;
  const commands: Command[] = [];

  await page.route('**/api/v1/auth/login', (route: Route) =>
    route.fulfill({
      json: {
        token: 'scripted-token',
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
        user: { id: view.agent.id, username: view.agent.username, displayName: view.agent.displayName, role: 'agent' },
      },
    }),
  );
  await page.route('**/api/v1/auth/logout', (route: Route) => route.fulfill({ json: { ok: true } }));
  await page.route('**/api/v1/agent/commands', async (route: Route) => {
    const body = route.request().postDataJSON() as { requestId: string; command: Command };
    commands.push(body.command);
    view = onCommand(body.command, view);
    if (!opts.quiet?.(body.command)) {
      seq++;
      socket?.send(JSON.stringify({ type: 'event', event: { seq, at: new Date().toISOString(), name: 'presence.changed', state: view } }));
    }
    await route.fulfill({ json: { requestId: body.requestId, applied: true, seq, state: view } });
  });
  await page.routeWebSocket(/\/api\/v1\/events$/, (ws) => {
    socket = ws;
    ws.onMessage((raw) => {
      const m = JSON.parse(String(raw)) as { type: string };
      if (m.type === 'hello') {
        ws.send(JSON.stringify({ type: 'ownership', owner: true, reason: 'owner' }));
        ws.send(JSON.stringify({ type: 'snapshot', seq, state: view }));
      } else if (m.type === 'ping') ws.send(JSON.stringify({ type: 'pong' }));
    });
  });

  return {
    commands,
    get view() {
      return view;
    },
    /** Pushes a snapshot at the current seq, as the server does for a change to the call alone. */
    snapshot(next: AgentView): void {
      view = next;
      if (!socket) throw new Error('the adapter has not opened its event stream');
      socket.send(JSON.stringify({ type: 'snapshot', seq, state: view }));
    },
    /** Pushes the next event in order (state null: the session ended). */
    push(name: AgentEventName, next: AgentView | null, notice?: Notice): void {
      if (next) view = next;
      seq++;
      const event: AgentEvent = { seq, at: new Date().toISOString(), name, state: next, ...(notice ? { notice } : {}) };
      if (!socket) throw new Error('the adapter has not opened its event stream');
      socket.send(JSON.stringify({ type: 'event', event }));
    },
  };
}
