import { MediaError } from '../errors';
import type { MediaLeg } from './media-leg';

/**
 * Connects two legs point to point: what one receives goes out of the other,
 * as-is when both use the same law, transcoded PCMU<->PCMA in place when not.
 * Telephone events are relayed with the destination's payload type. Breaking
 * the bridge (or moving a leg to another bridge) makes each side's rewriter
 * re-anchor, so the far ends see one continuous stream.
 */
export class Bridge {
  private open = true;

  constructor(
    readonly a: MediaLeg,
    readonly b: MediaLeg,
  ) {
    if (a === b) throw new MediaError('MEDIA_BAD_ARGUMENT', 'cannot bridge a leg to itself');
    for (const leg of [a, b]) {
      if (leg.closed) throw new MediaError('MEDIA_LEG_CLOSED', `leg ${leg.id} is closed`);
      if (leg.peer) throw new MediaError('MEDIA_ALREADY_BRIDGED', `leg ${leg.id} is already bridged to ${leg.peer.id}`);
    }
    a.peer = b;
    b.peer = a;
    a.rewriter.invalidate();
    b.rewriter.invalidate();
  }

  get active(): boolean {
    return this.open && this.a.peer === this.b && this.b.peer === this.a;
  }

  /** The other side of `leg` in this bridge. */
  other(leg: MediaLeg): MediaLeg {
    return leg === this.a ? this.b : this.a;
  }

  unbridge(): void {
    if (!this.open) return;
    this.open = false;
    if (this.a.peer === this.b) this.a.peer = undefined;
    if (this.b.peer === this.a) this.b.peer = undefined;
    this.a.rewriter.invalidate();
    this.b.rewriter.invalidate();
  }
}
