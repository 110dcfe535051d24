import type { TransitionTable } from '@switchboard/shared';
import type { SipRequest, SipResponse } from '../message/message';
import { TransactionBase, type TransactionContext } from './base';

/**
 * Non-INVITE client transaction: RFC 3261 17.1.2.
 *
 *                          |Request from TU
 *                          |send request
 *      Timer E             V
 *      send request  +-----------+
 *          +---------|   trying  |-------------+
 *          |         |           |             |
 *          +-------->|           |             |Timer F or Transport Err.
 *                    +-----------+             |inform TU
 *       200-699         |  |                   |
 *       resp. to TU     |  |1xx                |
 *       +---------------+  |resp. to TU        |
 *       |                  V                   |
 *       |   Timer E  +------------+            |
 *       |   send req | proceeding |----------->|
 *       |   +--------|            |  Timer F   |
 *       |   +------->+------------+  or T.Err. |
 *       |   1xx to TU   |                      |
 *       |      200-699  | resp. to TU          |
 *       V               V                      |
 *     +-----------+                            |
 *     | completed |  Timer K                   |
 *     +-----------+----------------+           |
 *                                  V           V
 *                             +------------------+
 *                             |    terminated    |
 *                             +------------------+
 */
export type NonInviteClientState = 'trying' | 'proceeding' | 'completed' | 'terminated';

export const NON_INVITE_CLIENT_TABLE: TransitionTable<NonInviteClientState> = {
  trying: ['proceeding', 'completed', 'terminated'],
  proceeding: ['completed', 'terminated'],
  completed: ['terminated'],
  terminated: [],
};

export interface NonInviteClientUser {
  onResponse(res: SipResponse): void;
  onTimeout(): void;
  onTransportError(err: Error): void;
}

export class NonInviteClientTransaction extends TransactionBase<NonInviteClientState> {
  private intervalE: number;

  constructor(
    readonly request: SipRequest,
    key: string,
    ctx: TransactionContext,
    private readonly user: NonInviteClientUser,
  ) {
    super('NonInviteClientTransaction', NON_INVITE_CLIENT_TABLE, 'trying', key, ctx);
    this.intervalE = ctx.timers.T1;
  }

  start(): void {
    this.send(this.request);
    // 17.1.2.2: "The 'Trying' state is entered when the TU initiates a new client transaction with a
    // request. When entering this state, the client transaction SHOULD set timer F to fire in 64*T1
    // seconds. ... If an unreliable transport is in use, the client transaction MUST set timer E to
    // fire in T1 seconds."
    this.startTimer('F', 64 * this.ctx.timers.T1, () => this.timerF());
    if (!this.reliable) this.startTimer('E', this.intervalE, () => this.timerE());
  }

  private timerE(): void {
    if (this.state === 'trying') {
      // "If timer E fires while still in this state, the timer is reset, but this time with a value of
      // MIN(2*T1, T2). ... the next time it fires with MIN(4*T1, T2)"
      this.intervalE = Math.min(2 * this.intervalE, this.ctx.timers.T2);
    } else if (this.state === 'proceeding') {
      // "If Timer E fires while in the Proceeding state, the request MUST be passed to the transport
      // layer for retransmission, and Timer E MUST be reset with a value of T2 seconds."
      this.intervalE = this.ctx.timers.T2;
    } else return;
    this.retransmit(this.request);
    this.startTimer('E', this.intervalE, () => this.timerE());
  }

  private timerF(): void {
    if (this.state !== 'trying' && this.state !== 'proceeding') return;
    // "If Timer F fires while the client transaction is still in the 'Trying' state, the client
    // transaction SHOULD inform the TU about the timeout, and then it SHOULD enter the 'Terminated' state."
    this.ctx.counters.timeouts++;
    this.move('terminated');
    this.user.onTimeout();
  }

  receiveResponse(res: SipResponse): void {
    if (this.state !== 'trying' && this.state !== 'proceeding') return; // completed absorbs retransmissions
    if (res.status < 200) {
      // "If a provisional response is received while in the 'Trying' state, the response MUST be passed
      // to the TU, and then the client transaction SHOULD move to the 'Proceeding' state."
      if (this.state === 'trying') this.move('proceeding');
      this.user.onResponse(res);
      return;
    }
    // "If a final response (status codes 200-699) is received while in the 'Trying' state, the response
    // MUST be passed to the TU, and the client transaction MUST transition to the 'Completed' state."
    this.stopTimer('E');
    this.stopTimer('F');
    this.move('completed');
    // "Timer K ... T4 seconds for unreliable transports, and zero seconds for reliable transports."
    this.startTimer('K', this.reliable ? 0 : this.ctx.timers.T4, () => this.move('terminated'));
    this.user.onResponse(res);
  }

  protected onTransportError(err: Error): void {
    if (this.state === 'terminated' || this.state === 'completed') return;
    this.move('terminated');
    this.user.onTransportError(err);
  }
}
