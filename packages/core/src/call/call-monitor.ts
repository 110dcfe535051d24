import type { StateMachine } from '@switchboard/shared';
import { InteractionActionError } from '../interaction/errors';
import type { ConnectedCall } from './connected-call';
import { MONITOR_STATE_OF, monitorMachine, type MonitorMode, type MonitorState } from './monitor-state';
import type { PortLeg } from './telephony-port';

/** How long the supervisor's phone rings before monitoring is given up. */
export const MONITOR_RING_MS = 30_000;

/** The supervisor's voice path: call me at a number (the server has checked it), or a Web Connect leg already up. */
export type MonitorVoice = { kind: 'call-me'; number: string } | { kind: 'web'; leg: PortLeg };

export interface MonitorRequest {
  supervisorId: string;
  supervisorName: string;
  mode: MonitorMode;
  voice: MonitorVoice;
}

export interface MonitorView {
  interactionId: string;
  agentId: string;
  supervisorId: string;
  supervisorName: string;
  /** The mode asked for (while `calling`, the one taken once the phone answers). */
  mode: MonitorMode;
  state: MonitorState;
  voice: MonitorVoice['kind'];
  /** The number rung (call me); null for Web Connect. */
  number: string | null;
  /** Epoch ms: when it was asked for. */
  since: number;
  /** Why it ended (`stopped`, `supervisor-hangup`, `call-ended`, `no-answer`, `dial-failed`). */
  endCause: string | null;
  /** Changes so far: of two views of one monitoring the higher is newer (a REST answer and the floor stream race). */
  rev: number;
}

/**
 * A supervisor listening to, whispering to or barging into one agent's live call (manual 17).
 * The supervisor's phone is dialled (call me); once it answers its leg joins the call's bridge
 * with an audience by mode: listen, heard by nobody; whisper, by the agent alone; barge, by
 * everyone. The supervisor always hears both sides. The call's parties are untouched: the
 * supervisor hanging up leaves the call as it was, the call ending hangs the supervisor up.
 * Every step goes in the interaction's record (who, mode, when). States: MONITOR_TRANSITIONS.
 */
export class CallMonitor {
  readonly sm: StateMachine<MonitorState>;
  readonly since: number;
  mode: MonitorMode;
  endCause: string | null = null;
  private rev = 0;
  private leg: PortLeg | undefined;
  private inRoom = false;

  constructor(
    private readonly call: ConnectedCall,
    readonly req: MonitorRequest,
    /** Told after every change (the floor shows who monitors which call, and how). */
    private readonly changed: (m: CallMonitor) => void,
  ) {
    this.sm = monitorMachine(call.interaction.id);
    this.since = call.host.clock.now();
    this.mode = req.mode;
  }

  get state(): MonitorState {
    return this.sm.state;
  }

  get active(): boolean {
    return this.sm.state !== 'ended';
  }

  view(): MonitorView {
    const r = this.req;
    return {
      interactionId: this.call.interaction.id,
      agentId: this.call.agentId,
      supervisorId: r.supervisorId,
      supervisorName: r.supervisorName,
      mode: this.mode,
      state: this.sm.state,
      voice: r.voice.kind,
      number: r.voice.kind === 'call-me' ? r.voice.number : null,
      since: this.since,
      endCause: this.endCause,
      rev: this.rev,
    };
  }

  /** Rings the supervisor's phone (they join in `mode` when it answers); a Web Connect leg joins at once. */
  start(): void {
    const call = this.call;
    const voice = this.req.voice;
    if (voice.kind === 'web') {
      this.leg = voice.leg;
      voice.leg.on('ended', () => this.stop('supervisor-hangup'));
      if (voice.leg.isEnded) return this.stop('supervisor-hangup');
      return this.answered();
    }
    this.step('monitor-calling', {});
    call.host.port
      .dial({
        to: { kind: 'agent-phone', number: voice.number },
        from: call.host.workspace?.().callInNumber ?? '',
        ringTimeoutMs: MONITOR_RING_MS,
        context: { supervisorId: this.req.supervisorId, purpose: 'monitor' },
      })
      .then(
        (leg) => {
          if (!this.active) return leg.hangup('cancelled');
          this.leg = leg;
          leg.on('answered', () => this.answered());
          leg.on('ended', ({ cause }) => this.stop(this.sm.state === 'calling' ? (cause === 'normal' ? 'no-answer' : cause) : 'supervisor-hangup'));
        },
        (err: unknown) => {
          call.host.logger.info({ err, interactionId: call.interaction.id }, "the supervisor's phone could not be dialled");
          this.stop('dial-failed');
        },
      );
  }

  /** Listen, whisper or barge: at once when in the call, on answering while the phone rings. */
  setMode(mode: MonitorMode): void {
    if (!this.active) throw new InteractionActionError('The monitoring has ended', { interactionId: this.call.interaction.id });
    if (mode === this.mode) return;
    const wasBarging = this.mode === 'barge';
    this.mode = mode;
    // Still ringing: no step for the record (it says the mode taken on answering), but the floor shows the new one.
    if (this.sm.state === 'calling') return this.told();
    this.sm.transition(MONITOR_STATE_OF[mode]);
    this.call.room.setMonitorAudience(this.leg!.id, this.audience());
    // A barging supervisor is part of the conversation, so of its recording; listening and coaching are not.
    if (wasBarging !== (mode === 'barge')) this.call.recordLeg(this.leg!.id, mode === 'barge');
    this.step('monitor-switched', {});
  }

  /** Stop, the supervisor hung up, or the call ended: their leg goes, the call is untouched. */
  stop(cause: string): void {
    if (!this.active) return;
    this.sm.transition('ended');
    this.endCause = cause;
    const leg = this.leg;
    if (leg) {
      if (this.inRoom) this.call.room.removeMonitor(leg.id);
      if (this.mode === 'barge') this.call.recordLeg(leg.id, false);
      leg.hangup(cause === 'no-answer' ? 'no_answer' : 'normal');
    }
    this.inRoom = false;
    this.step('monitor-ended', { cause });
  }

  private answered(): void {
    const call = this.call;
    if (!this.active) return;
    if (!call.live || call.room.ended) return this.stop('call-ended');
    try {
      call.room.addMonitor(this.leg!.id, this.audience());
    } catch (err) {
      call.host.logger.warn({ err, interactionId: call.interaction.id }, 'the supervisor could not join the call');
      return this.stop('call-ended');
    }
    this.inRoom = true;
    if (this.mode === 'barge') call.recordLeg(this.leg!.id, true);
    this.sm.transition(MONITOR_STATE_OF[this.mode]);
    this.step('monitor-started', {});
  }

  /** Who hears the supervisor: nobody (listen), the agent (whisper), everyone (barge). */
  private audience(): readonly string[] | null {
    if (this.mode === 'barge') return null;
    return this.mode === 'whisper' ? [this.call.agent.id] : [];
  }

  private step(step: string, detail: Record<string, string>): void {
    const r = this.req;
    this.call.interaction.monitorStep({ step, by: r.supervisorId, detail: { mode: this.mode, supervisor: r.supervisorName, voice: r.voice.kind, ...detail } });
    this.told();
  }

  private told(): void {
    this.rev++;
    this.changed(this);
  }
}
