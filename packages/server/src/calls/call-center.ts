import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CallRecordKeeper,
  DnisDirectory,
  Interaction,
  QueueJourney,
  Router,
  WorkflowRunner,
  WrapTimer,
  overflowStep,
  routingQueues,
  routingUpdateFrom,
  type AgentSessionEvent,
  type CampaignConfig,
  type InteractionCampaign,
  type RoutingOverflow,
  type WorkflowAction,
  type WorkspaceConfig,
} from '@switchboard/core';
import type { LegInfo, OriginateTarget, PlaySource } from '@switchboard/telephony';
import { newId } from '@switchboard/shared';
import { AgentOffers } from './agent-offers';
import { IvrKeys } from './ivr-keys';
import { Announcements } from './announcements';
import { storeCallbackRequest } from './callback-requests';
import type { CallCenterDeps, LiveCall } from './live-call';

export type { CallCenterDeps, LiveCall } from './live-call';

/** The campaign slice an interaction needs. */
export function interactionCampaign(c: CampaignConfig, announcementsDir: string): InteractionCampaign {
  return {
    id: c.id,
    name: c.name,
    recording: c.recording,
    bookmarks: c.bookmarks,
    announcements: c.announcements.map((a) => ({ id: a.id, name: a.name, file: resolve(announcementsDir, a.file) })),
    wrapCodes: c.wrapCodes.map((w) => ({ id: w.id, name: w.name })),
    defaultWrapCodeId: c.defaultWrapCodeId,
    autoWrapSeconds: c.autoWrapSeconds,
    extendSeconds: c.extendSeconds,
  };
}

/**
 * Inbound calls end to end on the engine: DNIS → workflow (prompts, digits) →
 * queue → Router → the agent's voice path (bridged at once with a beep when
 * it is up, rung per call otherwise) → hang-up → wrap → call record.
 */
export class CallCenter {
  readonly router: Router;
  readonly keeper: CallRecordKeeper;
  readonly calls = new Map<string, LiveCall>();
  private readonly byLeg = new Map<string, LiveCall>();
  private readonly offers: AgentOffers;
  private readonly announcements: Announcements;
  /** Rebuilt when the workspace is reloaded. */
  private dnis: { ws: WorkspaceConfig; dir: DnisDirectory } | undefined;
  /** Callers in a workflow, by their leg: keys typed ahead, collect prompts. */
  private readonly keys = new Map<string, IvrKeys>();

  constructor(private readonly d: CallCenterDeps) {
    const ws = d.workspace();
    this.router = new Router({ clock: d.clock, queues: routingQueues(ws), logger: d.logger });
    this.keeper = new CallRecordKeeper(d.records, d.clock, d.logger);
    this.offers = new AgentOffers(d, {
      calls: this.calls,
      router: this.router,
      bindLeg: (legId, call) => this.byLeg.set(legId, call),
      unbindLeg: (legId) => this.byLeg.delete(legId),
      callOfLeg: (legId) => this.byLeg.get(legId),
    });
    this.announcements = new Announcements({ engine: d.engine, logger: d.logger, started: (id, call) => this.playing.set(id, call) });
    this.router.on('offer', (o) => this.offers.onOffer(o.entryId, o.agentId));
    this.router.on('offer-withdrawn', ({ entryId, agentId }) => this.offers.onWithdrawn(entryId, agentId));
    this.router.on('overflow', (o) => this.onOverflow(o));
    d.engine.on('answered', ({ legId }) => this.offers.onLegAnswered(legId));
    d.engine.on('ended', ({ legId, cause }) => this.onLegEnded(legId, cause));
    d.engine.on('playFinished', ({ legId, playbackId }) => this.onPlayFinished(legId, playbackId));
    d.engine.on('dtmf', ({ legId, digit }) => this.keys.get(legId)?.onDigit(digit));
  }

  /** A workspace reload: the router's queues follow the file (offers it makes go out as events). */
  applyWorkspace(ws: WorkspaceConfig): void {
    this.router.applyQueues(routingQueues(ws));
  }

  /** A session changed: tell the router. */
  sessionEvent(agentId: string, e: AgentSessionEvent): void {
    if (e.name === 'session.ended' || !e.state) {
      this.router.removeAgent(agentId);
      this.d.voice.drop(agentId, 'session ended');
      return;
    }
    this.router.updateAgent(routingUpdateFrom(e.state));
  }

  /** The open interaction of an agent (offered, live or in wrap). */
  /** A change the interaction does not emit (the agent's mute): the agent's sockets get the view now. */
  publish(agentId: string): void {
    this.d.publish(agentId);
  }

  callOf(agentId: string): LiveCall | undefined {
    for (const c of this.calls.values()) if (c.interaction.agentId === agentId && !['closed', 'abandoned'].includes(c.interaction.state)) return c;
    return undefined;
  }

  /** An inbound INVITE to a DNIS: true if we took it. */
  takeInbound(leg: LegInfo): boolean {
    const ws = this.d.workspace();
    if (this.dnis?.ws !== ws) this.dnis = { ws, dir: new DnisDirectory(ws.workflows ?? [], ws.dnis ?? []) };
    const wf = this.dnis.dir.workflowFor(leg.to);
    if (!wf) return false;
    const queueIds = wf.objects.flatMap((o) => (o.type === 'queue' || o.type === 'callback' ? [o.queueId] : []));
    const queue = ws.queues.find((q) => q.id === queueIds[0]);
    const campaign = ws.campaigns.find((c) => c.id === queue?.campaignId);
    const interaction = Interaction.inbound({
      id: newId('int'),
      clock: this.d.clock,
      campaign: campaign ? interactionCampaign(campaign, this.d.announcementsDir) : null,
      customerNumber: leg.from || null,
      platformNumber: leg.to,
    });
    const call: LiveCall = {
      interaction,
      customerLegId: leg.id,
      runner: undefined,
      agentLegId: undefined,
      agentLegPerCall: false,
      wrap: undefined,
      recordingId: undefined,
      announcementPlayback: undefined,
      muted: false,
      journey: new QueueJourney(),
    };
    this.calls.set(interaction.id, call);
    this.byLeg.set(leg.id, call);
    this.keeper.track(interaction);
    interaction.on('event', () => interaction.agentId && this.d.publish(interaction.agentId));
    this.announcements.mirrorMarkers(call);
    this.keys.set(leg.id, new IvrKeys(this.d.engine, leg.id));
    call.runner = new WorkflowRunner({
      workflow: wf,
      clock: this.d.clock,
      callerNumber: leg.from || null,
      campaignOfQueue: (q) => ws.queues.find((x) => x.id === q)?.campaignId ?? null,
    });
    this.d.engine.answer(leg.id).then(
      () => this.execute(call, call.runner!.start()),
      (err: unknown) => this.d.logger.warn({ err, legId: leg.id }, 'answering an inbound call failed'),
    );
    return true;
  }

  // ---- the IVR ----

  private playing = new Map<string, LiveCall>();

  private execute(call: LiveCall, actions: WorkflowAction[]): void {
    const { engine } = this.d;
    const leg = call.customerLegId;
    for (const a of actions) {
      if (a.type === 'ivr-data') call.interaction.addIvrData(a.label, a.value);
      else if (a.type === 'play') {
        engine.play(leg, this.prompt(a.file)).then(
          (id) => this.playing.set(id, call),
          () => this.execute(call, call.runner!.promptFinished()),
        );
      } else if (a.type === 'collect') {
        const keys = this.keys.get(leg);
        const collecting = () => call.runner!.state === 'collecting';
        const collect = async (): Promise<void> => {
          if (!keys) return;
          const r = await keys.collect(a, a.prompt ? this.prompt(a.prompt) : null, collecting);
          if (r.kind === 'gone' || !collecting()) return;
          if (r.kind === 'timeout' && r.digits.length < a.minDigits) this.execute(call, call.runner!.collectTimeout(r.digits));
          else this.execute(call, call.runner!.digitsCollected(r.digits));
        };
        collect().catch((err: unknown) => this.d.logger.warn({ err }, 'collecting digits failed'));
      } else if (a.type === 'join-queue') {
        this.dropKeys(leg);
        this.joinQueue(call, a.queueId, a.priority);
      } else if (a.type === 'hangup') {
        this.dropKeys(leg);
        call.interaction.closeWithoutAgent(a.reason);
        engine.hangup(leg, 'normal');
      } else if (a.type === 'store-callback')
        storeCallbackRequest({ callbacks: this.d.callbacks, logger: this.d.logger, region: this.d.workspace().region }, call.interaction.id, a.request);
    }
  }

  /**
   * A queue the router does not know (a reload removed it while the caller was
   * in the IVR) must not throw out of the workflow: the caller is told nothing
   * better can happen and the call ends, with the reason in its record.
   */
  private joinQueue(call: LiveCall, queueId: string, priority: number): void {
    if (!this.router.accepts(queueId)) {
      this.d.logger.error({ interactionId: call.interaction.id, queueId }, 'workflow names a queue the router does not have; ending the call');
      call.interaction.closeWithoutAgent('queue unavailable');
      this.d.engine.hangup(call.customerLegId, 'normal');
      return;
    }
    // Back from an overflow flow the call is still queued: it moves, keeping its place.
    if (call.interaction.state !== 'queued') call.interaction.joinQueue(queueId);
    else if (call.interaction.queueId !== queueId) call.interaction.overflowTo(queueId);
    const journey = (call.journey ??= new QueueJourney());
    this.router.enqueue(journey.entry(call.interaction.id, queueId, priority));
  }

  /**
   * A caller waited the queue's maximum (the router let the call go): its overflow
   * action, decided in core (overflowStep), carried out here.
   */
  private onOverflow(o: RoutingOverflow): void {
    const call = this.calls.get(o.entryId);
    if (!call || call.interaction.state !== 'queued') return;
    const journey = (call.journey ??= new QueueJourney());
    journey.overflowedFrom(o);
    const ws = this.d.workspace();
    const step = overflowStep(ws, o.queueId);
    this.d.logger.info({ interactionId: o.entryId, queueId: o.queueId, waitedMs: o.waitedMs, step: step.kind }, 'queue maximum wait reached');
    if (step.kind === 'workflow') {
      try {
        call.runner = new WorkflowRunner({
          workflow: step.workflow,
          clock: this.d.clock,
          callerNumber: call.interaction.customerNumber,
          campaignOfQueue: (q) => ws.queues.find((x) => x.id === q)?.campaignId ?? null,
        });
        this.keys.set(call.customerLegId, new IvrKeys(this.d.engine, call.customerLegId));
        this.execute(call, call.runner.start());
        return;
      } catch (err) {
        this.d.logger.warn({ err, queueId: o.queueId }, 'overflow workflow failed to start: the caller keeps waiting');
      }
    }
    // A target queue a reload removed: the caller stays where they were.
    const queueId = step.kind === 'queue' && this.router.accepts(step.queueId) ? step.queueId : o.queueId;
    if (queueId !== o.queueId) call.interaction.overflowTo(queueId);
    this.router.enqueue(journey.entry(call.interaction.id, queueId));
  }

  private dropKeys(legId: string): void {
    this.keys.get(legId)?.close();
    this.keys.delete(legId);
  }

  /** A prompt: a WAV in the announcements directory, else a short tone (placeholder prompts). */
  private prompt(file: string): PlaySource {
    const path = resolve(this.d.announcementsDir, file);
    if (file && existsSync(path)) return { wav: path };
    return { tone: 440, durationMs: 300 };
  }

  private onPlayFinished(legId: string, playbackId: string): void {
    this.announcements.onPlayFinished(playbackId);
    if (this.keys.get(legId)?.onPlayFinished(playbackId)) return;
    const call = this.playing.get(playbackId);
    if (!call) return;
    this.playing.delete(playbackId);
    if (call.runner?.state === 'playing') this.execute(call, call.runner.promptFinished());
    if (call.announcementPlayback === playbackId) {
      call.announcementPlayback = undefined;
      if (call.interaction.announcement !== null) call.interaction.announcementEnded('system');
    }
  }

  /** Plays one of the campaign's announcements (announcements.ts: customer, agent copy, recording). */
  playAnnouncement(call: LiveCall, file: string): void {
    this.announcements.play(call, this.prompt(file));
  }

  /** The agent pressed Answer in the adapter (their path is already up). */
  acceptOffer(call: LiveCall, agentId: string, agentLegId: string): void {
    this.offers.acceptOffer(call, agentId, agentLegId);
  }

  /** The agent pressed Decline on a ringing call. */
  decline(call: LiveCall): void {
    this.offers.decline(call);
  }

  /** Where an agent's number is reached (set by the composition: a registered phone, else the trunk). */
  get targetFor(): (number: string) => OriginateTarget {
    return this.offers.targetFor;
  }
  set targetFor(fn: (number: string) => OriginateTarget) {
    this.offers.targetFor = fn;
  }

  private onLegEnded(legId: string, cause: string): void {
    const call = this.byLeg.get(legId);
    if (!call) return;
    this.byLeg.delete(legId);
    const i = call.interaction;
    if (legId === call.customerLegId) {
      this.dropKeys(legId);
      if (i.state === 'ivr') {
        call.runner?.callerHungUp();
        i.abandon('caller-hangup');
      } else if (i.state === 'queued' || i.state === 'offered') {
        call.runner?.callerHungUp();
        this.offers.stopWebRing(i.id);
        this.router.remove(i.id);
        i.abandon('caller-hangup');
      } else if (i.state === 'connected') this.endCall(call, 'customer-hangup');
      else if (i.state === 'dialling') this.dialEnded?.(call, cause);
      this.forgetIfDone(call);
      return;
    }
    if (legId === call.agentLegId) {
      call.agentLegId = undefined;
      if (i.state === 'offered') this.offers.offerMissed(i.id);
      else if (i.state === 'connected') this.endCall(call, 'agent-dropped');
    }
  }

  /** Manual dial's hook for a customer leg ending before answer (set by ManualDialer). */
  dialEnded: ((call: LiveCall, cause: string) => void) | undefined;

  /** The call is over for the agent: hang up the other side, release the agent leg, start the wrap. */
  endCall(call: LiveCall, cause: string): void {
    const i = call.interaction;
    if (i.state !== 'connected') return;
    const { engine } = this.d;
    if (call.recordingId) {
      engine.stopRecording(call.recordingId).catch(() => undefined);
      call.recordingId = undefined;
    }
    // Forget the legs first: a hang-up reports 'ended' synchronously.
    this.byLeg.delete(call.customerLegId);
    if (call.agentLegId) this.byLeg.delete(call.agentLegId);
    engine.hangup(call.customerLegId, 'normal');
    if (call.agentLegId) {
      if (call.agentLegPerCall) engine.hangup(call.agentLegId, 'normal');
      else {
        try {
          engine.unbridge(call.agentLegId);
        } catch {
          // already out of the bridge
        }
      }
      call.agentLegId = undefined;
    }
    i.end(cause);
    const agentId = i.agentId!;
    const session = this.d.session(agentId);
    if (!session) return;
    session.callEnded();
    call.wrap = new WrapTimer(this.d.clock, i, session);
    call.wrap.on('changed', () => this.d.publish(agentId));
    call.wrap.on('wrapped', () => this.forgetIfDone(call));
    call.wrap.start();
  }

  private forgetIfDone(call: LiveCall): void {
    if (!['closed', 'abandoned'].includes(call.interaction.state)) return;
    // Kept a little for views and the record keeper; the keeper saved the final version.
    this.d.clock.setTimeout(() => this.calls.delete(call.interaction.id), 60_000);
  }

  /** A leg of a call now reports to it. */
  bindLeg(legId: string, call: LiveCall): void {
    this.byLeg.set(legId, call);
  }

  /** Registers a live call made elsewhere (manual dial). */
  adopt(call: LiveCall): void {
    this.calls.set(call.interaction.id, call);
    if (call.customerLegId) this.byLeg.set(call.customerLegId, call);
    if (call.agentLegId) this.byLeg.set(call.agentLegId, call);
    this.keeper.track(call.interaction);
    call.interaction.on('event', () => call.interaction.agentId && this.d.publish(call.interaction.agentId));
    this.announcements.mirrorMarkers(call);
    // The session's "dialling" event went out before the call was known here: republish with it.
    if (call.interaction.agentId) this.d.publish(call.interaction.agentId);
  }

  async close(): Promise<void> {
    for (const c of this.calls.values()) c.wrap?.closeBySystem();
    await this.keeper.flush();
  }
}
