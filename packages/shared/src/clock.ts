/**
 * Time, injected. Library code never calls Date.now() or setTimeout directly:
 * it takes a Clock, so tests can run timers (auto-wrap, ring-no-answer,
 * SIP timer A..K) in fake time and stay deterministic.
 */
export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Monotonic milliseconds, for measuring durations. */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

class RealTimer implements TimerHandle {
  constructor(
    readonly id: number,
    readonly inner: ReturnType<typeof setTimeout>,
  ) {}
}

let realTimerIds = 0;

/** The wall clock, backed by Node's timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout(fn, ms) {
    const inner = setTimeout(fn, Math.max(0, ms));
    // A pending timer must never keep a shutting-down process alive.
    inner.unref?.();
    return new RealTimer(++realTimerIds, inner);
  },
  clearTimeout(handle) {
    if (handle instanceof RealTimer) clearTimeout(handle.inner);
  },
};
