import { MediaLeg, type MediaLegOptions } from './media-leg';

/**
 * A leg with no socket: what it would send is handed to `onSend` (copied),
 * and `inject()` feeds it datagrams as if they had arrived. For tests of the
 * telephony engine and of media features, in fake time.
 */
export class MemoryLeg extends MediaLeg {
  onSend: ((packet: Buffer) => void) | undefined;

  constructor(opts: MediaLegOptions) {
    super(opts);
    this.sm.transition('active');
  }

  inject(packet: Buffer): void {
    if (!this.closed) this.receive(packet, 0, packet.length);
  }

  protected transmit(buf: Buffer, off: number, len: number): void {
    this.onSend?.(Buffer.from(buf.subarray(off, off + len)));
  }

  async close(): Promise<void> {
    this.markClosed();
  }
}
