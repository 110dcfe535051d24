import type { Clock } from '@switchboard/shared';
import { Leg, type LegRole, type LegState, type LegView } from './leg';
import type { InteractionEventName } from './interaction-options';

/**
 * An interaction's legs, in the order they joined: numbered `<interaction>-legN`, and every
 * add or move goes on the interaction's event stream (leg.added, leg.changed) with the clock's
 * time. Kept apart from Interaction, which decides when parties join and leave, so the
 * bookkeeping of who is on the call lives in one place.
 */
export class InteractionLegs {
  private readonly byId = new Map<string, Leg>();
  private seq = 0;

  constructor(
    private readonly interactionId: string,
    private readonly clock: Clock,
    private readonly emit: (name: InteractionEventName, detail: Record<string, unknown>) => void,
  ) {}

  get(id: string): Leg | undefined {
    return this.byId.get(id);
  }

  /** The customer's leg (the latest: a caller who came back after a failed transfer has a new one). */
  customer(): Leg | undefined {
    let found: Leg | undefined;
    for (const l of this.byId.values()) if (l.role === 'customer') found = l;
    return found;
  }

  /** The live leg of this agent. */
  liveAgent(agentId: string | null): Leg | undefined {
    for (const l of this.byId.values()) if (l.role === 'agent' && l.live && l.agentId === agentId) return l;
    return undefined;
  }

  add(role: LegRole, agentId: string | null, number: string | null, initial: 'connecting' | 'connected'): Leg {
    const leg = new Leg(`${this.interactionId}-leg${++this.seq}`, role, agentId, number, this.clock.now(), initial);
    this.byId.set(leg.id, leg);
    this.emit('leg.added', { legId: leg.id, role, agentId, state: initial });
    return leg;
  }

  move(leg: Leg, to: LegState, cause?: string): void {
    const from = leg.state;
    leg.move(to, this.clock.now(), cause);
    this.emit('leg.changed', { legId: leg.id, role: leg.role, from, to, ...(cause ? { cause } : {}) });
  }

  /** Ends every live leg but those in `goingOn` (parties still talking after this agent left). */
  endLive(cause: string, goingOn: ReadonlySet<string> = new Set()): void {
    for (const leg of this.byId.values()) if (leg.live && !goingOn.has(leg.id)) this.move(leg, 'ended', cause);
  }

  views(): LegView[] {
    return [...this.byId.values()].map((l) => l.view());
  }
}
