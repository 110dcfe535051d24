import type { Clock } from '@switchboard/shared';
import type { AgentSessionView } from '../agent/types';
import { Interaction } from '../interaction/interaction';
import type { InteractionCampaign } from '../interaction/types';
import { dialFailureCode, dialFailureMessage, isDialFailureCause, type DialFailureCause } from './dial-failure';
import { ManualDialError } from './errors';
import { normalisePhoneNumber, type NormalisedNumber } from './phone-number';

/** What the agent submitted from the keypad panel. */
export interface ManualDialInput {
  number: string;
  /** One of the agent's campaigns, or null for "Skip campaign". */
  campaignId: string | null;
}

export interface ManualDialPlan {
  number: NormalisedNumber;
  campaignId: string | null;
  /** "Skip campaign": no Call tab, no campaign wrap codes or recording. */
  skipCampaign: boolean;
}

/** Dialling needs a voice path and nothing open; Available or Paused both may dial (manual 7). */
export function canManualDial(view: Pick<AgentSessionView, 'voice' | 'activity'>): boolean {
  return view.voice.status === 'connected' && view.activity === 'idle';
}

/**
 * Checks a manual dial before anything rings: the agent may dial now, the
 * campaign is one of theirs (or skipped), and the number normalises to E.164
 * in the agent's region (else the workspace's). Throws ManualDialError
 * (ACTION_NOT_ALLOWED, VALIDATION_FAILED) or InvalidPhoneNumberError.
 */
export function planManualDial(
  input: ManualDialInput,
  view: Pick<AgentSessionView, 'voice' | 'activity' | 'campaigns'>,
  regions: { agent: string | null; workspace: string },
): ManualDialPlan {
  if (view.voice.status !== 'connected') throw new ManualDialError('ACTION_NOT_ALLOWED', 'Connect Voice before making a call');
  if (view.activity !== 'idle') throw new ManualDialError('ACTION_NOT_ALLOWED', 'Finish the current interaction before making a call', { activity: view.activity });
  const campaignId = input?.campaignId ?? null;
  if (campaignId !== null && !view.campaigns.some((c) => c.id === campaignId)) {
    throw new ManualDialError('VALIDATION_FAILED', `"${String(campaignId)}" is not one of your campaigns`, { campaignId });
  }
  const number = normalisePhoneNumber(input?.number, regions.agent ?? regions.workspace);
  return { number, campaignId, skipCampaign: campaignId === null };
}

/** The agent-session inputs a manual dial drives (AgentSession satisfies it). */
export interface ManualDialAgent {
  dialStarted(): void;
  callAnswered(): void;
  dialFailed(reason: string, next?: 'idle' | 'previewing' | 'wrap', code?: string): void;
}

/**
 * One manual outbound call from plan to answer or failure: creates the
 * interaction (OUT, dialling) and moves the agent session alongside. A failed
 * dial closes the interaction with its cause and returns the agent to idle
 * with a distinct toast; presence is never touched (a paused agent stays
 * paused, an available one available: the bug users reported in one peer).
 */
export class ManualDial {
  readonly interaction: Interaction;

  constructor(
    private readonly agent: ManualDialAgent,
    opts: { id: string; clock: Clock; agentId: string; plan: ManualDialPlan; campaign: InteractionCampaign | null; callerId: string | null },
  ) {
    if (opts.plan.campaignId !== (opts.campaign?.id ?? null)) {
      throw new ManualDialError('VALIDATION_FAILED', 'The campaign does not match the dial plan');
    }
    this.interaction = Interaction.outbound({
      id: opts.id,
      clock: opts.clock,
      campaign: opts.campaign,
      customerNumber: opts.plan.number.e164,
      platformNumber: opts.callerId,
      agentId: opts.agentId,
    });
    this.agent.dialStarted();
  }

  /** The customer answered: the agent is on the call. */
  answered(): void {
    this.interaction.customerAnswered();
    this.agent.callAnswered();
  }

  /** The engine reported a failure (or the agent cancelled); returns the toast shown. */
  failed(cause: DialFailureCause): string {
    const c: DialFailureCause = isDialFailureCause(cause) ? cause : 'network';
    const message = dialFailureMessage(c);
    this.interaction.dialFailed(c);
    this.interaction.closeWithoutAgent(c);
    this.agent.dialFailed(message, 'idle', dialFailureCode(c));
    return message;
  }
}
