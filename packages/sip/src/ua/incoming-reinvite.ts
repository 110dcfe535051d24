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

  /** Sends a 2xx (with our answer) and resolves when its ACK arrives. */
  accept(opts: { body?: Buffer | string; contentType?: string; headers?: Record<string, string> } = {}): Promise<void> {
    const headers: Record<string, string> = { contact: this.core.contact(this.serverRequest.flow), ...opts.headers };
    const res = this.serverRequest.respond(200, { body: opts.body, contentType: opts.body !== undefined ? opts.contentType ?? 'application/sdp' : undefined, headers });
    const acked = this.dialog.awaitAck(cseqOf(this.request)!.seq, res, this.serverRequest.flow);
    acked.catch(() => {}); // callers may ignore it; a missing ACK is also reported by the dialog ending
    return acked;
  }

  reject(status = 488, reason?: string): void {
    this.serverRequest.respond(status, reason ? { reason } : {});
    this.dialog.inviteDone();
  }
}
