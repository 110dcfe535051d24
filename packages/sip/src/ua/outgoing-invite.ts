import { StateMachine, TypedEmitter, type TransitionTable } from '@switchboard/shared';
import { buildAuthorization, pickChallenge, type DigestCredentials } from '../digest';
import { SipError } from '../errors';
import { Headers } from '../message/headers';
import { EMPTY_BODY, contactUri, cseqOf, toTag, type SipRequest, type SipResponse } from '../message/message';
import { parseNameAddr } from '../message/name-addr';
import { branchOf } from '../message/via';
import { topVia } from '../message/message';
import type { ClientTransaction } from '../transaction/layer';
import type { Flow } from '../transport/transport';
import { serializeUri } from '../uri';
import type { UaCore } from './core';
import { Dialog, withoutTag } from './dialog';

export interface InviteResult {
  dialog: Dialog;
  response: SipResponse;
}

export type OutgoingInviteEvents = {
  /** A provisional response (180, 183 ...). */
  progress: SipResponse;
};

/**
 * Where a call we place stands. CANCEL may only be sent once a provisional has arrived (9.1),
 * so a cancel() before one waits in cancel-pending; a 401/407 re-sends the INVITE with
 * credentials once (22.2), back to calling.
 *
 *                 401/407, once: re-sent with credentials
 *              ┌───────────────────────┐
 *              ▼          1xx          │           2xx
 *          calling ───────────────▶ proceeding ─────────────▶ established
 *           │   │                      │   (1xx again: stays)
 *           │   │ cancel()             │ cancel(): CANCEL sent
 *           │   ▼           1xx        ▼
 *           │ cancel-pending ──────▶ cancelling
 *           │   │  (CANCEL sent now)   │
 *           │   │                      │ 487, any final (a 2xx crossing the CANCEL is
 *           │   │                      │ ACKed and hung up), or no final in 64·T1
 *           ▼   ▼                      ▼
 *          failed ◀────────────────────┘   (≥300, timeout, transport error: from any
 *                                           state before established)
 *
 * established and failed are final: the result promise has settled. A 2xx that comes later
 * (another fork, or after a timeout) is ACKed and hung up, never a second call.
 */
export type OutgoingInviteState = 'calling' | 'proceeding' | 'cancel-pending' | 'cancelling' | 'established' | 'failed';

export const OUTGOING_INVITE_TABLE: TransitionTable<OutgoingInviteState> = {
  calling: ['calling', 'proceeding', 'cancel-pending', 'established', 'failed'],
  proceeding: ['calling', 'cancelling', 'established', 'failed'],
  'cancel-pending': ['cancelling', 'failed'],
  cancelling: ['failed'],
  established: [],
  failed: [],
};

/**
 * The UAC side of a call (13.2): send the INVITE, report provisionals, make a Dialog on 2xx and ACK it
 * (13.2.2.4), retry once with digest credentials on 401/407, and CANCEL (9.1) on request.
 */
export class OutgoingInvite extends TypedEmitter<OutgoingInviteEvents> {
  readonly result: Promise<InviteResult>;
  private resolve!: (r: InviteResult) => void;
  private reject!: (e: Error) => void;
  private readonly sm = new StateMachine<OutgoingInviteState>('OutgoingInvite', OUTGOING_INVITE_TABLE, 'calling');
  /** Credentials went with the INVITE once already: a second challenge is a rejection (22.2 retries once). */
  private authTried = false;
  dialog: Dialog | undefined;
  private txn: ClientTransaction | undefined;

  constructor(
    private readonly core: UaCore,
    public request: SipRequest,
    private readonly flow: Flow,
    private readonly auth: DigestCredentials | undefined,
  ) {
    super();
    this.onListenerError((err, event) => core.logger.error({ err, event }, 'sip outgoing invite: listener threw'));
    this.result = new Promise<InviteResult>((res, rej) => {
      this.resolve = res;
      this.reject = rej;
    });
    // A caller that never awaits must not crash the process with an unhandled rejection.
    this.result.catch(() => {});
    this.send();
  }

  get state(): OutgoingInviteState {
    return this.sm.state;
  }

  private get finished(): boolean {
    return this.sm.state === 'established' || this.sm.state === 'failed';
  }

  private get cancelRequested(): boolean {
    return this.sm.state === 'cancel-pending' || this.sm.state === 'cancelling';
  }

  private send(): void {
    const req = this.request;
    const seq = cseqOf(req)!.seq;
    this.txn = this.core.sendRequest(req, this.flow, {
      onResponse: (res) => this.onResponse(res, req, seq),
      onTimeout: () => this.fail(new SipError('SIP_TIMEOUT', 'INVITE timed out', 408)),
      onTransportError: (err) => this.fail(new SipError('SIP_TRANSPORT', err.message, 503)),
    });
  }

  private onResponse(res: SipResponse, req: SipRequest, seq: number): void {
    if (req !== this.request) return; // a late answer to a request we re-sent with credentials
    const s = res.status;
    if (s < 200) {
      if (this.sm.state === 'calling') this.sm.transition('proceeding');
      else if (this.sm.state === 'cancel-pending') this.sendCancel();
      if (!this.finished) this.emit('progress', res);
      return;
    }
    if (s < 300) {
      const tag = toTag(res) ?? '';
      if (this.dialog) {
        // A retransmission (same tag): ACK again. A 2xx from another fork: ACK and hang it up (we keep one).
        if (this.dialog.remoteTag === tag) this.dialog.sendAckFor(seq, res);
        else
          this.makeDialog(res, req, seq)
            .bye()
            .catch(() => {});
        return;
      }
      const d = this.makeDialog(res, req, seq);
      this.dialog = d;
      if (this.cancelRequested || this.finished) {
        // 9.1: a 2xx can cross our CANCEL; the call is up, so end it with a BYE. Likewise a 2xx
        // after we gave up (timed out): the caller has moved on, so nobody would ever hang it up.
        d.bye().catch((err: unknown) => this.core.logger.debug({ err }, 'sip outgoing invite: BYE of an unwanted 2xx failed'));
        this.fail(new SipError('SIP_CANCELLED', 'call answered after CANCEL; hung up', 487));
        return;
      }
      this.sm.transition('established');
      this.resolve({ dialog: d, response: res });
      return;
    }
    if ((s === 401 || s === 407) && this.auth && !this.authTried && !this.cancelRequested) {
      const ch = pickChallenge(res.headers.getAll(s === 401 ? 'www-authenticate' : 'proxy-authenticate'));
      if (ch) {
        this.authTried = true;
        this.request = withAuthorization(
          this.core,
          req,
          s === 401 ? 'authorization' : 'proxy-authorization',
          buildAuthorization(ch, this.auth, 'INVITE', serializeUri(req.uri)),
          this.flow,
        );
        this.sm.transition('calling');
        this.send();
        return;
      }
    }
    const cancelled = this.cancelRequested && s === 487;
    this.fail(new SipError(cancelled ? 'SIP_CANCELLED' : 'SIP_REJECTED', `INVITE answered ${s} ${res.reason}`, s, { response: res.reason }), res);
  }

  private makeDialog(res: SipResponse, req: SipRequest, seq: number): Dialog {
    const routeSet = [...res.headers.getAll('record-route')].reverse();
    const target = contactUri(res) ?? req.uri;
    const firstRoute = routeSet[0] === undefined ? undefined : parseNameAddr(routeSet[0])?.uri;
    const flow = this.core.resolveFlow(firstRoute ?? target, this.flow.transport.protocol, this.flow.dest.connectionId);
    const d = new Dialog(this.core, {
      role: 'uac',
      callId: req.headers.get('call-id')!,
      localTag: toTagOfFrom(req),
      remoteTag: toTag(res) ?? '',
      localUri: withoutTag(req.headers.get('from')!),
      remoteUri: withoutTag(res.headers.get('to')!),
      localSeq: seq,
      remoteSeq: undefined,
      remoteTarget: target,
      routeSet,
      flow,
      initialState: 'confirmed',
    });
    this.core.addDialog(d);
    d.sendAckFor(seq, res);
    return d;
  }

  /** The last response that ended the attempt, when it was a rejection. */
  finalResponse: SipResponse | undefined;

  private fail(err: Error, res?: SipResponse): void {
    if (this.finished) return;
    this.sm.transition('failed');
    this.finalResponse = res;
    this.reject(err);
  }

  /** Cancels the call (9.1). Sent once a provisional has arrived, as the RFC asks. */
  cancel(): void {
    if (this.sm.state === 'calling') this.sm.transition('cancel-pending');
    else if (this.sm.state === 'proceeding') this.sendCancel();
    // cancel-pending, cancelling: already asked; established, failed: nothing left to cancel.
  }

  private sendCancel(): void {
    this.sm.transition('cancelling');
    const inv = this.request;
    const h = new Headers();
    h.set('via', inv.headers.get('via')!);
    h.set('max-forwards', '70');
    for (const n of ['from', 'to', 'call-id']) h.set(n, inv.headers.get(n)!);
    h.set('cseq', `${cseqOf(inv)!.seq} CANCEL`);
    const routes = inv.headers.getAll('route');
    if (routes.length > 0) h.set('route', routes);
    const cancel: SipRequest = { kind: 'request', method: 'CANCEL', uri: inv.uri, headers: h, body: EMPTY_BODY };
    this.core.sendRequest(cancel, this.flow, { onResponse: () => {}, onTimeout: () => {}, onTransportError: () => {} });
    // 9.1: "If there is no final response for the original request in 64*T1 seconds ... the client
    // SHOULD then consider the original transaction cancelled and SHOULD destroy the client transaction".
    this.core.clock.setTimeout(() => {
      if (this.finished) return;
      this.txn?.terminate();
      this.fail(new SipError('SIP_CANCELLED', 'no final response to the cancelled INVITE', 487));
    }, 64 * this.core.timers.T1);
  }

  get branch(): string | undefined {
    const v = topVia(this.request);
    return v ? branchOf(v) : undefined;
  }
}

function toTagOfFrom(req: SipRequest): string {
  return parseNameAddr(req.headers.get('from')!)?.params.get('tag') ?? '';
}

/** The same request with credentials, a new branch and CSeq + 1 (22.2, 8.1.3.5). */
export function withAuthorization(core: UaCore, req: SipRequest, header: string, value: string, flow: Flow): SipRequest {
  const h = req.headers.clone();
  const c = cseqOf(req)!;
  h.set('cseq', `${c.seq + 1} ${c.method}`);
  h.set('via', core.via(flow, core.newBranch()));
  h.set(header, value);
  return { ...req, headers: h };
}
