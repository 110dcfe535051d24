import { TypedEmitter, type Logger } from '@switchboard/shared';
import type { Dialog, IncomingInvite, IncomingRefer, OutgoingInvite, SipRequest } from '@switchboard/sip';
import type { CallSignal, CallSignalEvents } from './call-signal';

/** Which call signal each of our dialogs carries (what a Replaces, naming a dialog, resolves to). */
export interface DialogSignals {
  register(dialog: Dialog, signal: CallSignal): void;
  signalOf(dialog: Dialog): CallSignal | undefined;
}

/** Dialog events common to both directions: BYE, re-INVITE, INFO, REFER. */
function wireDialog(dialog: Dialog, s: TypedEmitter<CallSignalEvents> & CallSignal, log: Logger, dialogs: DialogSignals): void {
  dialogs.register(dialog, s);
  dialog.on('refer', (r) => referUp(r, s, dialogs, log));
  dialog.on('terminated', ({ reason }) => {
    if (reason === 'bye-received') s.emit('bye', {});
    else if (reason === 'ack-timeout' || reason === 'request-failed') s.emit('bye', { status: 408 });
  });
  dialog.on('reinvite', (ri) => {
    s.emit('reoffer', {
      // RFC 3261 14.2: a re-INVITE without a body asks for our offer in the 2xx, answered in the ACK.
      sdp: ri.hasOffer ? ri.body : undefined,
      respond: async (sdp) => {
        if (!sdp) {
          ri.reject(488);
          return undefined;
        }
        try {
          return ackSdp(await ri.accept({ body: sdp }));
        } catch (err) {
          log.debug({ err }, 're-INVITE ACK missing');
          return undefined;
        }
      },
    });
  });
  dialog.on('info', (e) => {
    if (e.dtmf) s.emit('info', { digit: e.dtmf.digit });
  });
}

/** A REFER the sip layer found well formed, handed up as a SignalRefer (or answered here). */
function referUp(r: IncomingRefer, s: TypedEmitter<CallSignalEvents>, dialogs: DialogSignals, log: Logger): void {
  const replaces = r.replacedDialog ? dialogs.signalOf(r.replacedDialog) : undefined;
  if (r.replacedDialog && !replaces) {
    // One of our dialogs that carries no call (nothing to join): as for an unknown one, RFC 3891 3.
    r.accept();
    r.complete(481, 'Replaces: No Such Call');
    return;
  }
  if (s.listenerCount('refer') === 0) return r.reject(603, 'Decline: Transfer Not Handled');
  log.info({ target: r.refer.target, attended: replaces !== undefined }, 'REFER received');
  s.emit('refer', {
    target: r.refer.target,
    uri: r.refer.uriText,
    replaces,
    referredBy: r.refer.referredBy,
    accept: () => r.accept(),
    complete: (status, reason) => void r.complete(status, reason),
    reject: (status, reason) => r.reject(status, reason),
  });
}

function ackSdp(ack: SipRequest): string | undefined {
  return ack.body.length > 0 ? ack.body.toString('utf8') : undefined;
}

async function reinvite(dialog: Dialog | undefined, sdp: string): Promise<string> {
  if (!dialog) throw new Error('no dialog');
  const res = await dialog.reinvite({ body: sdp, contentType: 'application/sdp' });
  if (res.status >= 300) throw new Error(`re-INVITE answered ${res.status}`);
  return res.body.toString('utf8');
}

/** The UAS side: an INVITE that came in. */
export class SipInboundSignal extends TypedEmitter<CallSignalEvents> implements CallSignal {
  readonly direction = 'inbound' as const;
  private dialog: Dialog | undefined;

  constructor(
    private readonly inv: IncomingInvite,
    private readonly log: Logger,
    private readonly dialogs: DialogSignals,
  ) {
    super();
    this.onListenerError((err, event) => log.error({ err, event }, 'call signal listener threw'));
    inv.on('cancel', () => this.emit('cancelled', {}));
  }

  get remoteSdp(): string | undefined {
    return this.inv.hasOffer ? this.inv.body : undefined;
  }

  ring(): void {
    this.inv.progress(180);
  }

  async answer(sdp: string): Promise<string | undefined> {
    const d = this.inv.accept({ body: sdp, contentType: 'application/sdp' });
    this.dialog = d;
    wireDialog(d, this, this.log, this.dialogs);
    const ack = await this.inv.confirmed;
    return ack ? ackSdp(ack) : undefined;
  }

  reject(status: number, opts: { retryAfterSec?: number } = {}): void {
    this.inv.reject(status, opts.retryAfterSec !== undefined ? { headers: { 'retry-after': String(opts.retryAfterSec) } } : {});
  }

  cancel(): void {
    // Only the caller cancels; as the UAS we reject instead.
  }

  async hangup(): Promise<void> {
    await this.dialog?.bye();
  }

  reinvite(sdp: string): Promise<string> {
    return reinvite(this.dialog, sdp);
  }
}

/** The UAC side: an INVITE we sent. */
export class SipOutboundSignal extends TypedEmitter<CallSignalEvents> implements CallSignal {
  readonly direction = 'outbound' as const;
  remoteSdp: string | undefined;
  private dialog: Dialog | undefined;

  constructor(
    private readonly out: OutgoingInvite,
    private readonly log: Logger,
    dialogs: DialogSignals,
  ) {
    super();
    this.onListenerError((err, event) => log.error({ err, event }, 'call signal listener threw'));
    out.on('progress', (res) => {
      const sdp = res.body.length > 0 ? res.body.toString('utf8') : undefined;
      this.emit('progress', { status: res.status, sdp });
    });
    out.result.then(
      ({ dialog, response }) => {
        this.dialog = dialog;
        wireDialog(dialog, this, log, dialogs);
        this.remoteSdp = response.body.toString('utf8');
        this.emit('answered', { sdp: this.remoteSdp });
      },
      (err: { sipStatus?: number; message?: string }) => {
        this.emit('failed', { status: err.sipStatus ?? 503, reason: err.message ?? 'failed' });
      },
    );
  }

  ring(): void {}

  answer(): Promise<string | undefined> {
    return Promise.reject(new Error('cannot answer an outbound INVITE'));
  }

  reject(): void {}

  cancel(): void {
    this.out.cancel();
  }

  async hangup(): Promise<void> {
    await this.dialog?.bye();
  }

  reinvite(sdp: string): Promise<string> {
    return reinvite(this.dialog, sdp);
  }
}
