import type { TransitionTable } from '@switchboard/shared';
import type { SipRequest, SipResponse } from '../message/message';
import { TransactionBase, type TransactionContext } from './base';

/**
 * Non-INVITE server transaction: RFC 3261 17.2.2.
 *
 *                         |Request received
 *                         |pass to TU
 *                         V
 *                   +-----------+
 *                   |  trying   |-------------+
 *                   +-----------+             |
 *                      |  |  1xx from TU      |200-699 from TU
 *                      |  |  send response    |send response
 *                      |  V                   |
 *    Request     +------------+               |
 *    send 1xx +--| proceeding |------------+  |
 *             +->|            |  200-699   |  |
 *                +------------+  from TU   |  |
 *                                send resp.V  V
 *                               Request  +-----------+
 *                               send  +--| completed |
 *                               final +->|           |
 *                                        +-----------+
 *                                             | Timer J
 *                                             V
 *                                       +------------+
 *                                       | terminated |
 *                                       +------------+
 */
export type NonInviteServerState = 'trying' | 'proceeding' | 'completed' | 'terminated';

export const NON_INVITE_SERVER_TABLE: TransitionTable<NonInviteServerState> = {
  trying: ['proceeding', 'completed', 'terminated'],
  proceeding: ['completed', 'terminated'],
  completed: ['terminated'],
  terminated: [],
};

export interface NonInviteServerUser {
  onTransportError(err: Error): void;
}

export class NonInviteServerTransaction extends TransactionBase<NonInviteServerState> {
  private lastProvisional: SipResponse | undefined;
  private finalResponse: SipResponse | undefined;

  constructor(
    readonly request: SipRequest,
    key: string,
    ctx: TransactionContext,
    private readonly user: NonInviteServerUser = { onTransportError: () => {} },
  ) {
    super('NonInviteServerTransaction', NON_INVITE_SERVER_TABLE, 'trying', key, ctx);
  }

  receiveRequest(_req: SipRequest): void {
    // "Once in the 'Trying' state, any further request retransmissions are discarded."
    if (this.state === 'proceeding' && this.lastProvisional) {
      // "If a retransmission of the request is received while in the 'Proceeding' state, the most
      // recently sent provisional response MUST be passed to the transport layer for retransmission."
      this.retransmit(this.lastProvisional);
    } else if (this.state === 'completed' && this.finalResponse) {
      // "While in the 'Completed' state, the server transaction MUST pass the final response to the
      // transport layer for retransmission whenever a retransmission of the request is received."
      this.retransmit(this.finalResponse);
    }
  }

  respond(res: SipResponse): void {
    if (this.state === 'completed' || this.state === 'terminated') return;
    if (res.status < 200) {
      this.lastProvisional = res;
      if (this.state === 'trying') this.move('proceeding');
      this.send(res);
      return;
    }
    this.finalResponse = res;
    this.move('completed');
    this.send(res);
    // "When the server transaction enters the 'Completed' state, it MUST set Timer J to fire in 64*T1
    // seconds for unreliable transports, and zero seconds for reliable transports."
    this.startTimer('J', this.reliable ? 0 : 64 * this.ctx.timers.T1, () => this.move('terminated'));
  }

  get finalSent(): boolean {
    return this.finalResponse !== undefined;
  }

  protected onTransportError(err: Error): void {
    if (this.state === 'terminated') return;
    this.move('terminated');
    this.user.onTransportError(err);
  }
}
