import { TypedEmitter, type Clock, type StateMachine } from '@switchboard/shared';
import { InteractionActionError, InteractionValidationError } from './errors';
import { createInteractionMachine, type InteractionState } from './interaction-state';
import type { Leg, LegRole, LegState } from './leg';
import { InteractionLegs } from './interaction-legs';
import { Recording, type RecordingMarker } from './recording';
import type { TransferStep, TransferredFromInfo } from './transfer-steps';
import type { InteractionCampaign, InteractionDirection, InteractionNote, InteractionTimes, InteractionView, IvrDataEntry, WrapInfo } from './types';
import type { HandedOnOptions, InteractionEventName, InteractionEvents, InteractionOptions } from './interaction-options';

export type { HandedOnOptions, InteractionEvent, InteractionEventName, InteractionEvents, InteractionOptions } from './interaction-options';

const MAX_NOTE_CHARS = 10_000;
const MAX_IVR_VALUE_CHARS = 256;

/**
 * One interaction: a set of legs (customer, agent, later third parties and a
 * supervisor), the state machine in interaction-state.ts, and what the agent
 * and the call record see (IVR data, queue times, notes, recording, markers,
 * wrap). Pure: the server drives it from telephony and routing, and saves a
 * call record on every event.
 */
export class Interaction extends TypedEmitter<InteractionEvents> {
  readonly id: string;
  readonly direction: InteractionDirection;
  readonly campaign: InteractionCampaign | null;
  readonly customerNumber: string | null;
  readonly platformNumber: string | null;
  readonly recording: Recording;
  private readonly clock: Clock;
  private readonly machine: StateMachine<InteractionState>;
  private readonly legs: InteractionLegs;
  private readonly ivr: IvrDataEntry[] = [];
  private readonly noteList: InteractionNote[] = [];
  private readonly times: InteractionTimes;
  private agent: string | null;
  private queue: string | null = null;
  private announcementName: string | null = null;
  private cause: string | null = null;
  private readonly stepList: TransferStep[] = [];
  private from: TransferredFromInfo | null = null;
  private readonly wrapInfo: WrapInfo = { outcomeId: null, deadline: null, extended: false, by: null, startedAt: null, wrappedAt: null };

  /** An inbound call: starts in the IVR with the customer's leg up. */
  static inbound(opts: Omit<InteractionOptions, 'direction' | 'agentId'>): Interaction {
    return new Interaction({ ...opts, direction: 'IN', agentId: null });
  }

  /** An outbound call: starts dialling, with the agent's leg up and the customer's ringing. */
  static outbound(opts: Omit<InteractionOptions, 'direction'>): Interaction {
    return new Interaction({ ...opts, direction: 'OUT' });
  }

  /**
   * The receiving agent's part of a call another agent hands on: offered to them at once (no
   * IVR, no queue), with the caller's IVR data and who handed it on.
   */
  static handedOn(opts: HandedOnOptions): Interaction {
    const i = new Interaction({ ...opts, agentId: opts.agentId }, 'offered');
    i.receivedFrom(opts.transferredFrom, opts.ivrData);
    i.times.offeredAt = i.times.createdAt;
    if (opts.customerHeld) {
      const c = i.customerLeg();
      if (c) i.legs.move(c, 'held');
    }
    return i;
  }

  private constructor(opts: InteractionOptions, initial?: InteractionState) {
    super();
    this.id = opts.id;
    this.clock = opts.clock;
    this.direction = opts.direction;
    this.campaign = opts.campaign;
    this.customerNumber = opts.customerNumber;
    this.platformNumber = opts.platformNumber;
    this.agent = opts.agentId ?? null;
    this.recording = new Recording(opts.campaign?.recording ?? 'off');
    this.legs = new InteractionLegs(opts.id, this.clock, (name, detail) => this.emitEvent(name, detail));
    const now = this.clock.now();
    this.times = { createdAt: now, leftIvrAt: null, enteredQueueAt: null, offeredAt: null, answeredAt: null, endedAt: null, closedAt: null };
    this.machine = createInteractionMachine(opts.id, initial ?? (opts.direction === 'IN' ? 'ivr' : 'dialling'));
    if (initial === 'offered') {
      this.legs.add('customer', null, opts.customerNumber, 'connected');
    } else if (opts.direction === 'IN') {
      this.legs.add('customer', null, opts.customerNumber, 'connected');
    } else {
      if (this.agent) this.legs.add('agent', this.agent, null, 'connected');
      this.legs.add('customer', null, opts.customerNumber, 'connecting');
    }
  }

  get state(): InteractionState {
    return this.machine.state;
  }

  get agentId(): string | null {
    return this.agent;
  }

  get queueId(): string | null {
    return this.queue;
  }

  get announcement(): string | null {
    return this.announcementName;
  }

  get wrap(): Readonly<WrapInfo> {
    return this.wrapInfo;
  }

  /** A live call: someone can hear someone (connected, customer leg not ended). */
  get live(): boolean {
    return this.state === 'connected';
  }

  /** The customer's leg (the latest: a caller who came back after a failed transfer has a new one). */
  customerLeg(): Leg | undefined {
    return this.legs.customer();
  }

  /** This interaction's own agent's live leg (other agents in a consult or conference are parties). */
  agentLeg(): Leg | undefined {
    return this.legs.liveAgent(this.agent);
  }

  get transferredFrom(): TransferredFromInfo | null {
    return this.from;
  }

  get steps(): readonly TransferStep[] {
    return this.stepList;
  }

  /** One step of a transfer, consult or conference (in the record, and an event on the stream). */
  transferStep(s: Omit<TransferStep, 'at'>): void {
    const step: TransferStep = { ...s, at: this.clock.now() };
    this.stepList.push(step);
    this.emitEvent('transfer.changed', { ...step });
  }

  /** A supervisor's listen / whisper / barge step: in the record (the keeper saves it), not on the agent's stream. */
  monitorStep(s: Omit<TransferStep, 'at' | 'kind' | 'to'>): void {
    const step: TransferStep = { ...s, kind: 'monitor', to: null, at: this.clock.now() };
    this.stepList.push(step);
    this.emitEvent('monitor.changed', { ...step });
  }

  /** A caller an agent handed on to a workflow or a queue: who sent them, and the IVR data so far. */
  receivedFrom(from: TransferredFromInfo, ivrData: readonly IvrDataEntry[]): void {
    this.from = { ...from };
    for (const e of ivrData) this.ivr.push({ ...e });
    this.transferStep({ step: 'received', kind: from.kind, to: null, by: from.agentId, detail: { fromInteraction: from.interactionId } });
  }

  /** The caller is back with this agent (callReturned): a new customer leg, and the agent's. */
  customerReturned(): void {
    this.legs.add('customer', null, this.customerNumber, 'connected');
    if (this.agent) this.legs.add('agent', this.agent, null, 'connected');
  }

  /** Another party joined this call (a consulted agent or number, a conference guest). */
  addParty(role: LegRole, agentId: string | null, number: string | null): Leg {
    if (this.state === 'closed' || this.state === 'abandoned') throw new InteractionActionError('The interaction is closed');
    return this.legs.add(role, agentId, number, 'connected');
  }

  /**
   * A blind transfer failed and the caller came back while the agent was still wrapping this
   * call: the same interaction is live again (the wrap countdown is dropped by its owner).
   */
  callReturned(): void {
    this.move('connected', { cause: 'transfer-returned' });
    this.times.endedAt = null;
    this.cause = null;
    Object.assign(this.wrapInfo, { deadline: null, extended: false, startedAt: null });
  }

  leg(id: string): Leg | undefined {
    return this.legs.get(id);
  }

  // ── IVR and queue ──

  addIvrData(label: string, value: string): void {
    const l = String(label ?? '').trim();
    if (!l) throw new InteractionValidationError('An IVR data entry needs a label');
    const entry = { label: l, value: String(value ?? '').slice(0, MAX_IVR_VALUE_CHARS), at: this.clock.now() };
    this.ivr.push(entry);
    this.emitEvent('ivr.data', { ...entry });
  }

  joinQueue(queueId: string): void {
    this.move('queued', { queueId });
    const now = this.clock.now();
    this.queue = queueId;
    this.times.leftIvrAt ??= now;
    this.times.enteredQueueAt ??= now;
  }

  /**
   * The queue's maximum wait ran out and its overflow action moved the call to
   * another queue: still queued, its enqueue time kept (for reporting).
   */
  overflowTo(queueId: string): void {
    if (this.state !== 'queued') throw new InteractionActionError(`Cannot move a ${this.state} call to another queue`);
    const from = this.queue;
    this.queue = queueId;
    this.emitEvent('queue.changed', { from, to: queueId });
  }

  offer(agentId: string): void {
    this.move('offered', { agentId });
    this.agent = agentId;
    this.times.offeredAt = this.clock.now();
  }

  /** The offer was not taken (ring-no-answer, declined): back to the queue; the entry keeps its position. */
  offerReturned(cause: string): void {
    this.move('queued', { cause, agentId: this.agent });
    this.agent = null;
  }

  /** The agent accepted (inbound); the agent's leg joins connected. */
  answer(agentId: string): void {
    if (this.state === 'offered' && this.agent !== agentId) {
      throw new InteractionActionError(`The call was offered to another agent`, { agentId });
    }
    this.move('connected', { agentId });
    this.agent = agentId;
    this.times.answeredAt = this.clock.now();
    this.legs.add('agent', agentId, null, 'connected');
  }

  /** Outbound: the customer answered. */
  customerAnswered(): void {
    this.move('connected', {});
    this.times.answeredAt = this.clock.now();
    const c = this.customerLeg();
    if (c?.state === 'connecting') this.legs.move(c, 'connected');
  }

  /** Outbound: the dial failed (cause: no-answer, busy, invalid-number, rejected, network, cancelled). */
  dialFailed(cause: string): void {
    this.cause = cause;
    this.move('failed', { cause });
    this.legs.endLive(cause);
    this.times.endedAt = this.clock.now();
  }

  /** The caller hung up before an agent took the call (in the IVR, the queue, or while ringing). */
  abandon(cause = 'abandoned'): void {
    this.cause = cause;
    this.move('abandoned', { cause });
    this.legs.endLive(cause);
    this.times.endedAt = this.times.closedAt = this.clock.now();
  }

  /** A call handed on to this agent was not taken (missed, declined, withdrawn by the sender). */
  notTaken(cause: string): void {
    this.cause = cause;
    this.move('closed', { cause });
    this.legs.endLive(cause);
    const now = this.clock.now();
    this.times.endedAt = now;
    this.times.closedAt = now;
  }

  /** Closes without an agent: hang-up object, callback stored, caller left the IVR. */
  closeWithoutAgent(cause: string): void {
    if (!['ivr', 'queued', 'failed'].includes(this.state)) throw new InteractionActionError(`Cannot close a ${this.state} interaction without wrap`);
    this.cause ??= cause;
    this.move('closed', { cause });
    this.legs.endLive(cause);
    const now = this.clock.now();
    this.times.endedAt ??= now;
    this.times.closedAt = now;
  }

  // ── legs ──

  /** Hold or resume the customer (or any leg by id). */
  setLegState(legId: string, to: LegState, cause?: string): void {
    const leg = this.legs.get(legId);
    if (!leg) throw new InteractionValidationError(`No leg "${legId}" in this interaction`, { legId });
    this.legs.move(leg, to, cause);
  }

  hold(): void {
    const c = this.customerLeg();
    if (!this.live || c?.state !== 'connected') throw new InteractionActionError('Only a connected customer can be held');
    this.legs.move(c, 'held');
  }

  resume(): void {
    const c = this.customerLeg();
    if (!this.live || c?.state !== 'held') throw new InteractionActionError('The customer is not on hold');
    this.legs.move(c, 'connected');
  }

  addThirdParty(number: string, role: Extract<LegRole, 'third-party' | 'supervisor'> = 'third-party', agentId: string | null = null): Leg {
    if (!this.live) throw new InteractionActionError('Third parties join only a connected call');
    return this.legs.add(role, agentId, number, 'connecting');
  }

  /**
   * The conversation is over for this agent (customer or agent hung up, they left a conference
   * or handed the call on): their legs end, the agent wraps. Legs in `goingOn` stay as they are
   * (parties still talking after this agent left): the room ends them later, with their time.
   */
  end(cause: string, goingOn: ReadonlySet<string> = new Set()): void {
    this.cause = cause;
    this.move('wrap', { cause });
    this.legs.endLive(cause, goingOn);
    const now = this.clock.now();
    this.times.endedAt = now;
    this.announcementName = null;
  }

  // ── agent's tools ──

  setNotes(text: string, by: string): void {
    const t = String(text ?? '');
    if (t.length > MAX_NOTE_CHARS) throw new InteractionValidationError(`Notes are limited to ${MAX_NOTE_CHARS} characters`);
    if (this.state === 'closed' || this.state === 'abandoned') throw new InteractionActionError('The interaction is closed');
    this.noteList.splice(0, this.noteList.length, { text: t, by, at: this.clock.now() });
    this.emitEvent('notes.changed', { length: t.length, by });
  }

  startRecording(file: string | null): void {
    this.recording.start(this.clock.now(), file);
    this.emitEvent('recording.changed', { state: 'recording', file });
  }

  pauseRecording(by: string): void {
    this.recording.pause(this.clock.now(), by);
    this.emitEvent('recording.changed', { state: 'paused', by });
  }

  resumeRecording(by: string): void {
    this.recording.resume(this.clock.now(), by);
    this.emitEvent('recording.changed', { state: 'recording', by });
  }

  /** A manual bookmark ("Manual"): only while recording, and only if the campaign enables bookmarks. */
  bookmark(by: string): RecordingMarker {
    if (!this.campaign?.bookmarks) throw new InteractionActionError("Bookmarks are not enabled for this call's campaign");
    const m = this.recording.mark('manual', 'Manual', this.clock.now(), by);
    this.emitEvent('marker.added', { ...m });
    return m;
  }

  /** Starts one of the campaign's announcements; returns its file for the engine to play. */
  announcementStarted(announcementId: string, by: string): { id: string; name: string; file: string } {
    if (!this.live) throw new InteractionActionError('Announcements play only during a connected call');
    if (this.announcementName !== null) throw new InteractionActionError('An announcement is already playing');
    const a = this.campaign?.announcements.find((x) => x.id === announcementId);
    if (!a) throw new InteractionValidationError(`"${announcementId}" is not one of this campaign's announcements`, { announcementId });
    this.announcementName = a.name;
    const m = this.recording.markIfStarted('announcement-start', a.name, this.clock.now(), by);
    this.emitEvent('announcement.changed', { playing: a.name, by });
    if (m) this.emitEvent('marker.added', { ...m });
    return { ...a };
  }

  /** The announcement finished or was stopped; no-op when none plays. */
  announcementEnded(by: string): void {
    const name = this.announcementName;
    if (name === null) return;
    this.announcementName = null;
    const m = this.recording.markIfStarted('announcement-end', name, this.clock.now(), by);
    this.emitEvent('announcement.changed', { playing: null, ended: name, by });
    if (m) this.emitEvent('marker.added', { ...m });
  }

  // ── wrap (the WrapTimer drives these) ──

  wrapStarted(deadline: number | null): void {
    if (this.state !== 'wrap' && this.state !== 'failed') throw new InteractionActionError(`Nothing to wrap in state ${this.state}`);
    if (this.state === 'failed') this.move('wrap', { cause: this.cause });
    this.wrapInfo.startedAt = this.clock.now();
    this.wrapInfo.deadline = deadline;
    this.emitEvent('wrap.changed', { deadline, extended: false });
  }

  wrapExtended(deadline: number): void {
    this.wrapInfo.deadline = deadline;
    this.wrapInfo.extended = true;
    this.emitEvent('wrap.changed', { deadline, extended: true });
  }

  /** Records the outcome and closes. */
  wrapped(outcomeId: string | null, by: 'agent' | 'auto' | 'system'): void {
    if (this.state !== 'wrap') throw new InteractionActionError(`Nothing to wrap in state ${this.state}`);
    this.move('closed', { outcomeId, by });
    const now = this.clock.now();
    Object.assign(this.wrapInfo, { outcomeId, by, wrappedAt: now });
    this.times.closedAt = now;
    this.emitEvent('wrap.changed', { outcomeId, by });
  }

  view(): InteractionView {
    const { answeredAt, leftIvrAt } = this.times;
    return {
      id: this.id,
      direction: this.direction,
      state: this.state,
      campaignId: this.campaign?.id ?? null,
      campaignName: this.campaign?.name ?? null,
      queueId: this.queue,
      customerNumber: this.customerNumber,
      platformNumber: this.platformNumber,
      agentId: this.agent,
      legs: this.legs.views(),
      ivrData: this.ivr.map((e) => ({ ...e })),
      times: { ...this.times },
      timeInQueueMs: answeredAt !== null && leftIvrAt !== null ? answeredAt - leftIvrAt : null,
      notes: this.noteList.map((n) => ({ ...n })),
      recording: this.recording.view(),
      wrap: { ...this.wrapInfo },
      endCause: this.cause,
      announcement: this.announcementName,
      transferredFrom: this.from ? { ...this.from } : null,
      steps: this.stepList.map((x) => ({ ...x })),
    };
  }

  // ── internals ──

  private move(to: InteractionState, detail: Record<string, unknown>): void {
    const from = this.machine.state;
    this.machine.transition(to);
    this.emitEvent('state.changed', { from, to, ...detail });
  }

  private emitEvent(name: InteractionEventName, detail: Record<string, unknown>): void {
    this.emit('event', { name, at: this.clock.now(), interactionId: this.id, detail });
  }
}
