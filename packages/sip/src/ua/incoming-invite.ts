import { StateMachine, TypedEmitter, type TransitionTable } from '@switchboard/shared';
import type { ResponseOptions } from '../message/builders';
import { contactUri, cseqOf, fromTag, type SipRequest } from '../message/message';
import { parseNameAddr } from '../message/name-addr';
import type { UaCore } from './core';
import { Dialog, withoutTag } from './dialog';
import type { Replaces } from '../refer/replaces';
import type { ServerRequest } from './server-request';

/**
 * An INVITE that arrived outside a dialog (the UAS side of a call): ring it, accept it (which makes
 * a Dialog) or reject it. A CANCEL (9.2) answers it with 487 and emits `cancel`.
 *
 *     pending --accept()--> accepted
 *        |----reject()----> rejected
 *        +----CANCEL------> cancelled
 */
export type IncomingInviteState = 'pending' | 'accepted' | 'rejected' | 'cancelled';

export const INCOMING_INVITE_TABLE: TransitionTable<IncomingInviteState> = {
  pending: ['accepted', 'rejected', 'cancelled'],
  accepted: [],
  rejected: [],
  cancelled: [],
};

export type IncomingInviteEvents = {
  cancel: SipRequest;
  /** The transaction failed (no ACK for a non-2xx, transport error). */
  failed: Error;
};

export interface AnswerOptions {
  body?: Buffer | string;
  contentType?: string;
  headers?: Record<string, string>;
}

export class IncomingInvite extends TypedEmitter<IncomingInviteEvents> {
  private readonly sm = new StateMachine<IncomingInviteState>('IncomingInvite', INCOMING_INVITE_TABLE, 'pending');
  dialog: Dialog | undefined;
  /**
   * Resolves with the ACK for our 2xx; rejects if it never comes. After a delayed offer (an INVITE
   * without a body, RFC 3261 13.2.1) our 2xx carries the offer and this ACK's body is the answer.
   */
  confirmed: Promise<SipRequest> | undefined;
  /**
   * RFC 3891: the INVITE's Replaces header (only read when the endpoint supports `replaces`), and
   * the dialog of ours it names. Judge them with refuseReplaces() once the caller is authenticated.
   */
  replaces: Replaces | undefined;
  replacedDialog: Dialog | undefined;

  constructor(
    private readonly core: UaCore,
    readonly serverRequest: ServerRequest,
  ) {
    super();
    this.onListenerError((err, event) => core.logger.error({ err, event }, 'sip incoming invite: listener threw'));
  }

  get state(): IncomingInviteState {
    return this.sm.state;
  }

  get request(): SipRequest {
    return this.serverRequest.request;
  }

  get body(): string {
    return this.request.body.toString('utf8');
  }

  /** RFC 3261 13.2.1: an INVITE MAY leave the offer out; the UAS then offers in its 2xx. */
  get hasOffer(): boolean {
    return this.request.body.length > 0;
  }

  /** Sends a provisional response (180 Ringing, 183 Session Progress with early media...). */
  progress(status = 180, opts: AnswerOptions = {}): void {
    if (this.state !== 'pending' || status <= 100 || status >= 200) return;
    this.serverRequest.respond(status, this.responseOptions(opts));
  }

  /** Sends a 2xx with our answer and returns the dialog it creates (confirmed once the ACK arrives). */
  accept(opts: AnswerOptions = {}): Dialog {
    this.sm.transition('accepted');
    const req = this.request;
    const sreq = this.serverRequest;
    const target = contactUri(req) ?? req.uri;
    const routeSet = [...req.headers.getAll('record-route')];
    const firstRoute = routeSet[0] === undefined ? undefined : parseNameAddr(routeSet[0])?.uri;
    const proto = sreq.flow.transport.protocol;
    const flow = this.core.resolveFlow(firstRoute ?? target, proto, sreq.flow.dest.connectionId);
    const dialog = new Dialog(this.core, {
      role: 'uas',
      callId: req.headers.get('call-id')!,
      localTag: sreq.localTag,
      remoteTag: fromTag(req) ?? '',
      localUri: withoutTag(req.headers.get('to')!),
      remoteUri: withoutTag(req.headers.get('from')!),
      localSeq: 0,
      remoteSeq: cseqOf(req)!.seq,
      remoteTarget: target,
      routeSet,
      flow,
      initialState: 'accepted',
    });
    this.dialog = dialog;
    this.core.addDialog(dialog);
    const rr: Record<string, string> = routeSet.length > 0 ? { 'record-route': routeSet.join(', ') } : {};
    const res = sreq.respond(200, this.responseOptions({ ...opts, headers: { ...rr, ...opts.headers } }));
    this.confirmed = dialog.awaitAck(cseqOf(req)!.seq, res, sreq.flow);
    this.confirmed.catch(() => {});
    return dialog;
  }

  reject(status = 486, opts: { reason?: string; headers?: Record<string, string> } = {}): void {
    if (this.state !== 'pending') return;
    this.sm.transition('rejected');
    this.serverRequest.respond(status, opts);
  }

  /** @internal The endpoint matched a CANCEL to this INVITE (9.2): answer 487 and tell the TU. */
  cancelled(cancel: SipRequest): void {
    if (this.state !== 'pending') return;
    this.sm.transition('cancelled');
    this.serverRequest.respond(487);
    this.emit('cancel', cancel);
  }

  /** @internal */
  failed(err: Error): void {
    this.emit('failed', err);
  }

  private responseOptions(opts: AnswerOptions): ResponseOptions {
    const headers: Record<string, string> = { contact: this.core.contact(this.serverRequest.flow, undefined, this.request.uri.scheme === 'sips'), ...opts.headers };
    return { headers, body: opts.body, contentType: opts.body !== undefined ? (opts.contentType ?? 'application/sdp') : undefined };
  }
}
