import { signal, type Signal } from '@preact/signals';
import type { MonitorModeWire, MonitorViewWire } from '@switchboard/protocol';
import type { SwitchboardClient } from '@switchboard/sdk';
import { describeError } from './messages';

const NUMBER_KEY = 'switchboard.workspace.monitor-number';
const POLL_MS = 1500;

/** Listen / whisper / barge from the workspace (issue 20.4): one call at a time, over the supervisor's phone. */
export interface MonitorControl {
  /** The monitoring this page started (kept once ended, to say why). */
  readonly current: Signal<MonitorViewWire | null>;
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
  const number = signal(loadNumber());
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
          current.value = v && v.supervisorId === m.supervisorId ? v : { ...m, state: 'ended', endCause: v ? 'taken-over' : 'call-ended' };
          if (!isActive(current.value)) clearInterval(poll);
        },
        (e: unknown) => {
          clearInterval(poll);
          current.value = { ...m, state: 'ended', endCause: 'call-ended' };
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
      current.value = await fn(c);
      follow();
    } catch (e) {
      error.value = describeError(e);
      failed(e);
    } finally {
      busy.value = false;
    }
  };

  return {
    current,
    number,
    error,
    busy,
    async start(interactionId, mode) {
      const n = number.value.trim();
      if (!n) {
        error.value = 'Enter the phone number to call you on first.';
        return;
      }
      saveNumber(n);
      const m = current.value;
      // Already on this call: a switch; on another: stop that one first (one call at a time).
      if (isActive(m) && m.interactionId === interactionId) return run((c) => c.monitorMode(interactionId, mode));
      if (isActive(m)) await run((c) => c.monitorStop(m.interactionId));
      return run((c) => c.monitorStart(interactionId, mode, n));
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
    },
  };
}

function loadNumber(): string {
  try {
    return localStorage.getItem(NUMBER_KEY) ?? '';
  } catch {
    return '';
  }
}

function saveNumber(n: string): void {
  try {
    localStorage.setItem(NUMBER_KEY, n);
  } catch {
    // storage disabled: asked again next time
  }
}
