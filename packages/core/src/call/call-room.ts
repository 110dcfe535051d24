import { TypedEmitter, type Clock, type Logger } from '@switchboard/shared';
import type { PortBridge, PortLeg, PortPlayback, TelephonyPort } from './telephony-port';

export type PartyRole = 'customer' | 'agent' | 'third-party';

/** One party in a room: a leg, who it is, and whether we hold it. */
export interface Party {
  /** The leg's id (unique across the engine). */
  readonly id: string;
  readonly role: PartyRole;
  readonly leg: PortLeg;
  readonly agentId: string | null;
  readonly number: string | null;
  readonly label: string;
  /** An agent's open line: leaving takes it out of the room but keeps it up. */
  readonly keep: boolean;
  held: boolean;
  readonly joinedAt: number;
  endedAt: number | null;
  endCause: string | null;
}

export type NewParty = Omit<Party, 'held' | 'joinedAt' | 'endedAt' | 'endCause'>;

export interface CallRoomEvents {
  [event: string]: unknown;
  /** A party joined, was held or resumed. */
  'party-changed': { party: Party };
  /** A party left: hung up, was removed, or the room ended. */
  'party-left': { party: Party; cause: string };
  /** Fewer than two parties remained (or it was terminated): everyone left. */
  ended: { cause: string };
}

export interface CallRoomHost {
  readonly port: TelephonyPort;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * The parties of one call that share a bridge: a customer and an agent at first, then a consulted
 * party, a conference of up to five, or what remains after an agent leaves. Every agent's part of
 * the call (its interaction) follows the same room, so a hang-up or a hold is one change seen by
 * all. A held party hears music on hold and takes no part in the bridge (the engine leaves held
 * legs out); three or more live parties are mixed.
 *
 * The room ends when fewer than two parties remain, unless pinned (a blind transfer ringing its
 * target keeps a lone caller): the last one is hung up, or, if it is an agent's open line, only
 * taken out.
 */
export class CallRoom extends TypedEmitter<CallRoomEvents> {
  private readonly members: Party[] = [];
  private readonly music = new Map<string, Promise<PortPlayback | undefined>>();
  private readonly offs = new Map<string, () => void>();
  private readonly bridge: PortBridge | undefined;
  private pins = 0;
  private over = false;
  /** Merged into a conference: the adapter lists the parties and offers Leave / Terminate. */
  conference = false;

  constructor(
    private readonly host: CallRoomHost,
    first: readonly NewParty[],
  ) {
    super();
    this.onListenerError((err, event) => host.logger.error({ err, event }, 'call room listener threw'));
    for (const p of first) this.track(p);
    try {
      this.bridge = host.port.bridge(first.map((p) => p.leg));
    } catch (err) {
      host.logger.warn({ err }, 'bridging failed');
    }
  }

  get ended(): boolean {
    return this.over;
  }

  /** Parties still in the room. */
  get parties(): readonly Party[] {
    return this.members.filter((p) => p.endedAt === null);
  }

  /** Everyone who was ever in the room (the record's list). */
  get everyone(): readonly Party[] {
    return this.members;
  }

  party(id: string): Party | undefined {
    return this.parties.find((p) => p.id === id);
  }

  customer(): Party | undefined {
    return this.parties.find((p) => p.role === 'customer');
  }

  agentParty(agentId: string): Party | undefined {
    return this.parties.find((p) => p.role === 'agent' && p.agentId === agentId);
  }

  add(p: NewParty): Party {
    if (this.over) throw new Error('the call room has ended');
    const party = this.track(p);
    try {
      this.bridge?.add(p.leg.id);
    } catch (err) {
      this.host.logger.warn({ err, legId: p.leg.id }, 'adding a party to the bridge failed');
    }
    this.emit('party-changed', { party });
    return party;
  }

  /**
   * Holds a party: out of the bridge (nobody hears it, it hears no one) and music on hold played
   * to it (unless `music` is false). No re-INVITE: the far end is not asked to change its media
   * (as a PBX plays music to a held caller), so its stream never pauses.
   */
  hold(id: string, music = true): void {
    const p = this.party(id);
    if (!p || p.held) return;
    p.held = true;
    this.bridge?.remove(p.leg.id);
    // A desk phone that holds the call itself plays its own tone: it is only parked.
    if (!music) return void this.emit('party-changed', { party: p });
    this.music.set(
      id,
      p.leg.play(this.host.port.musicOnHold()).catch((err: unknown) => {
        this.host.logger.debug({ err, legId: id }, 'music on hold did not play');
        return undefined;
      }),
    );
    this.emit('party-changed', { party: p });
  }

  resume(id: string): void {
    const p = this.party(id);
    if (!p || !p.held) return;
    p.held = false;
    this.stopMusic(id);
    try {
      this.bridge?.add(p.leg.id);
    } catch (err) {
      this.host.logger.warn({ err, legId: id }, 'resuming a party failed');
    }
    this.emit('party-changed', { party: p });
  }

  /** Takes a party out: an open line is kept up (only out of the bridge), any other leg hung up. */
  remove(id: string, cause: string): void {
    const p = this.party(id);
    if (p) this.left(p, cause, 'release');
  }

  /**
   * Hands a party's leg on (the caller to a workflow, a queue, or back to an agent's new room):
   * out of the bridge, music stopped, resumed if held, left as 'transferred'; the leg stays up.
   */
  handOff(id: string): PortLeg | undefined {
    const p = this.party(id);
    if (!p) return undefined;
    this.left(p, 'transferred', 'hand-off');
    return p.leg;
  }

  /**
   * Keeps the room from ending while it has fewer than two parties (a blind transfer's target is
   * ringing); the returned function unpins it (and ends the room if it is still short).
   */
  pin(): () => void {
    this.pins++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.pins--;
      this.settle('normal');
    };
  }

  /**
   * A supervisor's leg listening in (CallMonitor): in the bridge, heard only by `heardBy` (leg
   * ids; null everyone). It is not a party: it never keeps the room up nor counts toward a
   * transfer's or a conference's parties, and its owner hangs it up when its part is over.
   */
  addMonitor(legId: string, heardBy: readonly string[] | null): void {
    if (this.over) throw new Error('the call room has ended');
    this.bridge?.add(legId);
    this.bridge?.setAudience(legId, heardBy);
  }

  /** Switches who hears a monitoring leg (listen: nobody; whisper: the agent; barge: null, everyone). */
  setMonitorAudience(legId: string, heardBy: readonly string[] | null): void {
    if (this.over) return;
    this.bridge?.setAudience(legId, heardBy);
  }

  removeMonitor(legId: string): void {
    this.bridge?.remove(legId);
  }

  /** Every leg ends (or, an open line, leaves). */
  terminate(cause: string): void {
    if (this.over) return;
    this.over = true;
    for (const p of [...this.parties]) this.left(p, cause, 'release');
    this.emit('ended', { cause });
  }

  private track(p: NewParty): Party {
    const party: Party = { ...p, held: false, joinedAt: this.host.clock.now(), endedAt: null, endCause: null };
    this.members.push(party);
    this.offs.set(
      p.id,
      p.leg.on('ended', ({ cause }) => {
        if (party.endedAt === null) this.left(party, cause === 'normal' ? 'hangup' : cause);
      }),
    );
    return party;
  }

  private release(p: Party, how: 'release' | 'hand-off' = 'release'): void {
    this.stopMusic(p.id);
    if (p.keep || how === 'hand-off') this.bridge?.remove(p.leg.id);
    else p.leg.hangup('normal');
  }

  /** A party is out (first marked, so its own hang-up's `ended` is not taken for a second leaving). */
  private left(p: Party, cause: string, release: false | 'release' | 'hand-off' = false): void {
    if (p.endedAt !== null) return;
    p.endedAt = this.host.clock.now();
    p.endCause = cause;
    this.offs.get(p.id)?.();
    this.offs.delete(p.id);
    if (release) this.release(p, release);
    else this.stopMusic(p.id);
    // Back to two: an ordinary call again (Transfer offered, no Leave).
    if (this.parties.length <= 2) this.conference = false;
    this.emit('party-left', { party: p, cause });
    this.settle(cause);
  }

  private settle(cause: string): void {
    if (this.over || this.pins > 0 || this.parties.length >= 2) return;
    this.terminate(cause);
  }

  private stopMusic(id: string): void {
    const m = this.music.get(id);
    if (!m) return;
    this.music.delete(id);
    m.then((pb) => pb?.stop());
  }
}
