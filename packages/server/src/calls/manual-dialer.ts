import { join } from 'node:path';
import { DialPlanRefusedError, ManualDial, checkDialPlan, dialPlanOf, planManualDial, type AgentSession, type DialFailureCause, type WorkspaceConfig } from '@switchboard/core';
import type { TelephonyEngine } from '@switchboard/telephony';
import { StateMachine, newId, type Clock, type Logger, type TransitionTable } from '@switchboard/shared';
import { apiError } from '../http/api-error';
import type { EngineVoiceConnector } from '../voice/engine-voice-connector';
import { interactionCampaign, type CallCenter, type LiveCall } from './call-center';
import { agentPhoneDialCode, agentPhoneDialMessage } from './cause-messages';

const CAUSES: Record<string, DialFailureCause> = {
  no_answer: 'no-answer',
  busy: 'busy',
  invalid_number: 'invalid-number',
  rejected: 'rejected',
  cancelled: 'cancelled',
  network: 'network',
};

/** What the agent hears while the customer's phone rings (their own phone was rung first). */
const RINGBACK = { tone: [425], cadence: [1000, 4000] } as const;

export interface ManualDialerDeps {
  engine: TelephonyEngine;
  center: CallCenter;
  voice: EngineVoiceConnector;
  clock: Clock;
  logger: Logger;
  workspace(): WorkspaceConfig;
  /** The trunk manual calls go out on (the sandbox in the demo); asked per call, trunks can be reloaded. */
  trunk(): string;
  announcementsDir: string;
  recordingsDir: string;
}

/**
 * One manual call in flight. `agent-ringing` only on a per-call path (non-persistent
 * call-me): the agent's phone rings first and the customer is dialled once it answers.
 *
 *   agent-ringing ──agent answers──▶ customer-ringing ──customer answers──▶ bridged
 *        │                                 │
 *        └── agent phone fails ──▶ failed ◀┘ customer fails / agent hangs up / cancel
 */
export type DialStage = 'agent-ringing' | 'customer-ringing' | 'bridged' | 'failed';

export const DIAL_STAGES: TransitionTable<DialStage> = {
  'agent-ringing': ['customer-ringing', 'failed'],
  'customer-ringing': ['bridged', 'failed'],
  bridged: [],
  failed: [],
};

export function dialStageMachine(interactionId: string, initial: DialStage): StateMachine<DialStage> {
  return new StateMachine<DialStage>(`manual dial ${interactionId}`, DIAL_STAGES, initial);
}

interface Dial {
  md: ManualDial;
  session: AgentSession;
  call: LiveCall;
  /** The agent's per-call leg, kept here too: the center forgets it when it ends. */
  agentLegId: string | undefined;
  stage: StateMachine<DialStage>;
  customerNumber: string;
  callerId: string;
}

/**
 * Manual outbound (manual 7): core plans and checks the number, the engine
 * dials it out on the trunk, and the result becomes ManualDial's answered()
 * or failed(cause) — a distinct toast, never a change of presence. On a path
 * that stays up (Keep the line open, Call in, Web Connect) the customer is
 * dialled at once; on a per-call path (call-me without keeping the line open)
 * the agent's phone is rung first, and only once they answer is the customer
 * dialled (the agent hears ringback meanwhile).
 */
export class ManualDialer {
  /** By the leg being waited on: the agent's while it rings, then the customer's. */
  private readonly dials = new Map<string, Dial>();
  /** How long the agent's own phone rings before a per-call manual dial gives up. */
  agentRingMs = 30_000;

  constructor(private readonly d: ManualDialerDeps) {
    d.engine.on('answered', ({ legId }) => this.onAnswered(legId));
    d.engine.on('ended', ({ legId, cause }) => this.onLegEnded(legId, cause));
    d.center.dialEnded = (call, cause) => this.onFailed(call, cause);
  }

  dial(agentId: string, session: AgentSession, number: string, campaignId: string | null): void {
    const ws = this.d.workspace();
    const agent = ws.agents.find((a) => a.id === agentId);
    const plan = planManualDial({ number, campaignId }, session.view(), { agent: agent?.region ?? null, workspace: ws.region });
    // Refused before anything rings (the engine's guard would refuse it too, but only once the agent's phone rang).
    const allowed = checkDialPlan(plan.number.e164, dialPlanOf(ws));
    if (!allowed.allowed) {
      const err = new DialPlanRefusedError(allowed.refusal, { number: allowed.number, country: allowed.country, type: allowed.type });
      session.callRefused(err, 'manual-dial');
      throw err;
    }
    const path = this.d.voice.connectedPath(agentId);
    const perCall = !path?.legId && path?.method === 'call-me' && !!path.number;
    if (!path?.legId && !perCall) throw apiError('ACTION_NOT_ALLOWED', 'Manual calls need a connected voice path (Call me, Call in or Web Connect)');
    const c = plan.campaignId ? ws.campaigns.find((x) => x.id === plan.campaignId) : undefined;
    const md = new ManualDial(session, {
      id: newId('int'),
      clock: this.d.clock,
      agentId,
      plan,
      campaign: c ? interactionCampaign(c, this.d.announcementsDir) : null,
      callerId: ws.callInNumber,
    });
    const call: LiveCall = {
      interaction: md.interaction,
      customerLegId: '',
      runner: undefined,
      agentLegId: path!.legId,
      agentLegPerCall: perCall,
      wrap: undefined,
      recordingId: undefined,
      announcementPlayback: undefined,
      muted: false,
    };
    this.d.center.adopt(call);
    const dial: Dial = {
      md,
      session,
      call,
      agentLegId: undefined,
      stage: dialStageMachine(md.interaction.id, perCall ? 'agent-ringing' : 'customer-ringing'),
      customerNumber: plan.number.e164,
      callerId: ws.callInNumber,
    };
    if (perCall) this.ringAgent(dial, path!.number!);
    else this.dialCustomer(dial);
  }

  /** The agent pressed Hang up while it rang (their phone or the customer's). */
  cancel(call: LiveCall): boolean {
    const dial = this.dialOf(call);
    if (!dial) return false;
    if (dial.stage.state === 'agent-ringing') {
      if (call.agentLegId) this.d.engine.hangup(call.agentLegId, 'cancelled');
      else this.fail(dial, 'cancelled');
      return true;
    }
    if (!call.customerLegId) return false;
    this.d.engine.hangup(call.customerLegId, 'cancelled');
    return true;
  }

  private dialOf(call: LiveCall): Dial | undefined {
    for (const dial of this.dials.values()) if (dial.call === call) return dial;
    return undefined;
  }

  private ringAgent(dial: Dial, number: string): void {
    const { call } = dial;
    // The agent's phone shows who they are about to call.
    this.d.engine
      .originate({
        to: this.d.center.targetFor(number),
        from: dial.customerNumber,
        ringTimeoutMs: this.agentRingMs,
        context: { agentId: dial.session.agent.id, purpose: 'manual-dial-agent-phone' },
      })
      .then(
        (legId) => {
          if (call.interaction.state !== 'dialling') return this.d.engine.hangup(legId, 'cancelled');
          call.agentLegId = legId;
          dial.agentLegId = legId;
          this.dials.set(legId, dial);
          this.d.center.bindLeg(legId, call);
        },
        (err: unknown) => {
          this.d.logger.warn({ err }, 'ringing the agent for a manual dial failed');
          this.agentPhoneFailed(dial, 'network');
        },
      );
  }

  private dialCustomer(dial: Dial): void {
    const { call, md } = dial;
    if (dial.stage.state === 'agent-ringing') dial.stage.transition('customer-ringing');
    this.d.engine
      .originate({ to: { trunk: this.d.trunk(), number: dial.customerNumber }, from: dial.callerId, context: { agentId: dial.session.agent.id, purpose: 'manual-dial' } })
      .then(
        (legId) => {
          call.customerLegId = legId;
          this.dials.set(legId, dial);
          this.d.center.bindLeg(legId, call);
          if (call.interaction.state !== 'dialling' || (call.agentLegPerCall && !call.agentLegId)) this.d.engine.hangup(legId, 'cancelled');
        },
        (err: unknown) => {
          this.d.logger.warn({ err }, 'manual dial could not start');
          this.releaseAgentLeg(call);
          if (this.settle(dial, 'failed') && call.interaction.state === 'dialling') md.failed('network');
        },
      );
  }

  private onAnswered(legId: string): void {
    const dial = this.dials.get(legId);
    if (!dial) return;
    const { md, call } = dial;
    if (call.interaction.state !== 'dialling') return;
    if (dial.stage.state === 'agent-ringing') {
      if (legId !== call.agentLegId) return;
      this.dials.delete(legId);
      this.d.engine.play(legId, RINGBACK).catch(() => undefined);
      this.dialCustomer(dial);
      return;
    }
    if (legId !== call.customerLegId || !this.settle(dial, 'bridged')) return;
    this.dials.delete(legId);
    if (call.agentLegPerCall) this.d.engine.stopPlay(call.agentLegId!);
    try {
      this.d.engine.bridge([legId, call.agentLegId!]);
    } catch (err) {
      this.d.logger.warn({ err }, 'bridging a manual call failed');
    }
    md.answered();
    const i = call.interaction;
    if (i.recording.mode !== 'off') {
      const file = join(this.d.recordingsDir, `${i.id}.wav`);
      try {
        call.recordingId = this.d.engine.startRecording({ legIds: [legId, call.agentLegId!] }, { path: file, left: [legId], right: [call.agentLegId!] });
        i.startRecording(file);
      } catch (err) {
        this.d.logger.warn({ err }, 'recording did not start');
      }
    }
  }

  /** A leg of a dial in flight ended (the center handles the customer's through dialEnded). */
  private onLegEnded(legId: string, cause: string): void {
    const dial = this.dials.get(legId);
    if (dial && dial.stage.state === 'agent-ringing') {
      this.dials.delete(legId);
      return this.agentPhoneFailed(dial, cause);
    }
    // The agent's phone hung up while the customer's rang: stop dialling them.
    for (const d of this.dials.values()) {
      if (d.stage.state === 'customer-ringing' && d.agentLegId === legId) {
        d.agentLegId = undefined;
        d.call.agentLegId = undefined;
        if (d.call.customerLegId) this.d.engine.hangup(d.call.customerLegId, 'cancelled');
      }
    }
  }

  /** The agent's own phone never answered: their notice says so, in its own words and code. */
  private agentPhoneFailed(dial: Dial, cause: string): void {
    const { call } = dial;
    call.agentLegId = undefined;
    if (!this.settle(dial, 'failed') || call.interaction.state !== 'dialling') return;
    const i = call.interaction;
    const why = cause === 'cancelled' ? 'cancelled' : `agent-phone-${cause.replace(/_/g, '-')}`;
    i.dialFailed(why);
    i.closeWithoutAgent(why);
    // The agent goes back to what they were doing (idle, presence untouched) with a notice.
    dial.session.dialFailed(agentPhoneDialMessage(cause), 'idle', agentPhoneDialCode(cause));
  }

  private onFailed(call: LiveCall, cause: string): void {
    const dial = this.dials.get(call.customerLegId);
    if (!dial) return;
    this.dials.delete(call.customerLegId);
    this.releaseAgentLeg(call);
    if (this.settle(dial, 'failed') && call.interaction.state === 'dialling') dial.md.failed(CAUSES[cause] ?? 'network');
  }

  private fail(dial: Dial, cause: DialFailureCause): void {
    this.releaseAgentLeg(dial.call);
    if (this.settle(dial, 'failed') && dial.call.interaction.state === 'dialling') dial.md.failed(cause);
  }

  /** Moves a dial to its end stage once; false if it already ended (the other way). */
  private settle(dial: Dial, to: 'bridged' | 'failed'): boolean {
    if (!dial.stage.can(to)) return false;
    dial.stage.transition(to);
    return true;
  }

  /** A per-call agent leg has no use once the dial failed: hang it up. */
  private releaseAgentLeg(call: LiveCall): void {
    if (!call.agentLegPerCall || !call.agentLegId) return;
    const legId = call.agentLegId;
    call.agentLegId = undefined;
    try {
      this.d.engine.hangup(legId, 'normal');
    } catch {
      // already gone
    }
  }
}
