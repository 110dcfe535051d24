import { parseReferRequest } from '../refer/refer-to';
import { refuseReplaces } from '../refer/replaces';
import type { Dialog } from './dialog';
import { IncomingRefer, type ReferCore } from './incoming-refer';
import type { ServerRequest } from './server-request';

/**
 * The REFERs one dialog received (RFC 3515 2.4.2) and their implicit subscriptions: a malformed
 * REFER is answered here, a well-formed one goes to the dialog's owner as an IncomingRefer.
 */
export class DialogReferrals {
  /** RFC 3515 2.4.6 numbers the NOTIFYs of the second and later REFERs of a dialog. */
  private received = 0;
  private readonly live = new Set<IncomingRefer>();

  constructor(
    private readonly core: ReferCore & { findDialog(callId: string, localTag: string, remoteTag: string): Dialog | undefined },
    private readonly dialog: Dialog,
    /** Hands a REFER to the owner; returns whether anyone listened. */
    private readonly offer: (r: IncomingRefer) => boolean,
  ) {}

  receive(sreq: ServerRequest): void {
    const parsed = parseReferRequest(sreq.request);
    if (!parsed.ok) return void sreq.respond(parsed.status, { reason: parsed.reason });
    const { replaces } = parsed.refer;
    // The Replaces names a dialog as seen by whoever receives the INVITE-with-Replaces, which is us
    // (a B2BUA is also the transfer target): its to-tag is our local tag (RFC 3891 3).
    const replaced = replaces ? this.core.findDialog(replaces.callId, replaces.toTag, replaces.fromTag) : undefined;
    if (replaced !== undefined && replaced === this.dialog) return void sreq.respond(400, { reason: 'Replaces Names The REFER Dialog' });
    this.received++;
    const refer = new IncomingRefer(this.core, this.dialog, sreq, parsed.refer, replaced, this.received > 1);
    this.live.add(refer);
    refer.on('terminated', () => this.live.delete(refer));
    const refusal = replaces ? refuseReplaces(replaces, replaced) : undefined;
    if (refusal) {
      // Not a 481 to the REFER itself: that would end this dialog at the referrer (RFC 3261
      // 12.2.1.2). What fails is the INVITE the Refer-To describes, so its status goes in the
      // NOTIFY, as if we had sent that INVITE to ourselves (RFC 3515 2.4.5: "The response class
      // in this status line indicates the status of the referred action").
      refer.accept();
      refer.complete(refusal.status, refusal.reason);
      return;
    }
    const listened = this.offer(refer);
    // Nobody to carry it out: decline rather than leave the referrer waiting (RFC 3515 2.4.2).
    if (!listened && refer.state === 'received') refer.reject(603, 'Decline: Transfer Not Handled');
  }

  /** The dialog ended: its subscriptions end with it (no NOTIFY can be sent). */
  dialogEnded(): void {
    for (const r of [...this.live]) r.dialogEnded();
  }
}
