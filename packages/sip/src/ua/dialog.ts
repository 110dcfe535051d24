import { StateMachine, TypedEmitter, type TransitionTable } from '@switchboard/shared';
import { parseDtmfInfo, type DtmfInfo } from '../dtmf-info';
import { SipError } from '../errors';
import { Headers } from '../message/headers';
import { EMPTY_BODY, contactUri, cseqOf, type SipRequest, type SipResponse } from '../message/message';
import { parseNameAddr } from '../message/name-addr';
import type { Flow } from '../transport/transport';
import type { SipUri } from '../uri';
import { AckWait } from './ack-wait';
import type { UaCore } from './core';
import { DialogReferrals } from './dialog-referrals';
import type { IncomingRefer } from './incoming-refer';
import { IncomingReinvite } from './incoming-reinvite';
import type { ServerRequest } from './server-request';

/**
 * A dialog (RFC 3261 12): Call-ID, local and remote tags, CSeq on both sides, route set and remote
 * target, with BYE, re-INVITE (13.2.2.4, 14), INFO and received REFERs (RFC 3515, DialogReferrals).
 * UAS-side dialogs begin "accepted" while the 2xx is retransmitted (13.3.1.4) and become
 * "confirmed" on the ACK.
 *
 *     accepted --ACK--> confirmed --BYE sent/received--> terminated
 *        |                                                   ^
 *        +---- no ACK in 64*T1 (BYE sent) / BYE -------------+
 */
export type DialogState = 'accepted' | 'confirmed' | 'terminated';

export const DIALOG_TABLE: TransitionTable<DialogState> = {
  accepted: ['confirmed', 'terminated'],
  confirmed: ['terminated'],
  terminated: [],
};

export type DialogEndReason = 'bye-sent' | 'bye-received' | 'ack-timeout' | 'request-failed' | 'shutdown';

export interface InfoEvent {
  request: SipRequest;
  /** Set for application/dtmf-relay and application/dtmf bodies. */
  dtmf: DtmfInfo | undefined;
}

export type DialogEvents = {
  confirmed: Dialog;
  terminated: { dialog: Dialog; reason: DialogEndReason };
  reinvite: IncomingReinvite;
  info: InfoEvent;
  /**
   * A well-formed REFER (RFC 3515): accept() or reject() it; with no listener it gets 603. A
   * malformed one was already answered 400, and one whose Replaces names no dialog of ours was
   * accepted and answered with a NOTIFY "481" (DialogReferrals.receive); neither reaches here.
   */
  refer: IncomingRefer;
  ack: SipRequest;
  /** Any other in-dialog request; answer it, or it gets 501 after the listeners ran. */
  request: ServerRequest;
};

/** Options of an in-dialog request. */
export interface DialogRequestOptions {
  body?: Buffer | string;
  contentType?: string;
  headers?: Record<string, string>;
  /**
   * The request belongs to a subscription sharing this dialog (a NOTIFY of a REFER's implicit
   * subscription): RFC 5057 5.1, its 481 or timeout ends that usage, not the INVITE dialog.
   */
  subscriptionUsage?: boolean;
}

export interface DialogInit {
  role: 'uac' | 'uas';
  callId: string;
  localTag: string;
  remoteTag: string;
  /** From/To values without their tag. */
  localUri: string;
  remoteUri: string;
  localSeq: number;
  remoteSeq: number | undefined;
  remoteTarget: SipUri;
  routeSet: string[];
  /** Where in-dialog requests leave: the flow the dialog was made on (keeps TCP connections). */
  flow: Flow;
  initialState: DialogState;
}

export function dialogKey(callId: string, localTag: string, remoteTag: string): string {
  return `${callId}\u0000${localTag}\u0000${remoteTag}`;
}

/** A From/To value with its tag parameter removed. */
export function withoutTag(value: string): string {
  const na = parseNameAddr(value);
  if (!na) return value;
  return value.replace(/;\s*tag=[^;]*/i, '');
}

export class Dialog extends TypedEmitter<DialogEvents> {
  readonly role: 'uac' | 'uas';
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  readonly localUri: string;
  readonly remoteUri: string;
  localSeq: number;
  remoteSeq: number | undefined;
  remoteTarget: SipUri;
  readonly routeSet: string[];
  private readonly sm: StateMachine<DialogState>;
  private flow: Flow;
  private ackWait: AckWait | undefined;
  /** UAC: the ACK sent for each INVITE CSeq, re-sent when a 2xx is retransmitted. */
  private readonly acks = new Map<number, SipRequest>();
  private inviteInProgress = false;
  /** REFERs received in this dialog and their implicit subscriptions. */
  private readonly referrals: DialogReferrals;
  endReason: DialogEndReason | undefined;

  constructor(
    private readonly core: UaCore,
    init: DialogInit,
  ) {
    super();
    this.onListenerError((err, event) => core.logger.error({ err, event }, 'sip dialog: listener threw'));
    this.role = init.role;
    this.callId = init.callId;
    this.localTag = init.localTag;
    this.remoteTag = init.remoteTag;
    this.localUri = init.localUri;
    this.remoteUri = init.remoteUri;
    this.localSeq = init.localSeq;
    this.remoteSeq = init.remoteSeq;
    this.remoteTarget = init.remoteTarget;
    this.routeSet = init.routeSet;
    this.flow = init.flow;
    this.sm = new StateMachine<DialogState>('Dialog', DIALOG_TABLE, init.initialState);
    this.referrals = new DialogReferrals(core, this, (r) => {
      this.emit('refer', r);
      return this.listenerCount('refer') > 0;
    });
  }

  get state(): DialogState {
    return this.sm.state;
  }

  get id(): string {
    return dialogKey(this.callId, this.localTag, this.remoteTag);
  }

  /** Builds an in-dialog request (12.2.1.1): remote target as Request-URI, route set as Route. */
  createRequest(method: string, opts: DialogRequestOptions = {}): SipRequest {
    const seq = method === 'ACK' ? this.localSeq : ++this.localSeq;
    const h = new Headers();
    h.set('via', this.core.via(this.flow, this.core.newBranch()));
    h.set('max-forwards', '70');
    h.set('from', `${this.localUri};tag=${this.localTag}`);
    h.set('to', `${this.remoteUri};tag=${this.remoteTag}`);
    h.set('call-id', this.callId);
    h.set('cseq', `${seq} ${method}`);
    if (this.routeSet.length > 0) h.set('route', this.routeSet);
    // RFC 6665: NOTIFY is a target refresh request and carries a Contact, as INVITE does.
    if (method === 'INVITE' || method === 'NOTIFY') h.set('contact', this.core.contact(this.flow, undefined, this.remoteTarget.scheme === 'sips'));
    h.set('user-agent', this.core.userAgent);
    if (opts.headers) for (const [k, v] of Object.entries(opts.headers)) h.set(k, v);
    let body = EMPTY_BODY;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? Buffer.from(opts.body) : opts.body;
      h.set('content-type', opts.contentType ?? 'application/sdp');
    }
    return { kind: 'request', method, uri: this.remoteTarget, headers: h, body };
  }

  /** Sends a non-INVITE request in the dialog and resolves with its final response. */
  request(method: string, opts: DialogRequestOptions = {}): Promise<SipResponse> {
    if (this.state === 'terminated' && method !== 'BYE') {
      return Promise.reject(new SipError('SIP_DIALOG_TERMINATED', `dialog ${this.callId} is terminated`));
    }
    const req = this.createRequest(method, opts);
    const endsDialog = method !== 'BYE' && opts.subscriptionUsage !== true;
    return new Promise((resolve, reject) => {
      this.core.sendRequest(req, this.flow, {
        onResponse: (res) => {
          if (res.status < 200) return;
          // 12.2.1.2: a 481 or 408 to an in-dialog request ends the dialog.
          if ((res.status === 481 || res.status === 408) && endsDialog) this.end('request-failed');
          resolve(res);
        },
        onTimeout: () => {
          if (endsDialog) this.end('request-failed');
          reject(new SipError('SIP_TIMEOUT', `${method} timed out`, 408));
        },
        onTransportError: (err) => reject(new SipError('SIP_TRANSPORT', err.message, 503)),
      });
    });
  }

  /** Ends the dialog with a BYE (15.1.1: the session ends when the BYE is handed to its transaction). */
  async bye(): Promise<SipResponse | undefined> {
    const w = this.ackWait;
    if (this.state === 'accepted' && w) {
      // 15: "the callee's UA MUST NOT send a BYE on a confirmed dialog until it has received an ACK
      // for its 2xx response or until the server transaction times out."
      await new Promise<void>((r) => {
        const [res, rej] = [w.resolve, w.reject];
        w.resolve = (ack) => (res(ack), r());
        w.reject = (e) => (rej(e), r());
      });
    }
    if (this.state === 'terminated') return undefined;
    this.end('bye-sent');
    try {
      return await this.request('BYE');
    } catch {
      return undefined;
    }
  }

  info(body: string, contentType = 'application/dtmf-relay'): Promise<SipResponse> {
    return this.request('INFO', { body, contentType });
  }

  /**
   * Sends a re-INVITE (14.1), e.g. for hold (a=sendonly) or resume (a=sendrecv). Resolves with the
   * final response; a 2xx is ACKed here. 491 means glare: the caller may retry later.
   */
  reinvite(opts: { body?: Buffer | string; contentType?: string; headers?: Record<string, string> }): Promise<SipResponse> {
    if (this.state === 'terminated') return Promise.reject(new SipError('SIP_DIALOG_TERMINATED', 'dialog is terminated'));
    if (this.inviteInProgress) return Promise.reject(new SipError('SIP_REQUEST_PENDING', 'an INVITE is already in progress', 491));
    this.inviteInProgress = true;
    const req = this.createRequest('INVITE', opts);
    const seq = this.localSeq;
    let answered = false;
    return new Promise((resolve, reject) => {
      this.core.sendRequest(req, this.flow, {
        onResponse: (res) => {
          if (res.status < 200) return;
          if (res.status < 300) {
            this.sendAckFor(seq, res);
            if (answered) return; // retransmitted 2xx: re-ACKed above
            answered = true;
            const c = contactUri(res);
            if (c) this.remoteTarget = c; // target refresh (12.2.1.2)
          } else if (res.status === 481 || res.status === 408) this.end('request-failed');
          this.inviteInProgress = false;
          resolve(res);
        },
        onTimeout: () => {
          this.inviteInProgress = false;
          this.end('request-failed');
          reject(new SipError('SIP_TIMEOUT', 're-INVITE timed out', 408));
        },
        onTransportError: (err) => {
          this.inviteInProgress = false;
          reject(new SipError('SIP_TRANSPORT', err.message, 503));
        },
      });
    });
  }

  /** @internal UAC: ACK a 2xx (13.2.2.4), outside any transaction, and remember it for re-sending. */
  sendAckFor(seq: number, _res: SipResponse): void {
    let ack = this.acks.get(seq);
    if (!ack) {
      const saved = this.localSeq;
      this.localSeq = seq;
      ack = this.createRequest('ACK');
      this.localSeq = saved;
      this.acks.set(seq, ack);
      if (this.acks.size > 4) this.acks.delete(this.acks.keys().next().value!);
    } else this.core.counters.retransmissions++;
    this.core.sendStateless(ack, this.flow);
  }

  /**
   * @internal UAS: retransmit our 2xx until the ACK arrives (13.3.1.4). Resolves with the ACK: when
   * the INVITE had no offer our 2xx carried one, and "the answer ... MUST appear in the ACK" (13.2.2.4).
   */
  awaitAck(seq: number, res: SipResponse, flow: Flow): Promise<SipRequest> {
    return new Promise((resolve, reject) => {
      const w: AckWait = new AckWait(
        this.core,
        seq,
        res,
        flow,
        resolve,
        reject,
        () => this.ackWait === w,
        () => {
          this.ackWait = undefined;
          // "If the server retransmits the 2xx response for 64*T1 seconds without receiving an ACK, the
          // dialog is confirmed, but the session SHOULD be terminated. This is accomplished with a BYE."
          this.inviteInProgress = false;
          if (this.state !== 'terminated') {
            this.end('ack-timeout');
            this.request('BYE').catch(() => {});
          }
        },
      );
      this.ackWait = w;
    });
  }

  /** @internal An ACK for a 2xx (matched to the dialog, not a transaction). */
  receiveAck(req: SipRequest): void {
    const w = this.ackWait;
    const seq = cseqOf(req)?.seq;
    if (w && seq === w.seq) {
      this.ackWait = undefined;
      w.stop();
      this.inviteInProgress = false;
      if (this.state === 'accepted') {
        this.sm.transition('confirmed');
        this.emit('confirmed', this);
      }
      w.resolve(req);
    }
    this.emit('ack', req);
  }

  /** @internal UAC: a 2xx for an INVITE whose transaction is gone: ACK it again. */
  receive2xxRetransmission(res: SipResponse): void {
    const seq = cseqOf(res)?.seq;
    if (seq !== undefined && this.acks.has(seq)) this.sendAckFor(seq, res);
  }

  /** @internal An in-dialog request (12.2.2). */
  receiveRequest(sreq: ServerRequest): void {
    const req = sreq.request;
    const seq = cseqOf(req)!.seq;
    // "If the remote sequence number was not empty, but the sequence number of the request is lower
    // than the remote sequence number, the request is out of order and MUST be rejected with a 500."
    if (this.remoteSeq !== undefined && seq < this.remoteSeq) {
      sreq.respond(500, { reason: 'CSeq Out Of Order' });
      return;
    }
    this.remoteSeq = seq;
    switch (req.method) {
      case 'BYE':
        sreq.respond(200);
        this.end('bye-received');
        return;
      case 'INVITE': {
        // 14.2: a re-INVITE while one is pending in either direction gets 491 (glare).
        if (this.inviteInProgress || this.state === 'terminated') {
          sreq.respond(this.state === 'terminated' ? 481 : 491);
          return;
        }
        const c = contactUri(req);
        if (c) this.remoteTarget = c;
        this.inviteInProgress = true;
        const ri = new IncomingReinvite(this, sreq, this.core);
        this.emit('reinvite', ri);
        if (this.listenerCount('reinvite') === 0) ri.reject(488);
        return;
      }
      case 'INFO':
        this.emit('info', { request: req, dtmf: parseDtmfInfo(req.headers.get('content-type'), req.body.toString('utf8')) });
        if (!sreq.responded) sreq.respond(200);
        return;
      case 'OPTIONS':
        sreq.respond(200);
        return;
      case 'REFER':
        if (this.state === 'terminated') return void sreq.respond(481);
        this.referrals.receive(sreq);
        return;
      default:
        this.emit('request', sreq);
        if (!sreq.responded) sreq.respond(501);
    }
  }

  /** @internal */
  inviteDone(): void {
    this.inviteInProgress = false;
  }

  /** Ends the dialog locally (no BYE). */
  end(reason: DialogEndReason): void {
    if (this.state === 'terminated') return;
    this.endReason = reason;
    const w = this.ackWait;
    if (w) {
      // A BYE (or shutdown) before the ACK: stop retransmitting the 2xx.
      this.ackWait = undefined;
      w.stop();
      w.reject(new SipError('SIP_DIALOG_TERMINATED', `dialog ended (${reason}) before the ACK`));
    }
    this.sm.transition('terminated');
    this.referrals.dialogEnded();
    this.core.removeDialog(this);
    this.emit('terminated', { dialog: this, reason });
  }
}
