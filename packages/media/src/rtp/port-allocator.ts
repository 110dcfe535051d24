import type { Socket } from 'node:dgram';
import { MediaError } from '../errors';
import { dgramBinder, tryBind, type RtpBinder, type RtpSocket } from '../io/rtp-socket';

const bindHere = dgramBinder();

export interface PortRange {
  min: number;
  max: number;
}

/**
 * Hands out even RTP ports (RTCP on port+1) from a range, round robin so a
 * just-closed port is not reused at once. A port another process holds is
 * skipped (the bind fails) rather than treated as an error.
 */
export class PortAllocator {
  private next: number;
  private readonly inUse = new Set<number>();

  constructor(readonly range: PortRange = { min: 26000, max: 27999 }) {
    if (range.min < 1 || range.max > 65535 || range.max - range.min < 1) {
      throw new MediaError('MEDIA_BAD_ARGUMENT', `bad port range ${range.min}-${range.max}`);
    }
    this.next = range.min + (range.min & 1);
  }

  /** Binds an RTP socket (with `bindRtp`) and its RTCP neighbour (on this thread) on `host`. */
  async bindPair(host: string, bindRtp: RtpBinder = bindHere): Promise<{ port: number; rtp: RtpSocket; rtcp: Socket }> {
    const span = Math.floor((this.range.max - this.range.min + 1) / 2);
    for (let tries = 0; tries < span; tries++) {
      const port = this.next;
      this.next += 2;
      if (this.next + 1 > this.range.max) this.next = this.range.min + (this.range.min & 1);
      if (this.inUse.has(port)) continue;
      const rtp = await bindRtp(host, port);
      if (!rtp) continue;
      const rtcp = await tryBind(host, port + 1);
      if (!rtcp) {
        await rtp.close();
        continue;
      }
      this.inUse.add(port);
      return { port, rtp, rtcp };
    }
    throw new MediaError('MEDIA_NO_PORT', `no free RTP port pair in ${this.range.min}-${this.range.max}`);
  }

  release(port: number): void {
    this.inUse.delete(port);
  }

  get allocated(): number {
    return this.inUse.size;
  }
}
