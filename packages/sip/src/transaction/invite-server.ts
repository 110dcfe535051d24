import type { TransitionTable } from '@switchboard/shared';
import { createResponse } from '../message/builders';
import type { SipRequest, SipResponse } from '../message/message';
import { TransactionBase, type TransactionContext } from './base';

/**
 * INVITE server transaction: RFC 3261 17.2.1, with the Accepted state of RFC 6026 7.1.
 *
 *                              |INVITE
 *                              |pass INV to TU, send 100 Trying
 *           INVITE             V
 *           send response+------------+
 *               +--------| proceeding |----------+
 *               +------->|            |          | 2xx from TU
 *                        +------------+          | send response
 *          300-699 from TU  |    |1xx from TU    V
 *          send response    |    |send response  +----------+  INVITE: absorb
 *                           |    +-------------->| accepted |  2xx from TU: send
 *           INVITE          V                    +----------+
 *           send response+-----------+                |
 *               +--------| completed |                | Timer L
 *               +------->|           |--+ Timer G:    |
 *                        +-----------+  | resend      |
 *                           |  |  ^-----+             |
 *                       ACK |  | Timer H: inform TU   |
 *                           V  +------------------+   |
 *                        +-----------+            |   |
 *                        | confirmed | ACK absorb |   |
 *                        +-----------+            |   |
 *                              | Timer I          |   |
 *                              V                  V   V
 *                        +------------------------------+
 *                        |          terminated          |
 *                        +------------------------------+
 */
export type InviteServerState = 'proceeding' | 'completed' | 'confirmed' | 'accepted' | 'terminated';

export const INVITE_SERVER_TABLE: TransitionTable<InviteServerState> = {
  proceeding: ['completed', 'accepted', 'terminated'],
  completed: ['confirmed', 'terminated'],
  confirmed: ['terminated'],
  accepted: ['terminated'],
  terminated: [],
};

export interface InviteServerUser {
  /** Timer H fired: no ACK came for our non-2xx final response. */
  onTimeout(): void;
  onTransportError(err: Error): void;
}

export class InviteServerTransaction extends TransactionBase<InviteServerState> {
  private lastProvisional: SipResponse | undefined;
  private finalResponse: SipResponse | undefined;
  private intervalG: number;

  constructor(
    readonly request: SipRequest,
    key: string,
    ctx: TransactionContext,
    private readonly user: InviteServerUser,
  ) {
    super('InviteServerTransaction', INVITE_SERVER_TABLE, 'proceeding', key, ctx);
    this.intervalG = ctx.timers.T1;
  }

  /**
   * 17.2.1: "the server transaction MUST generate a 100 (Trying) response unless it knows that the TU
   * will generate a provisional or final response within 200 ms". We do not know, so we always send it.
   */
  start(): void {
    this.lastProvisional = createResponse(this.request, 100);
    this.send(this.lastProvisional);
  }

  /** A request matched this transaction: a retransmitted INVITE, or the ACK for a non-2xx. */
  receiveRequest(req: SipRequest): void {
    if (req.method === 'ACK') {
      if (this.state === 'completed') {
        // "If an ACK is received while the server transaction is in the 'Completed' state, the server
        // transaction MUST transition to the 'Confirmed' state. ... Timer G is ignored" and timer I is set
        // "to fire in T4 seconds for unreliable transports, and zero seconds for reliable transports."
        this.stopTimer('G');
        this.stopTimer('H');
        this.move('confirmed');
        this.startTimer('I', this.reliable ? 0 : this.ctx.timers.T4, () => this.move('terminated'));
      }
      // In confirmed: "absorb any additional ACK messages". In accepted the ACK is for a 2xx and never
      // matches this transaction (it has its own branch).
      return;
    }
    if (this.state === 'proceeding') {
      // "If a request retransmission is received while in the 'Proceeding' state, the most recent
      // provisional response that was received from the TU MUST be passed to the transport layer."
      if (this.lastProvisional) this.retransmit(this.lastProvisional);
    } else if (this.state === 'completed') {
      // "while in the 'Completed' state, if a request retransmission is received, the server SHOULD pass
      // the response to the transport for retransmission."
      if (this.finalResponse) this.retransmit(this.finalResponse);
    }
    // accepted (RFC 6026 7.1): "retransmissions of the INVITE ... MUST be absorbed"; confirmed: absorbed.
  }

  /** A response from the TU. */
  respond(res: SipResponse): void {
    const s = res.status;
    if (this.state === 'proceeding') {
      if (s < 200) {
        this.lastProvisional = res;
        this.send(res);
      } else if (s < 300) {
        // RFC 6026 7.1: "If, while in the 'Proceeding' state, the TU passes a 2xx response ... the
        // server transaction MUST ... enter the 'Accepted' state" and start Timer L (64*T1).
        this.finalResponse = res;
        this.send(res);
        this.move('accepted');
        this.startTimer('L', 64 * this.ctx.timers.T1, () => this.move('terminated'));
      } else {
        // "While in the 'Proceeding' state, if the TU passes a response with status code from 300 to 699
        // to the server transaction, the response MUST be passed to the transport layer for transmission,
        // and the state machine MUST enter the 'Completed' state. For unreliable transports, timer G is
        // set to fire in T1 seconds ... timer H MUST be set to fire in 64*T1 seconds for all transports."
        this.finalResponse = res;
        this.send(res);
        this.move('completed');
        if (!this.reliable) this.startTimer('G', this.intervalG, () => this.timerG());
        this.startTimer('H', 64 * this.ctx.timers.T1, () => this.timerH());
      }
    } else if (this.state === 'accepted' && s >= 200 && s < 300) {
      // RFC 6026: the TU's 2xx retransmissions pass straight to the transport.
      this.ctx.counters.retransmissions++;
      this.send(res);
    }
  }

  private timerG(): void {
    if (this.state !== 'completed' || !this.finalResponse) return;
    // "If timer G fires, the response is passed to the transport layer once more for retransmission, and
    // timer G is set to fire in MIN(2*T1, T2) seconds."
    this.retransmit(this.finalResponse);
    this.intervalG = Math.min(2 * this.intervalG, this.ctx.timers.T2);
    this.startTimer('G', this.intervalG, () => this.timerG());
  }

  private timerH(): void {
    if (this.state !== 'completed') return;
    // "If timer H fires while in the 'Completed' state, it implies that the ACK was never received. In
    // this case, the server transaction MUST transition to the 'Terminated' state, and MUST indicate to
    // the TU that a transaction failure has occurred."
    this.ctx.counters.timeouts++;
    this.move('terminated');
    this.user.onTimeout();
  }

  /** True while a final response has not been sent (CANCEL still applies, 9.2). */
  get pending(): boolean {
    return this.state === 'proceeding';
  }

  protected onTransportError(err: Error): void {
    if (this.state === 'terminated') return;
    // 17.2.4: the transaction informs the TU and ends.
    this.move('terminated');
    this.user.onTransportError(err);
  }
}
