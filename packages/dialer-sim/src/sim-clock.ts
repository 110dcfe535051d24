import { SwitchboardError, type Clock, type TimerHandle } from '@switchboard/shared';

/** The one code the simulator raises: a policy asked for a timer. */
export type DialerSimErrorCode = 'SIM_NO_TIMERS';

/** The simulator's clock: time is whatever the event loop says it is. Policies only read it. */
export class SimClock implements Clock {
  t = 0;
  constructor(private readonly origin: number) {
    this.t = origin;
  }
  now(): number {
    return this.t;
  }
  monotonic(): number {
    return this.t - this.origin;
  }
  setTimeout(_fn: () => void, _ms: number): TimerHandle {
    throw new SwitchboardError('SIM_NO_TIMERS' satisfies DialerSimErrorCode, 'policies are driven by decide(); the simulator has no timers');
  }
  clearTimeout(_handle: TimerHandle | undefined): void {}
}
