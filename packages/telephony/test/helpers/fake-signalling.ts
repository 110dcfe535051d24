import { TypedEmitter } from '@switchboard/shared';
import type { CallSignal, CallSignalEvents, IncomingCallInfo, OutgoingCallTarget, SignallingPort } from '../../src/signalling/call-signal';

/** An in-memory CallSignal: records what the engine did, lets the test play the far end. */
export class FakeSignal extends TypedEmitter<CallSignalEvents> implements CallSignal {
  readonly actions: string[] = [];
  answeredSdp: string | undefined;
  reinvites: string[] = [];
  reinviteAnswer = '';
  /** The SDP the far end puts in its ACK (its answer to our offer after a delayed offer). */
  ackSdp: string | undefined;

  constructor(
    readonly direction: 'inbound' | 'outbound',
    public remoteSdp: string | undefined,
    readonly target?: OutgoingCallTarget,
    readonly offerSdp?: string,
  ) {
    super();
  }
  ring(): void {
    this.actions.push('180');
  }
  answer(sdp: string): Promise<string | undefined> {
    this.actions.push('200');
    this.answeredSdp = sdp;
    return Promise.resolve(this.ackSdp);
  }
  reject(status: number, opts: { retryAfterSec?: number } = {}): void {
    this.actions.push(opts.retryAfterSec !== undefined ? `${status} retry-after ${opts.retryAfterSec}` : String(status));
  }
  cancel(): void {
    this.actions.push('CANCEL');
  }
  hangup(): Promise<void> {
    this.actions.push('BYE');
    return Promise.resolve();
  }
  reinvite(sdp: string): Promise<string> {
    this.actions.push('reINVITE');
    this.reinvites.push(sdp);
    return Promise.resolve(this.reinviteAnswer);
  }
}

export class FakeSignalling implements SignallingPort {
  private handler: ((s: CallSignal, i: IncomingCallInfo) => void) | undefined;
  readonly outgoing: FakeSignal[] = [];

  onIncoming(handler: (signal: CallSignal, info: IncomingCallInfo) => void): void {
    this.handler = handler;
  }
  invite(target: OutgoingCallTarget, sdp: string): CallSignal {
    const s = new FakeSignal('outbound', undefined, target, sdp);
    this.outgoing.push(s);
    return s;
  }
  /** The far end sends us an INVITE. */
  incoming(sdp: string | undefined, info: Partial<IncomingCallInfo> = {}): FakeSignal {
    const s = new FakeSignal('inbound', sdp);
    this.handler?.(s, { from: '0299990000', to: '1300000000', sourceAddress: '127.0.0.9', sourcePort: 5060, transport: 'udp', user: undefined, ...info });
    return s;
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

export function sdpFor(port: number, opts: { pts?: number[]; dir?: string; te?: boolean } = {}): string {
  const pts = opts.pts ?? [0];
  const te = opts.te ?? true;
  return [
    'v=0',
    'o=- 1 1 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP ${pts.join(' ')}${te ? ' 101' : ''}`,
    ...(te ? ['a=rtpmap:101 telephone-event/8000'] : []),
    `a=${opts.dir ?? 'sendrecv'}`,
    '',
  ].join('\r\n');
}
