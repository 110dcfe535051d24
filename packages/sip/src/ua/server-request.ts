import { createResponse, type ResponseOptions } from '../message/builders';
import type { SipRequest, SipResponse } from '../message/message';
import type { InviteServerTransaction } from '../transaction/invite-server';
import type { NonInviteServerTransaction } from '../transaction/non-invite-server';
import type { Address, Flow } from '../transport/transport';
import type { EndpointCounters } from './core';

/** An incoming request with its server transaction: answer it with respond(). */
export class ServerRequest {
  private finalSent = false;

  constructor(
    readonly request: SipRequest,
    readonly transaction: InviteServerTransaction | NonInviteServerTransaction,
    /** Where responses go (18.2.2), which is also where the request came from. */
    readonly flow: Flow,
    private readonly counters: EndpointCounters,
    /** The To tag we put on responses (generated once per request). */
    readonly localTag: string,
    /**
     * Where the request's bytes really came from. Not always `flow.dest`: over UDP without rport
     * responses go to the Via's sent-by port (18.2.2), which the sender writes; trust decisions
     * (a trunk's source port) must use this.
     */
    readonly source: Address = flow.dest,
  ) {}

  get method(): string {
    return this.request.method;
  }

  get responded(): boolean {
    return this.finalSent;
  }

  respond(status: number, opts: ResponseOptions = {}): SipResponse {
    const res = createResponse(this.request, status, { toTag: this.localTag, ...opts });
    this.send(res);
    return res;
  }

  /** Sends a response built by the caller. Later finals are ignored (the transaction absorbs them). */
  send(res: SipResponse): void {
    if (this.finalSent && res.status >= 200 && !(res.status < 300 && this.request.method === 'INVITE')) return;
    if (res.status >= 200) this.finalSent = true;
    if (res.status >= 400 && res.status < 500) this.counters.responses4xx++;
    this.counters.sent++;
    this.transaction.respond(res);
  }
}
