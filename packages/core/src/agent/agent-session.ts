import { IllegalTransitionError } from '@switchboard/shared';
import { DialPlanRefusedError } from '../dialing/errors';
import { cleanReason, failureReason, parseConnectVoice, VOICE_METHOD_LABELS } from './connect-voice-input';
import { AgentValidationError, UnknownPauseReasonError } from './errors';
import { AUTO_PAUSE_REASON } from './presence';
import { AgentSessionState, campaignSummaries, selectableReasons, type AgentSessionOptions } from './session-state';
import { isInteraction, type AgentSessionActivity, type AgentCommand, type AgentPresence, type AgentSessionView } from './types';
import type { VoiceConnectResult } from './voice-connector';
import type { AgentNotice } from './events';

export type { AgentSessionOptions };

/** Where a failed dial leaves the agent (see ACTIVITY_TRANSITIONS). */
export type DialFailedNext = 'idle' | 'previewing' | 'wrap';
export type OfferEndCause = 'declined' | 'missed' | 'withdrawn';

const PREDICTIVE_REMINDER = 'You have been assigned to an outbound predictive campaign. You will not receive any calls from these campaigns in a non-persistent connection.';

/**
 * One agent's logged-in session: the two layers of state (presence, what the
 * agent chose; activity, what the system is doing) plus the voice path, the
 * pending-pause slot and the saved voice defaults. Commands come in through
 * apply(); the server reports telephony and routing through the system
 * inputs. Every change is one `event` with the next sequence number.
 *
 * Decisions (README "Agent session" has the why):
 * - login starts paused "Not Ready", voice none, Phone Connection prompt up;
 *   connecting never changes presence: the agent chooses Available.
 * - a pause chosen during an interaction waits in one pending slot and applies
 *   when the interaction ends (wrapped, declined, missed, preview ended);
 *   Available chosen then applies at once and empties the slot.
 * - sign-out is refused while a call rings, is live, is being dialled or
 *   waits to be wrapped; forceEnd() exists for the server.
 */
export class AgentSession extends AgentSessionState {
  constructor(opts: AgentSessionOptions) {
    super(opts);
    this.run(() => {
      this.record('session.started', { kind: 'session', from: null, to: 'started', detail: { username: this.agent.username } });
      if (opts.campaigns.some((c) => c.dialMode === 'predictive')) {
        this.notice({ level: 'warning', code: 'PREDICTIVE_NEEDS_PERSISTENT', message: PREDICTIVE_REMINDER });
      }
    });
  }

  /**
   * Applies an agent's command or throws a SwitchboardError (ACTION_NOT_ALLOWED,
   * UNKNOWN_PAUSE_REASON, VALIDATION_FAILED) without changing anything.
   */
  apply(command: AgentCommand): { seq: number; state: AgentSessionView | null } {
    this.run(() => {
      switch (command?.type) {
        case 'connect-voice':
          return this.connectVoice(command);
        case 'skip-voice':
          return this.skipVoice();
        case 'disconnect-voice':
          return this.disconnectVoice();
        case 'set-available':
          return this.setAvailable();
        case 'pause':
          return this.pause(command.reasonId);
        case 'clear-pending':
          this.require('clear-pending');
          return this.setPending(null, 'cleared');
        case 'sign-out':
          this.require('sign-out');
          return this.end('sign-out');
        default:
          throw new AgentValidationError(`Unknown command "${String((command as { type?: unknown } | null)?.type)}"`);
      }
    });
    return { seq: this.seqNo, state: this.ended ? null : this.view() };
  }

  // ── system inputs: voice (race-tolerant: a stale report is ignored, returns false) ──

  /** The voice path is up. `attemptId` (from the connect request) guards against a stale report. */
  voiceConnected(attemptId?: number): boolean {
    if (!this.isCurrentAttempt(attemptId)) return false;
    this.run(() => {
      const a = this.voice.current;
      this.voice.connected();
      this.record('voice.changed', { kind: 'voice', from: 'connecting', to: 'connected', detail: { ...a } });
      this.syncActivityToVoice('voice-connected');
      const how = a ? `${VOICE_METHOD_LABELS[a.method]}${a.persistent ? ', persistent' : ''}` : '';
      this.notice({ level: 'success', code: 'VOICE_CONNECTED', message: `Voice connected${how ? ` (${how})` : ''}` });
    });
    return true;
  }

  /** The attempt failed; the agent sees `reason` and may try again or skip. */
  voiceFailed(reason: string, attemptId?: number): boolean {
    if (!this.isCurrentAttempt(attemptId)) return false;
    this.run(() => this.failAttempt(cleanReason(reason, 'The voice connection failed')));
    return true;
  }

  /** A connected voice path went away (the agent hung up, the network dropped). */
  voiceDropped(reason?: string): boolean {
    if (this.ended) return false;
    if (this.voice.status === 'connecting') return this.voiceFailed(reason ?? 'The phone call ended before it connected');
    if (this.voice.status !== 'connected') return false;
    this.run(() => {
      const text = cleanReason(reason, 'The voice connection dropped');
      this.voice.none();
      this.record('voice.changed', { kind: 'voice', from: 'connected', to: 'none', detail: { cause: 'dropped', reason: text } });
      const a = this.activity.state;
      // A live call still needs its outcome; anything else not yet answered is given up.
      if (a === 'on-call') this.setActivity('wrap', 'voice-dropped');
      else if (a !== 'wrap') this.setActivity('no-voice', 'voice-dropped');
      this.notice({ level: 'warning', code: 'VOICE_DROPPED', message: `${text}. Connect Voice to take calls again.` });
    });
    return true;
  }

  // ── system inputs: presence ──

  /** Manual section 4: a call was allocated and not answered in time. Replaces any presence. */
  autoPause(): boolean {
    if (this.ended || this.presence.is({ kind: 'paused', reason: AUTO_PAUSE_REASON })) return false;
    this.run(() => {
      this.setPresence({ kind: 'paused', reason: AUTO_PAUSE_REASON }, 'system');
      this.notice({
        level: 'warning',
        code: 'AUTO_PAUSED',
        message: 'You missed a call and were paused (Auto Pause). Set yourself Available to receive calls.',
      });
    });
    return true;
  }

  // ── system inputs: the interaction (a forbidden move throws IllegalTransitionError) ──

  callOffered(): void {
    this.systemMove(['idle'], 'offered', 'call-offered');
  }

  /** An offered call (inbound) or a dialled one (outbound) was answered. */
  callAnswered(): void {
    this.systemMove(['offered', 'dialling'], 'on-call', 'call-answered');
  }

  /** The offer ended unanswered; a missed offer auto-pauses unless a pause was pending. */
  offerEnded(cause: OfferEndCause): void {
    const hadPending = this.pending !== null;
    this.systemMove(['offered'], 'idle', `offer-${cause}`, () => {
      // Issue 4 / manual §4: a call not answered (declined or rung out) on a non-persistent line auto-pauses.
      if (cause !== 'withdrawn' && !hadPending) this.autoPause();
    });
  }

  callEnded(): void {
    this.systemMove(['on-call'], 'wrap', 'call-ended');
  }

  /** A failed blind transfer brought the caller back while the agent still wrapped that call. */
  callReturned(): void {
    this.systemMove(['wrap'], 'on-call', 'call-returned');
  }

  /**
   * A step of a transfer, consult or conference this agent is part of: an ordered event on their
   * stream (a CRM follows it), with a toast when it needs their attention (a failure).
   */
  transferStep(detail: Record<string, unknown>, notice?: AgentNotice): void {
    if (this.ended) return;
    this.run(() => this.record('transfer.changed', { kind: 'transfer', from: null, to: String(detail.step ?? ''), detail }, notice));
  }

  /** The call was wrapped (by the agent or auto-wrap); the pending pause applies now. */
  wrapDone(): void {
    this.systemMove(['wrap'], this.idleActivity(), 'wrapped');
  }

  previewStarted(): void {
    this.systemMove(['idle'], 'previewing', 'preview-started');
  }

  /** The preview ended without a dial (skipped, timed out, lead withdrawn). */
  previewEnded(): void {
    this.systemMove(['previewing'], 'idle', 'preview-ended');
  }

  dialStarted(): void {
    this.systemMove(['idle', 'previewing'], 'dialling', 'dial-started');
  }

  /** An outbound attempt failed (no answer, busy, invalid number): a toast (`code`, one per cause), then `next`. */
  dialFailed(reason: string, next: DialFailedNext = 'idle', code = 'DIAL_FAILED'): void {
    if (!['idle', 'previewing', 'wrap'].includes(next)) throw new AgentValidationError(`Unknown next activity "${String(next)}"`);
    this.systemMove(['dialling'], next, 'dial-failed', () => this.notice({ level: 'error', code, message: cleanReason(reason, 'The call could not be connected') }));
  }

  /**
   * The dial plan refused a call placed for this agent (manual dial, call me, an offer rung to
   * their phone): the agent is told with the error's code and the refusal is in the audit.
   */
  callRefused(err: DialPlanRefusedError, purpose: string): void {
    if (this.ended) return;
    this.run(() => this.refusal(err, purpose));
  }

  /**
   * The workspace was reloaded: the agent's pause reasons and campaigns now are these. A pending
   * pause whose reason is gone is cleared; a pause already in effect stays as it is (it was
   * chosen). One notice tells the agent; nothing happens when nothing changed. False if ended
   * or unchanged.
   */
  updateWorkspace(opts: Pick<AgentSessionOptions, 'pauseReasons' | 'campaigns'>): boolean {
    if (this.ended) return false;
    const reasons = selectableReasons(opts.pauseReasons);
    const campaigns = campaignSummaries(opts.campaigns);
    if (JSON.stringify(reasons) === JSON.stringify(this.reasons) && JSON.stringify(campaigns) === JSON.stringify(this.campaigns)) return false;
    this.run(() => {
      this.reasons.splice(0, this.reasons.length, ...reasons);
      this.campaigns.splice(0, this.campaigns.length, ...campaigns);
      if (this.pending && !reasons.some((r) => r.id === this.pending!.id)) this.setPending(null, 'reason-removed');
      this.notice({ level: 'info', code: 'WORKSPACE_UPDATED', message: 'Your pause reasons and campaigns were updated by an administrator.' });
    });
    return true;
  }

  /** Ends the session whatever it is doing (token revoked, taken over, shutdown). */
  forceEnd(reason: string): boolean {
    if (this.ended) return false;
    this.run(() => this.end(cleanReason(reason, 'ended')));
    return true;
  }

  // ── commands ──

  private connectVoice(cmd: Extract<AgentCommand, { type: 'connect-voice' }>): void {
    this.require('connect-voice');
    const attempt = parseConnectVoice(cmd);
    if (attempt.method === 'call-me' && attempt.number !== null && this.connector.prepareNumber) {
      try {
        attempt.number = this.connector.prepareNumber(this.agent.id, attempt.number);
      } catch (err) {
        if (err instanceof DialPlanRefusedError) this.refusal(err, 'call-me');
        throw err;
      }
    }
    if (cmd.saveAsDefault === true) this.setDefaults({ ...attempt });
    const from = this.voice.status;
    const attemptId = this.voice.connecting(attempt);
    this.voice.prompt = true;
    this.record('voice.changed', { kind: 'voice', from, to: 'connecting', detail: { ...attempt, attemptId } });
    this.syncActivityToVoice('connect-voice');
    let result: VoiceConnectResult | PromiseLike<VoiceConnectResult>;
    try {
      result = this.connector.connect({ sessionId: this.sessionId, agentId: this.agent.id, attemptId, ...attempt });
    } catch (err) {
      this.logger.warn({ err }, 'voice connector threw');
      return this.failAttempt(failureReason(err));
    }
    if (isThenable(result)) {
      result.then(
        (r) => this.lateResult(attemptId, r),
        (err: unknown) => {
          this.logger.warn({ err }, 'voice connector rejected');
          this.lateResult(attemptId, { kind: 'failed', reason: failureReason(err) });
        },
      );
    } else {
      this.onConnectResult(attemptId, result);
    }
  }

  /** An answer that arrives after apply() returned; nothing it does may become an unhandled rejection. */
  private lateResult(attemptId: number, r: VoiceConnectResult): void {
    try {
      this.run(() => this.onConnectResult(attemptId, r));
    } catch (err) {
      this.logger.error({ err }, 'applying the voice connector answer failed');
    }
  }

  private onConnectResult(attemptId: number, r: VoiceConnectResult): void {
    if (!this.isCurrentAttempt(attemptId)) return;
    switch (r?.kind) {
      case 'awaiting-call-in': {
        this.voice.awaitingCallIn({ dialNumber: r.dialNumber, agentNumber: r.agentNumber, pin: r.pin });
        // The PIN is on the agent's screen (state) but never in the audit.
        this.record('voice.changed', { kind: 'voice', from: 'connecting', to: 'connecting', detail: { awaiting: 'call-in', dialNumber: r.dialNumber } });
        return this.notice({
          level: 'info',
          code: 'VOICE_CALL_IN',
          message: `Call ${r.dialNumber}, then key in agent ID ${r.agentNumber} and your PIN when asked.`,
        });
      }
      case 'dialling':
        return this.notice({ level: 'info', code: 'VOICE_DIALLING', message: `Calling you on ${this.voice.current?.number ?? 'your phone'}…` });
      case 'awaiting-web':
        return;
      case 'failed':
        return this.failAttempt(cleanReason(r.reason, 'The voice connection could not be set up'));
      default:
        this.logger.error({ result: r }, 'voice connector answered with an unknown result');
        return this.failAttempt('The voice connection could not be set up');
    }
  }

  private skipVoice(): void {
    this.require('skip-voice');
    const from = this.voice.status;
    if (from === 'connecting' || from === 'failed') this.dropAttempt(from === 'connecting');
    this.voice.prompt = false;
    this.record('voice.changed', { kind: 'voice', from, to: 'none', detail: { cause: 'skipped' } });
    this.syncActivityToVoice('voice-skipped');
  }

  private disconnectVoice(): void {
    this.require('disconnect-voice');
    const from = this.voice.status;
    this.dropAttempt(true);
    this.record('voice.changed', { kind: 'voice', from, to: 'none', detail: { cause: from === 'connecting' ? 'cancelled' : 'disconnected' } });
    this.syncActivityToVoice('voice-disconnected');
  }

  private setAvailable(): void {
    this.require('set-available');
    if (this.presence.kind === 'paused') this.setPresence({ kind: 'available' }, 'agent');
    if (this.pending) this.setPending(null, 'replaced-by-available');
  }

  private pause(reasonId: string): void {
    this.require('pause');
    const reason = this.reasons.find((r) => r.id === reasonId);
    if (!reason) throw new UnknownPauseReasonError(String(reasonId));
    const target: AgentPresence = { kind: 'paused', reason };
    if (!isInteraction(this.activity.state)) return this.presence.is(target) ? undefined : this.setPresence(target, 'agent');
    // Mid-interaction: the choice waits. Choosing what presence already is empties the slot.
    if (this.presence.is(target)) return this.pending ? this.setPending(null, 'same-as-current') : undefined;
    if (this.pending?.id !== reason.id) this.setPending(reason, 'agent');
  }

  // ── moves only commands make ──

  private end(reason: string): void {
    const from = this.voice.status;
    if (from === 'connecting' || from === 'connected') {
      this.dropAttempt(true);
      this.record('voice.changed', { kind: 'voice', from, to: 'none', detail: { cause: 'session-ended' } });
    }
    this.ended = true;
    this.record('session.ended', { kind: 'session', from: this.activity.state, to: 'ended', detail: { reason } });
  }

  /** Forgets the current attempt; tells the connector when something may be up. */
  private dropAttempt(tellConnector: boolean): void {
    const attemptId = this.voice.attemptId;
    const live = this.voice.status === 'connecting' || this.voice.status === 'connected';
    this.voice.none();
    if (!tellConnector || !live) return;
    try {
      this.connector.disconnect({ sessionId: this.sessionId, agentId: this.agent.id, attemptId });
    } catch (err) {
      this.logger.warn({ err }, 'voice connector failed to disconnect');
    }
  }

  /**
   * A move the server reports. `from` narrows the table to the hook's meaning
   * (e.g. wrapDone only ends a wrap); anything else is an IllegalTransitionError.
   */
  private systemMove(from: readonly AgentSessionActivity[], to: AgentSessionActivity, cause: string, after?: () => void): void {
    this.guardLive();
    const current = this.activity.state;
    if (!from.includes(current) || !this.activity.can(to)) throw new IllegalTransitionError('activity', current, to);
    this.run(() => {
      this.setActivity(to, cause);
      after?.();
    });
  }
}

function isThenable<T>(v: T | PromiseLike<T>): v is PromiseLike<T> {
  return typeof (v as { then?: unknown } | null)?.then === 'function';
}
