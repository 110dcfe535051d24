import { MemoryLeg, encodeG711, writeRtpHeader, type AudioSource, type FrameTicker, type TickListener } from '@switchboard/media';
import type { Clock } from '@switchboard/shared';

/** Packets are relayed in place and sent asynchronously: a ring, so none is rewritten in flight. */
const RING = 16;

/**
 * An internal "player" leg: a party with no network behind it whose voice is an AudioSource
 * (an announcement into a conference, music to a queue, a whisper). Each 20 ms tick it turns
 * the next frame into an RTP packet (media's G.711 and header writer) and injects it as if it
 * had been received, so bridges, the mixer and recorders treat it like any other leg.
 */
export class PlayerLeg implements TickListener {
  readonly media: MemoryLeg;
  private readonly pcm = new Int16Array(160);
  private readonly ring = Array.from({ length: RING }, () => Buffer.alloc(12 + 160));
  private seq = 0;
  private ts = 0;
  private done = false;

  constructor(
    id: string,
    clock: Clock,
    private readonly source: AudioSource,
    private readonly ticker: FrameTicker,
    private readonly onFinished: () => void,
  ) {
    this.media = new MemoryLeg({ id, clock });
    ticker.add(this);
  }

  onTick(): void {
    if (this.done) return;
    if (this.media.closed) return this.stop();
    const n = this.source.read(this.pcm, 160);
    if (n > 0) {
      if (n < 160) this.pcm.fill(0, n);
      const packet = this.ring[this.seq % RING]!;
      encodeG711(this.media.payload.codec, this.pcm, 0, 160, packet, 12);
      writeRtpHeader(packet, 0, this.media.payload.audioPt, this.seq, this.ts, 0x504c4159, this.seq === 0);
      this.seq = (this.seq + 1) & 0xffff;
      this.ts = (this.ts + 160) >>> 0;
      this.media.inject(packet);
    }
    if (n < 160) {
      this.stop();
      this.onFinished();
    }
  }

  stop(): void {
    if (this.done) return;
    this.done = true;
    this.ticker.remove(this);
  }
}
