import { TypedEmitter, silentLogger, type Clock, type Logger } from '@switchboard/shared';
import { SYSTEM_PAUSE_REASONS } from '../workspace/types';
import type { DialPlanRefusedError } from '../dialing/errors';
import { createActivityMachine } from './activity';
import { allowedActions, dotFor, statusTextFor } from './allowed-actions';
import { ActionNotAllowedError } from './errors';
import type { AgentAuditEntry, AgentNotice, AgentSessionEvent, AgentSessionEventName, AgentSessionEvents } from './events';
import { PresenceMachine, presenceKey } from './presence';
import {
  isInteraction,
  type AgentSessionActivity,
  type AgentAllowedAction,
  type AgentCampaignInput,
  type AgentCampaignSummary,
  type AgentPauseReason,
  type AgentPresence,
  type AgentProfile,
  type AgentSessionView,
  type AgentVoiceDefaults,
} from './types';
import { VoiceLine } from './voice';
import type { VoiceConnector } from './voice-connector';

export interface AgentSessionOptions {
  clock: Clock;
  sessionId: string;
  agent: AgentProfile;
  /** Reasons the agent may pick (the workspace's list); system ids in it are dropped. */
  pauseReasons: ReadonlyArray<{ id: string; name: string }>;
  campaigns: readonly AgentCampaignInput[];
  /** Saved "Save as default" choice, or null. */
  defaults: AgentVoiceDefaults | null;
  voice: VoiceConnector;
  logger?: Logger;
  /** Subscribed before session.started (seq 1) is emitted, so nothing is missed. */
  onEvent?: (event: AgentSessionEvent) => void;
}

const SYSTEM_IDS: ReadonlySet<string> = new Set(Object.values(SYSTEM_PAUSE_REASONS).map((r) => r.id));

/** The reasons an agent may pick: the workspace's list without the system ones. */
export function selectableReasons(list: AgentSessionOptions['pauseReasons']): AgentPauseReason[] {
  return list.filter((r) => !SYSTEM_IDS.has(r.id)).map((r) => ({ id: r.id, name: r.name, system: false }));
}

export function campaignSummaries(list: AgentSessionOptions['campaigns']): AgentCampaignSummary[] {
  return list.map((c) => ({ id: c.id, name: c.name, direction: c.direction }));
}

/**
 * The state behind an AgentSession and its primitive moves: each one makes
 * one change through its machine and records one event. AgentSession (the
 * subclass) decides which moves a command or a system input makes.
 */
export abstract class AgentSessionState extends TypedEmitter<AgentSessionEvents> {
  readonly sessionId: string;
  readonly agent: AgentProfile;
  protected readonly clock: Clock;
  protected readonly connector: VoiceConnector;
  protected readonly logger: Logger;
  protected readonly reasons: AgentPauseReason[];
  protected readonly campaigns: AgentCampaignSummary[];
  protected readonly presence = new PresenceMachine();
  protected readonly voice = new VoiceLine();
  protected readonly activity = createActivityMachine();
  protected pending: AgentPauseReason | null = null;
  protected defaults: AgentVoiceDefaults | null;
  protected sinceMs: number;
  protected seqNo = 0;
  protected ended = false;
  private readonly queue: AgentSessionEvent[] = [];
  private flushing = false;
  private depth = 0;

  constructor(opts: AgentSessionOptions) {
    super();
    this.clock = opts.clock;
    this.sessionId = opts.sessionId;
    this.agent = { ...opts.agent };
    this.connector = opts.voice;
    this.logger = (opts.logger ?? silentLogger).child({ sessionId: opts.sessionId, agentId: opts.agent.id });
    this.reasons = selectableReasons(opts.pauseReasons);
    this.campaigns = campaignSummaries(opts.campaigns);
    this.defaults = opts.defaults ? { ...opts.defaults } : null;
    this.sinceMs = this.clock.now();
    // A throwing listener is logged; it must not stop the others or break the session.
    this.onListenerError((err, event) => this.logger.error({ err, event }, 'agent session listener failed'));
    if (opts.onEvent) this.on('event', opts.onEvent);
  }

  /** The sequence number of the last event (1 right after construction). */
  get seq(): number {
    return this.seqNo;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** A snapshot for a (re)connecting client: events after `seq` follow. */
  snapshot(): { seq: number; state: AgentSessionView } {
    return { seq: this.seqNo, state: this.view() };
  }

  view(): AgentSessionView {
    const presence = this.presence.value;
    const voice = this.voice.view();
    return {
      sessionId: this.sessionId,
      agent: { ...this.agent },
      presence,
      activity: this.activity.state,
      voice,
      dot: dotFor(voice.status, presence),
      statusText: statusTextFor(voice.status, presence),
      pendingPause: this.pending ? { ...this.pending } : null,
      pauseReasons: this.reasons.map((r) => ({ ...r })),
      defaults: this.defaults ? { ...this.defaults } : null,
      campaigns: this.campaigns.map((c) => ({ ...c })),
      allowed: this.allowed(),
      since: new Date(this.sinceMs).toISOString(),
    };
  }

  allowed(): AgentAllowedAction[] {
    return allowedActions({
      ended: this.ended,
      presence: this.presence.value,
      activity: this.activity.state,
      voice: this.voice.status,
      prompt: this.voice.prompt,
      pendingPause: this.pending,
      selectableReasons: this.reasons.length,
    });
  }

  protected failAttempt(reason: string): void {
    this.voice.failed(reason);
    this.record('voice.changed', { kind: 'voice', from: 'connecting', to: 'failed', detail: { reason } });
    this.syncActivityToVoice('voice-failed');
    this.notice({ level: 'error', code: 'VOICE_FAILED', message: reason });
  }

  protected guardLive(): void {
    if (this.ended) throw new ActionNotAllowedError('The session has ended', { sessionId: this.sessionId });
  }

  /** Outside an interaction, activity follows the voice path. */
  protected syncActivityToVoice(cause: string): void {
    if (isInteraction(this.activity.state)) return;
    const to = this.idleActivity();
    if (to !== this.activity.state) this.setActivity(to, cause);
  }

  protected idleActivity(): AgentSessionActivity {
    const v = this.voice.status;
    return v === 'connected' ? 'idle' : v === 'connecting' ? 'connecting-voice' : 'no-voice';
  }

  protected setActivity(to: AgentSessionActivity, cause: string): void {
    const from = this.activity.state;
    this.activity.transition(to);
    this.record('activity.changed', { kind: 'activity', from, to, detail: { cause } });
    if (isInteraction(from) && !isInteraction(to)) this.applyPending();
  }

  protected applyPending(): void {
    const reason = this.pending;
    if (!reason) return;
    const target: AgentPresence = { kind: 'paused', reason };
    if (!this.presence.is(target)) this.setPresence(target, 'pending');
    this.setPending(null, 'applied');
  }

  protected setPresence(p: AgentPresence, cause: string): void {
    const from = presenceKey(this.presence.value);
    this.presence.set(p);
    this.sinceMs = this.clock.now();
    const detail = p.kind === 'paused' ? { cause, reasonId: p.reason.id, reasonName: p.reason.name } : { cause };
    this.record('presence.changed', { kind: 'presence', from, to: presenceKey(p), detail });
  }

  protected setPending(reason: AgentPauseReason | null, cause: string): void {
    const from = this.pending?.id ?? null;
    this.pending = reason ? { ...reason } : null;
    this.record('pending-pause.changed', { kind: 'pending-pause', from, to: reason?.id ?? null, detail: { cause } });
  }

  protected setDefaults(d: AgentVoiceDefaults): void {
    const from = this.defaults?.method ?? null;
    this.defaults = { ...d };
    this.record('defaults.changed', { kind: 'defaults', from, to: d.method, detail: { ...d } });
  }

  protected require(action: AgentAllowedAction): void {
    this.guardLive();
    if (!this.allowed().includes(action)) {
      throw new ActionNotAllowedError(`"${action}" is not allowed now`, {
        action,
        activity: this.activity.state,
        voice: this.voice.status,
        presence: presenceKey(this.presence.value),
      });
    }
  }

  protected isCurrentAttempt(attemptId: number | undefined): boolean {
    if (this.ended || this.voice.status !== 'connecting') return false;
    return attemptId === undefined || attemptId === this.voice.attemptId;
  }

  // ── events ──

  protected notice(n: AgentNotice): void {
    this.record('notice', { kind: 'notice', from: null, to: n.code, detail: { level: n.level, message: n.message } }, n);
  }

  /** A refused destination: the agent's toast carries DIAL_PLAN_REFUSED; the audit row also says what and why. */
  protected refusal(err: DialPlanRefusedError, purpose: string): void {
    const n: AgentNotice = { level: 'error', code: err.code, message: err.message };
    this.record('notice', { kind: 'notice', from: null, to: n.code, detail: { level: n.level, message: n.message, purpose, ...err.details } }, n);
  }

  protected record(name: AgentSessionEventName, audit: AgentAuditEntry, notice?: AgentNotice): void {
    const event: AgentSessionEvent = {
      seq: ++this.seqNo,
      at: new Date(this.clock.now()).toISOString(),
      name,
      state: name === 'session.ended' ? null : this.view(),
      audit,
    };
    if (notice) event.notice = { ...notice };
    this.queue.push(event);
  }

  /** Runs a step, then emits what it recorded in order, even if the step threw part-way. */
  protected run(step: () => void): void {
    this.depth++;
    try {
      step();
    } finally {
      this.depth--;
      if (this.depth === 0) this.flush();
    }
  }

  private flush(): void {
    // A listener that calls back into the session only queues; the outer loop keeps the order.
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (let e = this.queue.shift(); e; e = this.queue.shift()) this.emit('event', e);
    } finally {
      this.flushing = false;
    }
  }
}
