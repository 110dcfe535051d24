import { TypedEmitter } from '@switchboard/shared';
import type { CallSignal, CallSignalEvents, IncomingCallInfo, OutgoingCallTarget, SignallingPort } from '../../src/signalling/call-signal';

/** One side of an in-memory dialog; `other` is the far side. */
class LinkedSignal extends TypedEmitter<CallSignalEvents> implements CallSignal {
  other!: LinkedSignal;
  remoteSdp: string | undefined;
  private up = false;
  private done = false;

  constructor(readonly direction: 'inbound' | 'outbound') {
    super();
  }
  ring(): void {
    if (!this.done) this.other.emit('progress', { status: 180, sdp: undefined });
  }
  answer(sdp: string): Promise<string | undefined> {
    if (this.done) return Promise.reject(new Error('gone'));
    this.up = this.other.up = true;
    this.other.remoteSdp = sdp;
    this.other.emit('answered', { sdp });
    return Promise.resolve(undefined);
  }
  reject(status: number): void {
    if (this.done) return;
    this.done = this.other.done = true;
    this.other.emit('failed', { status, reason: '' });
  }
  cancel(): void {
    if (this.done || this.up) return;
    this.done = this.other.done = true;
    this.other.emit('cancelled', {});
    this.emit('failed', { status: 487, reason: 'Request Terminated' });
  }
  hangup(): Promise<void> {
    if (!this.done) {
      this.done = this.other.done = true;
      this.other.emit('bye', {});
    }
    return Promise.resolve();
  }
  reinvite(sdp: string): Promise<string> {
    return new Promise((resolve) =>
      this.other.emit('reoffer', {
        sdp,
        respond: (answer) => {
          resolve(answer);
          return Promise.resolve(undefined);
        },
      }),
    );
  }
}

/** Two signalling ports wired back to back: what one invites, the other is offered. */
export class LinkedSignalling implements SignallingPort {
  private handler: ((s: CallSignal, i: IncomingCallInfo) => void) | undefined;
  peer!: LinkedSignalling;

  static pair(): [LinkedSignalling, LinkedSignalling] {
    const a = new LinkedSignalling();
    const b = new LinkedSignalling();
    a.peer = b;
    b.peer = a;
    return [a, b];
  }
  onIncoming(handler: (signal: CallSignal, info: IncomingCallInfo) => void): void {
    this.handler = handler;
  }
  invite(target: OutgoingCallTarget, sdp: string): CallSignal {
    const out = new LinkedSignal('outbound');
    const inb = new LinkedSignal('inbound');
    out.other = inb;
    inb.other = out;
    inb.remoteSdp = sdp;
    const to = /^sips?:([^@;]+)@/.exec(target.uri)?.[1] ?? '';
    queueMicrotask(() => this.peer.handler?.(inb, { from: target.from, to, sourceAddress: '127.0.0.1', sourcePort: 5060, transport: 'udp', user: undefined }));
    return out;
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
