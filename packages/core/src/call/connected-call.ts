import type { Interaction } from '../interaction/interaction';
import { InteractionActionError } from '../interaction/errors';
import type { LegState } from '../interaction/leg';
import { WrapTimer } from '../wrap/wrap-timer';
import type { CallHost } from './call-host';
import { CallRoom, type Party } from './call-room';
import type { CallMonitor } from './call-monitor';
import { CallTransfers } from './call-transfers';
import type { PortLeg, PortPlayback, PortRecording, Sound } from './telephony-port';

/** Causes an operation gives an agent's leg leaving the room (anything else is the leg dropping). */
const OPERATION_CAUSES: ReadonlySet<string> = new Set(['removed', 'consult-cancelled', 'left', 'transferred']);

/**
 * One agent's part of a connected call: their leg in the call's room (a customer and them at
 * first; consulted parties, a conference, other agents' parts later), recording, hold, mute,
 * the keypad, announcements, transfers (CallTransfers), and the end of their part (the room
 * ends, they leave it, or terminate it) through to the wrap. Inbound, manual and handed-on
 * calls all become one of these once answered.
 */
export class ConnectedCall {
  muted = false;
  wrap: WrapTimer | undefined;
  room!: CallRoom;
  readonly transfers: CallTransfers;
  /** A supervisor listening, whispering or barging (DeskMonitors); it ends with this agent's part. */
  monitor: CallMonitor | undefined;
  private recording: PortRecording | undefined;
  /** The announcement playing to the customer and the agent's copy of it. */
  private announcement: { playback: PortPlayback; copy: PortPlayback | undefined } | undefined;
  private ending = false;
  private told = false;
  /** Why the room ended, as the record says it ('customer-hangup', 'party-hangup'). */
  private endHint: string | undefined;
  /** The cause an operation that will end this part has announced (it wins over the hint). */
  private expected: string | undefined;
  /** Room parties other than the customer and this agent → this interaction's leg ids. */
  private readonly mirror = new Map<string, string>();
  private readonly offs: Array<() => void> = [];
  private roomOffs: Array<() => void> = [];

  constructor(
    readonly host: CallHost,
    readonly interaction: Interaction,
    readonly customer: PortLeg,
    readonly agent: PortLeg,
    /** The agent's leg exists only for this call (rung per call): it is hung up at the end. */
    readonly agentPerCall: boolean,
    /** Told once when the call is over (before the wrap starts). */
    private readonly onEnd: () => void,
  ) {
    this.transfers = new CallTransfers(this);
  }

  get agentId(): string {
    return this.interaction.agentId ?? '';
  }

  /** This agent's party in the room. */
  get me(): Party | undefined {
    return this.room?.party(this.agent.id);
  }

  /** The call is live for this agent (not ended, not wrapping). */
  get live(): boolean {
    return !this.ending && this.interaction.state === 'connected';
  }

  /**
   * Bridges the customer and the agent in a new room (the agent hears a short beep when `beep`),
   * or joins the agent to a room that exists (a call handed on to them).
   */
  connect(beep: boolean, room?: CallRoom): void {
    const me = {
      id: this.agent.id,
      role: 'agent' as const,
      leg: this.agent,
      agentId: this.agentId,
      number: null,
      label: this.host.handOn?.agentName(this.agentId) ?? this.agentId,
      keep: !this.agentPerCall,
    };
    if (room) {
      this.room = room;
      this.follow();
      room.add(me);
    } else {
      const c = this.customer;
      this.room = new CallRoom(this.host, [
        { id: c.id, role: 'customer', leg: c, agentId: null, number: this.interaction.customerNumber, label: this.interaction.customerNumber ?? 'Caller', keep: false },
        me,
      ]);
      this.follow();
    }
    // A desk phone's own transfer button: the same operation as the adapter's.
    this.offs.push(this.agent.on('refer', (r) => this.transfers.referred(r)));
    if (beep) this.agent.play({ tone: 880, durationMs: 150 }).catch((err: unknown) => this.host.logger.debug({ err }, 'connect beep did not play'));
    this.offs.push(
      this.interaction.on('event', (e) => {
        // Announcement markers go into the recording's markers file too ("announcement-start: Terms").
        const kind = String(e.detail.kind ?? '');
        if (e.name !== 'marker.added' || !kind.startsWith('announcement-') || !this.recording) return;
        try {
          this.recording.mark(`${kind}: ${String(e.detail.label)}`);
        } catch (err) {
          this.host.logger.warn({ err }, 'marking the recording failed');
        }
      }),
    );
  }

  /**
   * Another voice on this call's recording, on the agent's side: a consulted or conferenced party
   * (what the agent hears), a barging supervisor; `false` takes it out again.
   */
  recordLeg(legId: string, on: boolean): void {
    const rec = this.recording;
    if (!rec) return;
    try {
      if (on) rec.add(legId, 'right');
      else rec.remove(legId);
    } catch (err) {
      this.host.logger.warn({ err, legId, interactionId: this.interaction.id }, 'changing who the recording hears failed');
    }
  }

  /** The campaign's recording, customer left and agent right, when the campaign records. */
  startRecording(): void {
    const i = this.interaction;
    if (i.recording.mode === 'off') return;
    try {
      this.recording = this.host.port.record({ name: i.id, left: this.customer, right: this.agent });
      i.startRecording(this.recording.path);
      // Joining a room that has more parties (a call handed on mid-consult or in a conference).
      for (const p of this.room.parties) if (p.id !== this.agent.id && p.role !== 'customer') this.recordLeg(p.leg.id, true);
    } catch (err) {
      this.host.logger.warn({ err, interactionId: i.id }, 'recording did not start');
    }
  }

  /** The room holds the caller; its mirror writes the record's leg (the one writer of that state). */
  hold(): void {
    if (this.interaction.customerLeg()?.state !== 'connected') throw new InteractionActionError('Only a connected customer can be held');
    this.room.hold(this.customer.id);
  }

  resume(): void {
    if (this.interaction.customerLeg()?.state !== 'held') throw new InteractionActionError('The customer is not on hold');
    this.room.resume(this.customer.id);
  }

  /**
   * Mute is the agent's leg going silent toward the others and the recording (the agent still
   * hears). It is lifted when the call stops being live: the next call must never start muted.
   */
  setMuted(on: boolean): void {
    if (this.muted === on) return;
    this.agent.setMuted(on);
    this.muted = on;
    this.changed();
  }

  /**
   * The agent's keypad: tones to the customer (a remote IVR, a PIN pad), not to the agent; during
   * an assisted transfer, to the workflow the agent is connected to.
   */
  sendDtmf(digits: string): void {
    if (this.transfers.keypadTo(digits)) return;
    if (this.interaction.customerLeg()?.state === 'held') throw new InteractionActionError('Resume the call to send tones', { interactionId: this.interaction.id });
    // Refused digits throw here (the port checks them at once); a customer who hangs up mid-way ends the sending.
    this.customer.sendDtmf(digits).catch((err: unknown) => this.host.logger.debug({ err, interactionId: this.interaction.id }, 'sending tones stopped'));
  }

  toggleRecording(agentId: string): void {
    const i = this.interaction;
    if (i.recording.state === 'recording') {
      this.recording?.pause();
      i.pauseRecording(agentId);
    } else {
      this.recording?.resume();
      i.resumeRecording(agentId);
    }
  }

  bookmark(agentId: string): void {
    this.interaction.bookmark(agentId);
    this.recording?.mark('Manual');
  }

  /**
   * One of the campaign's announcements: to the customer and, as a copy, to the agent (a playback
   * replaces what a leg hears from the bridge). The customer's playback drives the end.
   */
  playAnnouncement(announcementId: string, agentId: string): void {
    const i = this.interaction;
    const a = i.announcementStarted(announcementId, agentId);
    const sound: Sound = this.host.port.prompt(a.file);
    this.customer.play(sound).then(
      (playback) => {
        const entry: { playback: PortPlayback; copy: PortPlayback | undefined } = { playback, copy: undefined };
        this.announcement = entry;
        playback.finished.then(() => {
          entry.copy?.stop();
          if (this.announcement !== entry) return;
          this.announcement = undefined;
          if (i.announcement !== null) i.announcementEnded('system');
        });
        this.agent.play(sound).then(
          (copy) => {
            if (this.announcement === entry) entry.copy = copy;
            else copy.stop(); // already over
          },
          (err: unknown) => this.host.logger.warn({ err }, "announcement: the agent's copy did not play"),
        );
      },
      (err: unknown) => {
        this.host.logger.warn({ err }, 'announcement did not play');
        if (i.announcement !== null) i.announcementEnded('system');
      },
    );
  }

  stopAnnouncement(agentId: string): void {
    const a = this.announcement;
    this.announcement = undefined;
    a?.playback.stop();
    a?.copy?.stop();
    this.interaction.announcementEnded(agentId);
  }

  /**
   * The call is over for this agent: `terminate` ends every leg (an open line is only taken
   * out), `leave` takes only this agent out and the others go on talking (their legs stay open
   * in this interaction's record until the room ends them). Then the wrap starts.
   */
  end(cause: string, how: 'terminate' | 'leave' = 'terminate'): void {
    const i = this.interaction;
    if (this.ending || i.state !== 'connected') return;
    this.ending = true;
    this.monitor?.stop('call-ended');
    this.transfers.callEnding(how);
    for (const off of this.offs.splice(0)) off();
    if (this.recording) {
      const rec = this.recording;
      this.recording = undefined;
      rec.stop().catch((err: unknown) => this.host.logger.error({ err, interactionId: i.id, path: rec.path }, 'finishing the recording failed'));
    }
    if (this.muted && !this.agentPerCall && !this.agent.isEnded) this.agent.setMuted(false);
    this.muted = false;
    if (how === 'terminate') this.room.terminate(cause);
    else this.room.remove(this.agent.id, 'left');
    const goingOn = new Set(this.room.parties.map((p) => this.modelLeg(p)).filter((x): x is string => x !== undefined));
    i.end(cause, goingOn);
    if (goingOn.size === 0) this.unfollow();
    if (!this.told) {
      // Once per call session: a caller brought back after a failed transfer ends the same session again.
      this.told = true;
      this.onEnd();
    }
    const agentId = i.agentId!;
    const session = this.host.session(agentId);
    if (!session) return;
    session.callEnded();
    this.wrap = new WrapTimer(this.host.clock, i, session);
    this.wrap.on('changed', () => this.host.changed(agentId));
    this.wrap.start();
  }

  /**
   * A failed blind transfer brings the caller back while this agent still wraps the call on an
   * open line: the wrap is void, the same interaction is live again in a new room.
   */
  callBack(customer: PortLeg): boolean {
    const i = this.interaction;
    const session = this.host.session(this.agentId);
    if (!session || i.state !== 'wrap' || !this.wrap || this.wrap.done || this.agentPerCall || this.agent.isEnded || customer !== this.customer) return false;
    this.wrap.withdraw();
    this.wrap = undefined;
    i.callReturned();
    session.callReturned();
    this.ending = false;
    this.endHint = undefined;
    this.expected = undefined;
    this.mirror.clear();
    this.unfollow();
    i.customerReturned();
    this.connect(true);
    return true;
  }

  /** An operation is about to end this part (a hand-off): the record gives its cause. */
  expectEnd(cause: string): void {
    this.expected = cause;
  }

  /** The leg id in this interaction's record of a room party. */
  modelLeg(p: Party): string | undefined {
    if (p.id === this.agent.id) return this.interaction.agentLeg()?.id;
    if (p.role === 'customer') return this.interaction.customerLeg()?.id;
    return this.mirror.get(p.id);
  }

  /** Follows the room: parties into this interaction's record, and the end of this agent's part. */
  private follow(): void {
    const room = this.room;
    for (const p of room.parties) if (p.id !== this.agent.id && p.role !== 'customer') this.mirrorJoin(p);
    this.roomOffs.push(
      room.on('party-changed', ({ party }) => {
        if (party.id !== this.agent.id && party.role !== 'customer' && !this.mirror.has(party.id)) {
          this.mirrorJoin(party);
          this.recordLeg(party.leg.id, true);
        } else this.mirrorState(party, party.held ? 'held' : 'connected');
        this.changed();
      }),
      room.on('party-left', ({ party, cause }) => {
        this.mirrorState(party, 'ended', cause);
        this.transfers.partyLeft(party, cause);
        // A room ending takes everyone out: its `ended` gives the cause, not this agent's leaving.
        // Already out of the room (removed, or the leg dropped): the rest of the room goes on.
        if (party.id === this.agent.id && !room.ended) this.end(this.expected ?? (OPERATION_CAUSES.has(cause) ? cause : 'agent-dropped'), 'leave');
        else if (party.role === 'customer') this.endHint = 'customer-hangup';
        else this.endHint ??= 'party-hangup';
        this.changed();
      }),
      room.on('ended', () => {
        this.end(this.expected ?? this.endHint ?? 'customer-hangup');
        this.unfollow();
        this.changed();
      }),
    );
  }

  private unfollow(): void {
    for (const off of this.roomOffs.splice(0)) off();
  }

  private mirrorJoin(p: Party): void {
    try {
      const leg = this.interaction.addParty(p.role, p.agentId, p.number);
      this.mirror.set(p.id, leg.id);
    } catch (err) {
      this.host.logger.debug({ err, interactionId: this.interaction.id }, 'a party joined after the interaction closed');
    }
  }

  private mirrorState(p: Party, to: LegState, cause?: string): void {
    const id = this.modelLeg(p);
    const leg = id ? this.interaction.leg(id) : undefined;
    if (!leg || leg.state === to || !leg.live) return;
    this.interaction.setLegState(leg.id, to, cause);
  }

  changed(): void {
    const agentId = this.interaction.agentId;
    if (agentId) this.host.changed(agentId);
  }
}
