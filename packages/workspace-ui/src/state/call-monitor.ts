import { effect, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { FloorSnapshot, MonitorModeWire, MonitorViewWire } from '@switchboard/protocol';
import { ApiError, type SwitchboardClient } from '@switchboard/sdk';
import { describeError } from './messages';
import { WebVoice } from './web-voice';

const NUMBER_KEY = 'switchboard.workspace.monitor-number';
const PATH_KEY = 'switchboard.workspace.monitor-path';

export type MonitorPath = 'call-me' | 'web';

/** Listen / whisper / barge from the workspace (issue 20.4): one call at a time, over the supervisor's phone. */
export interface MonitorControl {
  /** The monitoring this page started (kept once ended, to say why). */
  readonly current: Signal<MonitorViewWire | null>;
  /** The supervisor's voice path: their phone (call me) or this browser (Web Connect), remembered here. */
  readonly path: Signal<MonitorPath>;
  /** The supervisor's phone ("call me"), remembered in this browser. */
  readonly number: Signal<string>;
  readonly error: Signal<string | null>;
  readonly busy: Signal<boolean>;
  start(interactionId: string, mode: MonitorModeWire): Promise<void>;
  switchTo(mode: MonitorModeWire): Promise<void>;
  stop(): Promise<void>;
  dispose(): void;
}

export const isActive = (m: MonitorViewWire | null): m is MonitorViewWire => !!m && m.state !== 'ended';

/**
 * What the floor, as last pushed, says of the monitoring this page runs: the same view (nothing
 * newer), its newer state (the phone answered, a switch, an end and why), or ended because the
 * call is gone from the agent or another supervisor's monitoring replaced it. Of two views of one
 * monitoring the higher `rev` is newer: a REST answer and a floor push may arrive in either order.
 */
export function followFloor(m: MonitorViewWire, floor: FloorSnapshot): MonitorViewWire {
  if (!isActive(m)) return m;
  const call = floor.agents.find((a) => a.agentId === m.agentId)?.call;
  if (!call || call.id !== m.interactionId) return { ...m, state: 'ended', endCause: 'call-ended' };
  const f = call.monitor;
  // Not there yet, or an older one: the push went out before this monitoring began.
  if (!f || Date.parse(f.since) < Date.parse(m.since)) return m;
  if (f.supervisorId !== m.supervisorId || f.since !== m.since) return { ...m, state: 'ended', endCause: 'taken-over' };
  if (f.rev <= m.rev) return m;
  return { ...m, mode: f.mode, state: f.state, endCause: f.endCause, rev: f.rev };
}

/**
 * The page's side of monitoring: start (the server rings the supervisor's phone), switch, stop;
 * while it runs it follows the floor stream's pushes (the phone answering, the call or the phone
 * ending), never asking the server again.
 */
export function createMonitorControl(api: () => SwitchboardClient | null, failed: (e: unknown) => void, floor: ReadonlySignal<FloorSnapshot | null>): MonitorControl {
  const current = signal<MonitorViewWire | null>(null);
  const number = signal(load(NUMBER_KEY) ?? '');
  const path = signal<MonitorPath>(load(PATH_KEY) === 'web' ? 'web' : 'call-me');
  const web = new WebVoice();
  /** A finished monitoring frees the browser's microphone. */
  const settle = (v: MonitorViewWire | null) => {
    current.value = v;
    if (!isActive(v)) web.close();
  };
  const error = signal<string | null>(null);
  const busy = signal(false);
  /** A view (a REST answer, or the current one on a push) brought up to what the floor shows. */
  const follow = (v: MonitorViewWire | null) => {
    const f = floor.peek();
    const next = v && f ? followFloor(v, f) : v;
    if (next !== current.peek()) settle(next);
  };
  // Every floor push (and a reconnect's snapshot): no request of our own.
  const stopFollowing = effect(() => {
    if (floor.value) follow(current.peek());
  });

  const run = async (fn: (c: SwitchboardClient) => Promise<MonitorViewWire>) => {
    const c = api();
    if (!c) return;
    busy.value = true;
    error.value = null;
    try {
      follow(await fn(c));
    } catch (e) {
      error.value = e instanceof Error && !(e instanceof ApiError) ? e.message : describeError(e);
      failed(e);
    } finally {
      busy.value = false;
    }
  };

  return {
    current,
    path,
    number,
    error,
    busy,
    async start(interactionId, mode) {
      const m = current.value;
      // Already on this call: a switch; on another: stop that one first (one call at a time).
      if (isActive(m) && m.interactionId === interactionId) return run((c) => c.monitorMode(interactionId, mode));
      const n = number.value.trim();
      if (path.value === 'call-me' && !n) {
        error.value = 'Enter the phone number to call you on first.';
        return;
      }
      save(PATH_KEY, path.value);
      if (path.value === 'call-me') save(NUMBER_KEY, n);
      if (isActive(m)) await run((c) => c.monitorStop(m.interactionId));
      if (path.value === 'call-me') return run((c) => c.monitorStart(interactionId, mode, { number: n }));
      return run(async (c) => {
        let sdp: string;
        try {
          sdp = await web.offer();
        } catch (e) {
          web.close();
          throw new Error(`The microphone or the browser's WebRTC is not available: ${(e as Error).message}`);
        }
        const started = await c.monitorStart(interactionId, mode, { sdp });
        if (started.sdp) await web.answer(started.sdp);
        const { sdp: _answer, ...view } = started;
        return view;
      });
    },
    async switchTo(mode) {
      const m = current.value;
      if (isActive(m)) await run((c) => c.monitorMode(m.interactionId, mode));
    },
    async stop() {
      const m = current.value;
      if (isActive(m)) await run((c) => c.monitorStop(m.interactionId));
    },
    dispose() {
      stopFollowing();
      web.close();
    },
  };
}

function load(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function save(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage disabled: asked again next time
  }
}
