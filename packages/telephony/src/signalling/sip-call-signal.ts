import { TypedEmitter, type Logger } from '@switchboard/shared';
import type { Dialog, IncomingInvite, OutgoingInvite, SipRequest } from '@switchboard/sip';
import type { CallSignal, CallSignalEvents } from './call-signal';

/** Dialog events common to both directions: BYE, re-INVITE, INFO. */
function wireDialog(dialog: Dialog, s: TypedEmitter<CallSignalEvents>, log: Logger): void {
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
    wireDialog(d, this, this.log);
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
        wireDialog(dialog, this, log);
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
