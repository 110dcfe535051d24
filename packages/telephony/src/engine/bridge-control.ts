import { newId } from '@switchboard/shared';
import { CallBridge } from '../bridge/bridge';
import { TelephonyError } from '../errors';
import type { Leg } from '../leg/leg';
import type { EngineContext } from './context';

/** Bridges and conferences: create, put legs in, move them, merge, destroy. */
export class BridgeControl {
  constructor(private readonly ctx: EngineContext) {}

  create(opts: { conference?: boolean } = {}): string {
    const b = new CallBridge(newId(opts.conference ? 'conf' : 'br', 8), this.ctx.media, opts.conference ?? false);
    this.ctx.bridges.set(b.id, b);
    return b.id;
  }

  /** Bridges legs together in a new bridge (taking each out of where it was). */
  bridge(legIds: readonly string[], opts: { conference?: boolean } = {}): string {
    const id = this.create(opts);
    for (const l of legIds) this.move(l, id);
    return id;
  }

  /** Moves a leg into a bridge, out of any other (an empty bridge left behind is closed). */
  move(legId: string, bridgeId: string): void {
    const leg = this.ctx.liveLeg(legId);
    const to = this.ctx.bridge(bridgeId);
    if (to.isClosed) throw new TelephonyError('TEL_INVALID_STATE', `bridge ${bridgeId} is closed`, 409);
    const from = this.ctx.bridgeOf(leg);
    if (from === to) return;
    if (from) this.leave(leg, from);
    to.add(leg);
  }

  /** Takes a leg out of its bridge (it then hears nothing but what is played to it). */
  unbridge(legId: string): void {
    const leg = this.ctx.leg(legId);
    const b = this.ctx.bridgeOf(leg);
    if (b) this.leave(leg, b);
  }

  /** Merges bridges (and their legs) into one conference; returns its id. */
  merge(bridgeIds: readonly string[]): string {
    const bridges = bridgeIds.map((id) => this.ctx.bridge(id));
    const target = bridges.find((b) => b.conference) ?? undefined;
    const confId = target ? target.id : this.create({ conference: true });
    for (const b of bridges) {
      if (b.id === confId) continue;
      for (const l of [...b.legs]) this.move(l.id, confId);
    }
    return confId;
  }

  /** Who hears a leg of a bridge: null every other leg, else only the listed ones (see CallBridge). */
  setAudience(bridgeId: string, legId: string, heardBy: readonly string[] | null): void {
    const b = this.ctx.bridge(bridgeId);
    b.setAudience(this.ctx.leg(legId), heardBy);
  }

  destroy(bridgeId: string): void {
    const b = this.ctx.bridge(bridgeId);
    b.close();
    this.ctx.bridges.delete(bridgeId);
  }

  /** A leg's media came up or changed (answer, hold, resume): re-plan its bridge. */
  refresh(leg: Leg): void {
    this.ctx.bridgeOf(leg)?.rebuild();
  }

  onLegEnded(leg: Leg): void {
    const b = this.ctx.bridgeOf(leg);
    if (b) b.remove(leg);
  }

  private leave(leg: Leg, b: CallBridge): void {
    b.remove(leg);
    if (b.legs.length === 0 && !b.conference) this.destroy(b.id);
  }
}
