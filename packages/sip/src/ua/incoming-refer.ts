import { StateMachine, TypedEmitter, type Clock, type Logger, type TimerHandle, type TransitionTable } from '@switchboard/shared';
import { REASONS } from '../message/builders';
import { cseqOf, type SipRequest } from '../message/message';
import type { ReferTarget } from '../refer/refer-to';
import type { Dialog } from './dialog';
import type { ServerRequest } from './server-request';

/**
 * A REFER received in a dialog (RFC 3515) and the implicit subscription it creates. The owner
 * accepts it (202, then at once a NOTIFY "SIP/2.0 100 Trying") or rejects it (a final non-2xx),
 * and later reports the outcome with complete(status): the last NOTIFY, whose
 * Subscription-State is "terminated;reason=noresource".
 *
 *     received --accept()--> accepted --complete()----------> terminated
 *        |                      +------expiry / NOTIFY failed / dialog ended --^
 *        +------reject()----> rejected
 */
export type IncomingReferState = 'received' | 'accepted' | 'rejected' | 'terminated';

export const INCOMING_REFER_TABLE: TransitionTable<IncomingReferState> = {
  received: ['accepted', 'rejected'],
  accepted: ['terminated'],
  rejected: [],
  terminated: [],
};

export type IncomingReferEvents = {
  /** The subscription ended: completed (final NOTIFY sent), expired (timeout NOTIFY sent), or could not notify. */
  terminated: { reason: 'completed' | 'expired' | 'notify-failed' | 'dialog-ended' };
};

/** How long the implicit subscription lives without an outcome (Subscription-State expires). */
export const REFER_SUBSCRIPTION_SECONDS = 180;

/** What a REFER's subscription needs from the endpoint (its timers and its log). */
export interface ReferCore {
  readonly clock: Clock;
  readonly logger: Logger;
}

export class IncomingRefer extends TypedEmitter<IncomingReferEvents> {
  private readonly sm = new StateMachine<IncomingReferState>('IncomingRefer', INCOMING_REFER_TABLE, 'received');
  private expiry: TimerHandle | undefined;
  /** The NOTIFYs sent, in order, as "status reason" (for logs and tests). */
  readonly notified: string[] = [];

  constructor(
    private readonly core: ReferCore,
    readonly dialog: Dialog,
    readonly serverRequest: ServerRequest,
    readonly refer: ReferTarget,
    /** The dialog the embedded Replaces names, found among ours (undefined: no Replaces). */
    readonly replacedDialog: Dialog | undefined,
    /** RFC 3515 2.4.6: the second and later REFERs of a dialog tag their NOTIFYs with an id. */
    private readonly needsId: boolean,
  ) {
    super();
    this.onListenerError((err, event) => core.logger.error({ err, event }, 'sip incoming refer: listener threw'));
  }

  get state(): IncomingReferState {
    return this.sm.state;
  }

  get request(): SipRequest {
    return this.serverRequest.request;
  }

  /** The REFER's CSeq number: the `id` of its NOTIFYs' Event header. */
  get eventId(): number {
    return cseqOf(this.request)?.seq ?? 0;
  }

  /**
   * 202 Accepted, then the initial NOTIFY. RFC 3515 2.4.4: "The creation of a subscription as
   * defined by [2] always results in an immediate NOTIFY"; 2.4.5: "If a NOTIFY is generated when
   * the subscription state is pending, its body should consist only of a status line containing a
   * response code of 100."
   */
  accept(): void {
    if (this.state !== 'received') return;
    this.sm.transition('accepted');
    this.serverRequest.respond(202);
    this.expiry = this.core.clock.setTimeout(() => this.expire(), REFER_SUBSCRIPTION_SECONDS * 1000);
    this.notify(100, undefined, `active;expires=${REFER_SUBSCRIPTION_SECONDS}`);
  }

  /**
   * Refuses the REFER itself. RFC 3515 2.4.2: "If the approval sought above for a well-formed
   * REFER request is immediately denied, the UA MAY decline the request." (603 Decline.)
   */
  reject(status = 603, reason?: string): void {
    if (this.state !== 'received') return;
    this.sm.transition('rejected');
    this.serverRequest.respond(status, reason ? { reason } : {});
  }

  /** A provisional outcome (e.g. 180 Ringing at the target): a NOTIFY that keeps the subscription. */
  progress(status: number, reason?: string): void {
    if (this.state !== 'accepted' || status < 100 || status > 199) return;
    this.notify(status, reason, `active;expires=${REFER_SUBSCRIPTION_SECONDS}`);
  }

  /**
   * The outcome: the final NOTIFY. RFC 3515 2.4.7: "The final NOTIFY sent in response to a REFER
   * MUST indicate the subscription has been "terminated" with a reason of "noresource". (The
   * resource being subscribed to is the state of the referenced request)." Returns false when
   * the subscription had already ended (nothing sent).
   */
  complete(status: number, reason?: string): boolean {
    if (this.state !== 'accepted') return false;
    const s = Number.isInteger(status) && status >= 200 && status <= 699 ? status : 500;
    this.finish('completed');
    this.notify(s, reason, 'terminated;reason=noresource');
    return true;
  }

  /** @internal The dialog ended: no NOTIFY can be sent any more. */
  dialogEnded(): void {
    if (this.state === 'accepted') this.finish('dialog-ended');
  }

  private expire(): void {
    if (this.state !== 'accepted') return;
    this.finish('expired');
    // RFC 6665 4.2.2: a notifier ending a subscription it let expire says "terminated;reason=timeout".
    this.notify(408, 'Request Timeout', 'terminated;reason=timeout');
  }

  private finish(reason: IncomingReferEvents['terminated']['reason']): void {
    this.core.clock.clearTimeout(this.expiry);
    this.sm.transition('terminated');
    this.emit('terminated', { reason });
  }

  /**
   * RFC 3515 2.4.4: "Each NOTIFY MUST contain an Event header field with a value of refer and
   * possibly an id parameter"; 2.4.5: "Each NOTIFY MUST contain a body of type "message/sipfrag"
   * ... The body of a NOTIFY MUST begin with a SIP Response Status-Line".
   */
  private notify(status: number, reason: string | undefined, subscriptionState: string): void {
    if (this.dialog.state === 'terminated') return;
    // The reason goes in a body line: keep it to printable text (the owner's words, not ours).
    const phrase = (reason ?? REASONS[status] ?? 'Unknown').replace(/[^\x20-\x7e]/g, ' ').slice(0, 120);
    this.notified.push(`${status} ${phrase}`);
    const event = this.needsId ? `refer;id=${this.eventId}` : 'refer';
    this.dialog
      .request('NOTIFY', {
        headers: { event, 'subscription-state': subscriptionState },
        body: `SIP/2.0 ${status} ${phrase}\r\n`,
        contentType: 'message/sipfrag;version=2.0',
        // RFC 5057 5.1: a failed NOTIFY ends the subscription usage, not the INVITE dialog.
        subscriptionUsage: true,
      })
      .then(
        (res) => {
          if (res.status >= 300 && this.state === 'accepted') this.finish('notify-failed');
        },
        () => {
          if (this.state === 'accepted') this.finish('notify-failed');
        },
      );
  }
}
