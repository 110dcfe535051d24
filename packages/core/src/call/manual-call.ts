import { newId, type StateMachine } from '@switchboard/shared';
import type { AgentSession } from '../agent/agent-session';
import { InteractionActionError } from '../interaction/errors';
import type { Interaction } from '../interaction/interaction';
import type { DialFailureCause } from '../dialing/dial-failure';
import { checkDialPlan, dialPlanOf } from '../dialing/dial-plan';
import { DialPlanRefusedError } from '../dialing/errors';
import { ManualDial, planManualDial } from '../dialing/manual-dial';
import type { WorkspaceConfig } from '../workspace/types';
import { agentPhoneDialCode, agentPhoneDialMessage } from './cause-messages';
import type { CallHost } from './call-host';
import { manualCallMachine, type ManualCallState } from './call-session-state';
import { ConnectedCall } from './connected-call';
import { interactionCampaign } from './interaction-campaign';
import type { PortLeg, PortPlayback } from './telephony-port';

/** The engine's end causes as manual dial's failure causes. */
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

export interface ManualCallDeps {
  workspace(): WorkspaceConfig;
  /** How long the agent's own phone rings before a per-call manual dial gives up. */
  agentRingMs: number;
}

/**
 * Manual outbound (manual 7), see MANUAL_CALL_TRANSITIONS: core plans and checks the number, the
 * port dials it, and the result becomes ManualDial's answered() or failed(cause): a distinct
 * toast, never a change of presence. On a path that stays up (Keep the line open, Call in, Web
 * Connect) the customer is dialled at once; on a per-call path (call-me without keeping the line
 * open) the agent's phone is rung first, and only once they answer is the customer dialled (the
 * agent hears ringback meanwhile).
 */
export class ManualCall {
  readonly sm: StateMachine<ManualCallState>;
  readonly interaction: Interaction;
  connected: ConnectedCall | undefined;
  private agentLeg: PortLeg | undefined;
  private customer: PortLeg | undefined;
  private ringback: Promise<PortPlayback | undefined> | undefined;
  private cancelled = false;

  /** Plans and checks the dial (throws before anything rings); call start() once the desk holds it. */
  constructor(
    private readonly host: CallHost,
    private readonly d: ManualCallDeps,
    private readonly session: AgentSession,
    input: { number: string; campaignId: string | null },
  ) {
    const ws = d.workspace();
    const agentId = session.agent.id;
    const agent = ws.agents.find((a) => a.id === agentId);
    const plan = planManualDial(input, session.view(), { agent: agent?.region ?? null, workspace: ws.region });
    // Refused before anything rings (the port's guard would refuse it too, but only once the agent's phone rang).
    const allowed = checkDialPlan(plan.number.e164, dialPlanOf(ws));
    if (!allowed.allowed) {
      const err = new DialPlanRefusedError(allowed.refusal, { number: allowed.number, country: allowed.country, type: allowed.type });
      session.callRefused(err, 'manual-dial');
      throw err;
    }
    const line = host.lines.connectedLine(agentId);
    this.perCall = !line?.leg && line?.method === 'call-me' && !!line.number;
    if (!line?.leg && !this.perCall) throw new InteractionActionError('Manual calls need a connected voice path (Call me, Call in or Web Connect)');
    this.agentLeg = line!.leg;
    this.agentNumber = line!.number;
    this.customerNumber = plan.number.e164;
    this.callerId = ws.callInNumber;
    const c = plan.campaignId ? ws.campaigns.find((x) => x.id === plan.campaignId) : undefined;
    this.md = new ManualDial(session, { id: newId('int'), clock: host.clock, agentId, plan, campaign: c ? interactionCampaign(c) : null, callerId: ws.callInNumber });
    this.interaction = this.md.interaction;
    this.sm = manualCallMachine(this.interaction.id, this.perCall ? 'agent-ringing' : 'customer-ringing');
  }

  private readonly perCall: boolean;
  private readonly agentNumber: string | null;
  private readonly customerNumber: string;
  private readonly callerId: string;
  private readonly md: ManualDial;

  get state(): ManualCallState {
    return this.sm.state;
  }

  start(): void {
    if (this.perCall) this.ringAgent();
    else this.dialCustomer();
  }

  /** The agent pressed Hang up while it rang (their phone or the customer's). */
  cancel(): void {
    if (this.sm.state === 'agent-ringing') {
      if (this.agentLeg) this.agentLeg.hangup('cancelled');
      else this.fail('cancelled');
      return;
    }
    if (this.sm.state !== 'customer-ringing') return;
    this.cancelled = true;
    this.customer?.hangup('cancelled');
  }

  private get dialling(): boolean {
    return this.interaction.state === 'dialling';
  }

  private ringAgent(): void {
    // The agent's phone shows who they are about to call.
    this.host.port
      .dial({
        to: { kind: 'agent-phone', number: this.agentNumber! },
        from: this.customerNumber,
        ringTimeoutMs: this.d.agentRingMs,
        context: { agentId: this.session.agent.id, purpose: 'manual-dial-agent-phone' },
      })
      .then(
        (leg) => {
          if (!this.dialling) return leg.hangup('cancelled');
          this.agentLeg = leg;
          leg.on('answered', () => {
            if (!this.dialling || this.sm.state !== 'agent-ringing') return;
            this.ringback = leg.play(RINGBACK).catch((err: unknown) => {
              this.host.logger.debug({ err, interactionId: this.interaction.id }, 'ringback did not play');
              return undefined;
            });
            this.dialCustomer();
          });
          leg.on('ended', ({ cause }) => {
            if (this.agentLeg === leg) this.agentLeg = undefined;
            if (this.sm.state === 'agent-ringing') return this.agentPhoneFailed(cause);
            // The agent's phone hung up while the customer's rang: stop dialling them.
            if (this.sm.state === 'customer-ringing') this.customer?.hangup('cancelled');
          });
        },
        (err: unknown) => {
          this.host.logger.warn({ err }, 'ringing the agent for a manual dial failed');
          this.agentPhoneFailed('network');
        },
      );
  }

  private dialCustomer(): void {
    if (this.sm.state === 'agent-ringing') this.sm.transition('customer-ringing');
    this.host.port.dial({ to: { kind: 'customer', number: this.customerNumber }, from: this.callerId, context: { agentId: this.session.agent.id, purpose: 'manual-dial' } }).then(
      (leg) => {
        this.customer = leg;
        leg.on('answered', () => this.customerAnswered(leg));
        leg.on('ended', ({ cause }) => this.customerFailed(cause));
        if (!this.dialling || this.cancelled || (this.perCall && !this.agentLeg)) leg.hangup('cancelled');
      },
      (err: unknown) => {
        this.host.logger.warn({ err }, 'manual dial could not start');
        this.fail('network');
      },
    );
  }

  private customerAnswered(leg: PortLeg): void {
    if (!this.dialling || !this.sm.can('bridged') || !this.agentLeg) return;
    this.sm.transition('bridged');
    if (this.perCall) this.ringback?.then((pb) => pb?.stop());
    this.connected = new ConnectedCall(this.host, this.interaction, leg, this.agentLeg, this.perCall, () => this.sm.transition('ended'));
    this.connected.connect(false);
    this.md.answered();
    this.connected.startRecording();
  }

  /** The customer's leg ended before an answer (busy, no answer, cancelled...). */
  private customerFailed(cause: string): void {
    if (this.sm.state !== 'customer-ringing') return;
    this.fail(CAUSES[cause] ?? 'network');
  }

  /** The agent's own phone never answered: their notice says so, in its own words and code. */
  private agentPhoneFailed(cause: string): void {
    this.agentLeg = undefined;
    if (!this.settleFailed() || !this.dialling) return;
    const i = this.interaction;
    const why = cause === 'cancelled' ? 'cancelled' : `agent-phone-${cause.replace(/_/g, '-')}`;
    i.dialFailed(why);
    i.closeWithoutAgent(why);
    // The agent goes back to what they were doing (idle, presence untouched) with a notice.
    this.session.dialFailed(agentPhoneDialMessage(cause), 'idle', agentPhoneDialCode(cause));
  }

  private fail(cause: DialFailureCause): void {
    this.releaseAgentLeg();
    if (this.settleFailed() && this.dialling) this.md.failed(cause);
  }

  /** Moves to `failed` once; false if the dial already ended (the other way). */
  private settleFailed(): boolean {
    if (!this.sm.can('failed')) return false;
    this.sm.transition('failed');
    return true;
  }

  /** A per-call agent leg has no use once the dial failed: hang it up. */
  private releaseAgentLeg(): void {
    if (!this.perCall || !this.agentLeg) return;
    const leg = this.agentLeg;
    this.agentLeg = undefined;
    leg.hangup('normal');
  }
}
