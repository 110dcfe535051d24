import type { Clock, TimerHandle } from '@switchboard/shared';
import { SipError } from '../errors';
import type { SipMessage, SipRequest, SipResponse } from '../message/message';
import type { SipTimerConfig } from '../transaction/timers';
import type { Flow } from '../transport/transport';

/** The slice of the UA core (core.ts's UaCore) the wait uses: structural, so this file stays out of the core ⇄ dialog type loop. */
interface AckWaitCore {
  readonly clock: Clock;
  readonly timers: SipTimerConfig;
  readonly counters: { retransmissions: number; timeouts: number };
  sendStateless(msg: SipMessage, flow: Flow): void;
}

/**
 * UAS: our 2xx to an INVITE, re-sent until its ACK arrives (RFC 3261 13.3.1.4): from T1, doubling
 * up to T2, on unreliable transports only; given up after 64*T1. The dialog owns what an ACK or
 * its absence means (confirmed, or ended with a BYE); this owns the timers. `current` tells
 * whether the dialog still waits on this one: a wait it dropped goes quiet.
 */
export class AckWait {
  private interval: number;
  private timer: TimerHandle | undefined;
  private readonly deadline: TimerHandle;

  constructor(
    private readonly core: AckWaitCore,
    readonly seq: number,
    res: SipResponse,
    flow: Flow,
    /** With the ACK itself: after a 2xx carrying our offer, its body is the answer (RFC 3264 5). */
    public resolve: (ack: SipRequest) => void,
    public reject: (e: Error) => void,
    current: () => boolean,
    /** 64*T1 without the ACK: the dialog ends the session; the wait then rejects. */
    onExpired: () => void,
  ) {
    const clock = core.clock;
    this.interval = core.timers.T1;
    const again = (): void => {
      if (!current()) return;
      core.counters.retransmissions++;
      core.sendStateless(res, flow);
      this.interval = Math.min(2 * this.interval, core.timers.T2);
      this.timer = clock.setTimeout(again, this.interval);
    };
    if (!flow.transport.reliable) this.timer = clock.setTimeout(again, this.interval);
    this.deadline = clock.setTimeout(() => {
      if (!current()) return;
      clock.clearTimeout(this.timer);
      core.counters.timeouts++;
      onExpired();
      // `this.reject`, not the constructor's: Dialog.bye() wraps it to learn the wait is over.
      this.reject(new SipError('SIP_TIMEOUT', 'no ACK for our 2xx', 408));
    }, 64 * core.timers.T1);
  }

  /** The ACK came, or the dialog ended first: no more retransmissions, no deadline. */
  stop(): void {
    this.core.clock.clearTimeout(this.timer);
    this.core.clock.clearTimeout(this.deadline);
  }
}
