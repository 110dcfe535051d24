import { cseqOf, type SipRequest } from '../message/message';
import type { UaCore } from './core';
import type { Dialog } from './dialog';
import type { ServerRequest } from './server-request';

/** A re-INVITE received in a dialog: accept it with an answer, or reject it. */
export class IncomingReinvite {
  constructor(
    readonly dialog: Dialog,
    readonly serverRequest: ServerRequest,
    private readonly core: UaCore,
  ) {}

  get request(): SipRequest {
    return this.serverRequest.request;
  }

  get body(): string {
    return this.request.body.toString('utf8');
  }

  /** RFC 3261 14.2: a re-INVITE without a body asks us to offer in the 2xx; the answer comes in the ACK. */
  get hasOffer(): boolean {
    return this.request.body.length > 0;
  }

  /** Sends a 2xx (with our answer, or our offer) and resolves with its ACK (which holds the answer to an offer). */
  accept(opts: { body?: Buffer | string; contentType?: string; headers?: Record<string, string> } = {}): Promise<SipRequest> {
    const headers: Record<string, string> = { contact: this.core.contact(this.serverRequest.flow, undefined, this.dialog.remoteTarget.scheme === 'sips'), ...opts.headers };
    const res = this.serverRequest.respond(200, { body: opts.body, contentType: opts.body !== undefined ? (opts.contentType ?? 'application/sdp') : undefined, headers });
    const acked = this.dialog.awaitAck(cseqOf(this.request)!.seq, res, this.serverRequest.flow);
    acked.catch(() => {}); // callers may ignore it; a missing ACK is also reported by the dialog ending
    return acked;
  }

  reject(status = 488, reason?: string, headers?: Record<string, string>): void {
    this.serverRequest.respond(status, { ...(reason ? { reason } : {}), ...(headers ? { headers } : {}) });
    this.dialog.inviteDone();
  }
}
