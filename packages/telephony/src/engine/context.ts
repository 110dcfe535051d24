import type { Clock, Logger, TypedEmitter } from '@switchboard/shared';
import type { MediaEngine } from '@switchboard/media';
import type { EngineEvents } from '../api';
import type { CallBridge } from '../bridge/bridge';
import { TelephonyError } from '../errors';
import type { Leg } from '../leg/leg';

/**
 * What the engine's modules (call control, media control, bridges) share: the registries, the
 * clock, the media engine and the event sink. Each module owns its own verbs; none of them
 * owns the others.
 */
export class EngineContext {
  readonly legs = new Map<string, Leg>();
  readonly bridges = new Map<string, CallBridge>();

  constructor(
    readonly clock: Clock,
    readonly log: Logger,
    readonly media: MediaEngine,
    readonly events: TypedEmitter<EngineEvents>,
  ) {}

  leg(id: string): Leg {
    const l = this.legs.get(id);
    if (!l) throw new TelephonyError('TEL_NO_SUCH_LEG', `no leg ${id}`, 404);
    return l;
  }

  liveLeg(id: string): Leg {
    const l = this.leg(id);
    if (l.ended) throw new TelephonyError('TEL_INVALID_STATE', `leg ${id} has ended`, 409);
    return l;
  }

  bridge(id: string): CallBridge {
    const b = this.bridges.get(id);
    if (!b) throw new TelephonyError('TEL_NO_SUCH_BRIDGE', `no bridge ${id}`, 404);
    return b;
  }

  bridgeOf(leg: Leg): CallBridge | undefined {
    return leg.bridgeId === undefined ? undefined : this.bridges.get(leg.bridgeId);
  }
}
