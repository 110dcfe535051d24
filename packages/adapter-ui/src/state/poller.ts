/** The timer functions a poller uses (a test passes its own). */
export interface PollTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: PollTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Calls `load` now and then `intervalMs` after each answer (never two requests at once, so a slow
 * server is not piled on) until the returned stop() is called; an answer arriving after stop()
 * is dropped. Used while the Transfer dialog is open (its agent list updates live).
 */
export function startPolling<T>(
  load: () => Promise<T>,
  onData: (data: T) => void,
  onError: (err: unknown) => void,
  intervalMs: number,
  timers: PollTimers = realTimers,
): () => void {
  let stopped = false;
  let handle: unknown = null;
  const tick = async () => {
    handle = null;
    try {
      const data = await load();
      if (!stopped) onData(data);
    } catch (err) {
      if (!stopped) onError(err);
    }
    if (!stopped) handle = timers.setTimeout(() => void tick(), intervalMs);
  };
  void tick();
  return () => {
    stopped = true;
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
  };
}
