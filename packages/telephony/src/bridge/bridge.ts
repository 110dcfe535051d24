import type { Bridge as MediaBridge, Conference, MediaEngine, MediaLeg } from '@switchboard/media';
import { TelephonyError } from '../errors';
import type { Leg } from '../leg/leg';

/**
 * A set of legs that hear each other. Two legs are relayed point to point (no decoding: the
 * cheap path every ordinary call takes); three or more, or a bridge created as a conference,
 * go through the mixer, where each leg hears the others and not itself. The media topology is
 * rebuilt whenever membership changes, so "merge into a conference" is simply adding a leg.
 * A leg given an audience (setAudience) is heard only by those listed; while one is live the
 * bridge mixes even with two legs, since a relay cannot keep a leg from being heard.
 */
export class CallBridge {
  private readonly members: Leg[] = [];
  private pair: MediaBridge | undefined;
  private conf: Conference | undefined;
  /** Legs heard by only some members (a supervisor listening or whispering): leg id → listener leg ids. */
  private readonly audiences = new Map<string, readonly string[]>();
  private closed = false;

  constructor(
    readonly id: string,
    private readonly media: MediaEngine,
    /** Always mix (a conference room), even with two legs. */
    readonly conference = false,
  ) {}

  get legs(): readonly Leg[] {
    return this.members;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get mixing(): boolean {
    return this.conf !== undefined;
  }

  has(leg: Leg): boolean {
    return this.members.includes(leg);
  }

  add(leg: Leg): void {
    if (this.closed) throw new TelephonyError('TEL_INVALID_STATE', `bridge ${this.id} is closed`, 409);
    if (this.members.includes(leg)) return;
    this.members.push(leg);
    leg.bridgeId = this.id;
    this.rebuild();
  }

  remove(leg: Leg): void {
    const i = this.members.indexOf(leg);
    if (i < 0) return;
    this.members.splice(i, 1);
    if (leg.bridgeId === this.id) leg.bridgeId = undefined;
    this.audiences.delete(leg.id);
    this.rebuild();
  }

  /**
   * Who hears a member: `null` every other member (the default); else only the listed legs
   * (an empty list: nobody). Kept until set again or the leg leaves the bridge.
   */
  setAudience(leg: Leg, heardBy: readonly string[] | null): void {
    if (!this.members.includes(leg)) throw new TelephonyError('TEL_INVALID_STATE', `leg ${leg.id} is not in bridge ${this.id}`, 409);
    if (heardBy === null) this.audiences.delete(leg.id);
    else this.audiences.set(leg.id, [...heardBy]);
    this.rebuild();
  }

  audienceOf(legId: string): readonly string[] | null {
    return this.audiences.get(legId) ?? null;
  }

  /** Re-plans media after a membership, hold or media change. */
  rebuild(): void {
    this.teardown();
    if (this.closed) return;
    // A held leg, or one whose media is not up yet, takes no part.
    const liveLegs = this.members.filter((l) => l.media && !l.media.closed && !l.held);
    const live = liveLegs.map((l) => l.media as MediaLeg);
    if (live.length < 2) return;
    const restricted = liveLegs.some((l) => this.audiences.has(l.id));
    if (live.length === 2 && !this.conference && !restricted) {
      this.pair = this.media.bridge(live[0]!, live[1]!);
      return;
    }
    const conf = this.media.conference(live);
    for (const l of liveLegs) {
      const heardBy = this.audiences.get(l.id);
      if (heardBy)
        conf.setAudience(
          l.media as MediaLeg,
          liveLegs.filter((x) => heardBy.includes(x.id)).map((x) => x.media as MediaLeg),
        );
    }
    this.conf = conf;
  }

  close(): void {
    this.teardown();
    for (const l of this.members) if (l.bridgeId === this.id) l.bridgeId = undefined;
    this.members.length = 0;
    this.audiences.clear();
    this.closed = true;
  }

  private teardown(): void {
    if (this.pair) {
      this.pair.unbridge();
      this.pair = undefined;
    }
    if (this.conf) {
      this.conf.close();
      this.conf = undefined;
    }
  }
}
