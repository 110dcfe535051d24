import type { TransitionTable } from '@switchboard/shared';
import { Headers } from '../message/headers';
import type { SipRequest, SipResponse } from '../message/message';
import { EMPTY_BODY } from '../message/message';
import { TransactionBase, type TransactionContext } from './base';

/**
 * INVITE client transaction: RFC 3261 17.1.1, with the Accepted state of RFC 6026 7.2.
 *
 *                          |INVITE from TU
 *        Timer A fires     |INVITE sent                Timer B fires
 *        Reset A,          V                           or Transport Err.
 *        INVITE sent +-----------+                     inform TU
 *          +---------|  calling  |-----------------------------+
 *          +-------->|           |--------------+              |
 *                    +-----------+ 2xx          |              |
 *           300-699     |  |  1xx   2xx to TU   |              |
 *           ACK sent    |  |                    |              |
 *          +------------+  V                    V              |
 *          |  1xx    +------------+  2xx    +----------+       |
 *          |  to TU  | proceeding |-------->| accepted |       |
 *          |  +------|            |  to TU  +----------+       |
 *          |  +----->+------------+           |  2xx to TU     |
 *          |  300-699   |                     |  Timer M       |
 *          |  ACK sent  V                     |                |
 *          +------>+-----------+              |                |
 *  300-699 +-------| completed |              |                |
 *  ACK sent+------>+-----------+              |                |
 *                    |  Timer D               |                |
 *                    V                        V                V
 *                  +---------------------------------------------+
 *                  |                 terminated                  |
 *                  +---------------------------------------------+
 */
export type InviteClientState = 'calling' | 'proceeding' | 'completed' | 'accepted' | 'terminated';

export const INVITE_CLIENT_TABLE: TransitionTable<InviteClientState> = {
  calling: ['proceeding', 'completed', 'accepted', 'terminated'],
  proceeding: ['completed', 'accepted', 'terminated'],
  completed: ['terminated'],
  accepted: ['terminated'],
  terminated: [],
};

export interface InviteClientUser {
  onResponse(res: SipResponse): void;
  onTimeout(): void;
  onTransportError(err: Error): void;
}

export class InviteClientTransaction extends TransactionBase<InviteClientState> {
  private intervalA: number;
  private ack: SipRequest | undefined;

  constructor(
    readonly request: SipRequest,
    key: string,
    ctx: TransactionContext,
    private readonly user: InviteClientUser,
  ) {
    super('InviteClientTransaction', INVITE_CLIENT_TABLE, 'calling', key, ctx);
    this.intervalA = ctx.timers.T1;
  }

  /** Sends the INVITE and arms timers A (unreliable only) and B. */
  start(): void {
    this.send(this.request);
    // 17.1.1.2: "If an unreliable transport is being used, the client transaction MUST start timer A
    // with a value of T1. ... For any transport, the client transaction MUST start timer B with a value
    // of 64*T1 seconds."
    if (!this.reliable) this.startTimer('A', this.intervalA, () => this.timerA());
    this.startTimer('B', 64 * this.ctx.timers.T1, () => this.timerB());
  }

  private timerA(): void {
    if (this.state !== 'calling') return;
    // "When timer A fires, the client transaction MUST retransmit the request ... and reset the timer
    // with a value of 2*T1" (doubling each time, no T2 cap for INVITE).
    this.retransmit(this.request);
    this.intervalA *= 2;
    this.startTimer('A', this.intervalA, () => this.timerA());
  }

  private timerB(): void {
    if (this.state !== 'calling') return;
    // "If the client transaction is still in the Calling state when timer B fires, the client
    // transaction SHOULD inform the TU that a timeout has occurred."
    this.ctx.counters.timeouts++;
    this.move('terminated');
    this.user.onTimeout();
  }

  receiveResponse(res: SipResponse): void {
    const s = res.status;
    switch (this.state) {
      case 'calling':
      case 'proceeding':
        if (s < 200) {
          // "If the client transaction receives a provisional response while in the Calling state,
          // it transitions to the Proceeding state ... SHOULD NOT retransmit the request any longer."
          if (this.state === 'calling') {
            this.stopTimer('A');
            this.stopTimer('B');
            this.move('proceeding');
          }
          this.user.onResponse(res);
        } else if (s < 300) {
          // RFC 6026 7.2: a 2xx moves to Accepted; the TU acknowledges it, and later 2xx (forks,
          // retransmissions) are also passed up so the TU can re-ACK.
          this.stopTimer('A');
          this.stopTimer('B');
          this.move('accepted');
          this.startTimer('M', 64 * this.ctx.timers.T1, () => this.move('terminated'));
          this.user.onResponse(res);
        } else {
          // "When in either the Calling or Proceeding states, reception of a response with status code
          // from 300-699 MUST cause the client transaction to transition to Completed. The client
          // transaction MUST pass the received response up to the TU, and MUST generate an ACK."
          this.stopTimer('A');
          this.stopTimer('B');
          this.ack = createNon2xxAck(this.request, res);
          this.send(this.ack);
          this.move('completed');
          // "timer D ... at least 32 seconds for unreliable transports, and zero seconds for reliable"
          this.startTimer('D', this.reliable ? 0 : Math.max(32000, 64 * this.ctx.timers.T1), () => this.move('terminated'));
          this.user.onResponse(res);
        }
        return;
      case 'completed':
        // "Any retransmissions of the final response that are received while in the Completed state
        // MUST cause the ACK to be re-passed to the transport layer for retransmission, but the newly
        // received response MUST NOT be passed up to the TU."
        if (s >= 300 && this.ack) this.retransmit(this.ack);
        return;
      case 'accepted':
        // RFC 6026: "any 2xx ... received while in the Accepted state MUST be passed up to the TU".
        if (s >= 200 && s < 300) this.user.onResponse(res);
        return;
      case 'terminated':
        return;
    }
  }

  protected onTransportError(err: Error): void {
    if (this.state === 'terminated') return;
    this.move('terminated');
    this.user.onTransportError(err);
  }
}

/**
 * The ACK for a non-2xx final response (17.1.1.3): same Request-URI, Call-ID, From, top Via (same
 * branch), Route and CSeq number as the INVITE; To from the response; method ACK.
 */
export function createNon2xxAck(invite: SipRequest, res: SipResponse): SipRequest {
  const h = new Headers();
  const via = invite.headers.get('via');
  if (via !== undefined) h.set('via', via);
  h.set('max-forwards', '70');
  for (const name of ['from', 'call-id']) {
    const v = invite.headers.get(name);
    if (v !== undefined) h.set(name, v);
  }
  const to = res.headers.get('to');
  if (to !== undefined) h.set('to', to);
  const seq = (invite.headers.get('cseq') ?? '').trim().split(/\s+/)[0] ?? '0';
  h.set('cseq', `${seq} ACK`);
  const routes = invite.headers.getAll('route');
  if (routes.length > 0) h.set('route', routes);
  return { kind: 'request', method: 'ACK', uri: invite.uri, headers: h, body: EMPTY_BODY };
}
