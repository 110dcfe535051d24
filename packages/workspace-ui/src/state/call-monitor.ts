import { signal, type Signal } from '@preact/signals';
import type { MonitorModeWire, MonitorViewWire } from '@switchboard/protocol';
import { ApiError, type SwitchboardClient } from '@switchboard/sdk';
import { describeError } from './messages';
import { WebVoice } from './web-voice';

const NUMBER_KEY = 'switchboard.workspace.monitor-number';
const PATH_KEY = 'switchboard.workspace.monitor-path';

export type MonitorPath = 'call-me' | 'web';
const POLL_MS = 1500;

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
 * The page's side of monitoring: start (the server rings the supervisor's phone), switch, stop;
 * while it runs its state is read every 1.5 s (the phone answering, the call or the phone ending).
 */
export function createMonitorControl(api: () => SwitchboardClient | null, failed: (e: unknown) => void): MonitorControl {
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
  let poll: ReturnType<typeof setInterval> | undefined;

  const follow = () => {
    clearInterval(poll);
    poll = undefined;
    if (!isActive(current.value)) return;
    poll = setInterval(() => {
      const c = api();
      const m = current.value;
      if (!c || !isActive(m)) return clearInterval(poll);
      c.monitorStatus(m.interactionId).then(
        (v) => {
          if (current.value?.interactionId !== m.interactionId) return;
          // null: the call is gone from the server (over for a while).
          settle(v && v.supervisorId === m.supervisorId ? v : { ...m, state: 'ended', endCause: v ? 'taken-over' : 'call-ended' });
          if (!isActive(current.value)) clearInterval(poll);
        },
        (e: unknown) => {
          clearInterval(poll);
          settle({ ...m, state: 'ended', endCause: 'call-ended' });
          failed(e);
        },
      );
    }, POLL_MS);
  };

  const run = async (fn: (c: SwitchboardClient) => Promise<MonitorViewWire>) => {
    const c = api();
    if (!c) return;
    busy.value = true;
    error.value = null;
    try {
      settle(await fn(c));
      follow();
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
      clearInterval(poll);
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
