import type { Interaction } from '../interaction/interaction';
import type { TransferredFromInfo } from '../interaction/transfer-steps';
import type { CallRoom } from './call-room';
import type { HandedOnCall } from './handed-on-call';
import type { PortLeg } from './telephony-port';
import type { CallTransferKind, ResolvedTarget, TransferTarget } from './transfer-types';

/**
 * What a call's transfers need of the desk that holds every call: checking a target (the
 * agent can take it now, the number is valid, the workflow is a transfer target), ringing
 * another agent for a handed-on call, and giving the caller a new inbound life (a workflow,
 * the front of a queue). Implemented by CallDesk.
 */
export interface HandOnPort {
  /**
   * Checks a target; throws InteractionActionError / InteractionValidationError with the reason it
   * is refused. `busy`: an agent who is logged in with a voice path but on a call (a consult waits).
   */
  resolve(agentId: string, origin: Interaction, to: TransferTarget, kind: CallTransferKind): ResolvedTarget & { busy?: boolean };
  /** The agent can take a handed-on call now (idle, available or paused with a reason that takes transfers). */
  agentFree(agentId: string): boolean;
  /**
   * A consult waiting for a busy agent waits in that agent's team queue: the first free teammate
   * (not one of `except`) who may take it now, if any.
   */
  freeTeammate(agentId: string, except: readonly string[]): string | undefined;
  /** The agent whose agent number this is (a desk phone transfers to an extension), if any. */
  agentByNumber(number: string): string | undefined;
  /** An agent's display name (the party list, the receiving agent's banner). */
  agentName(agentId: string): string;
  /** The number shown when we dial a third party for this call. */
  callerId(origin: Interaction): string;
  /** Rings an agent for a call handed on to them; the desk holds the new call session. */
  ringAgent(o: {
    agentId: string;
    room: CallRoom;
    origin: Interaction;
    from: TransferredFromInfo;
    customerHeld: boolean;
    /** The target answered (joined the room) or did not. */
    answered(call: HandedOnCall): void;
    missed(why: string): void;
  }): HandedOnCall;
  /** The caller's leg starts a workflow as a new inbound call (IVR data and who sent it travel with it). */
  toWorkflow(o: { customer: PortLeg; origin: Interaction; workflowId: string; from: TransferredFromInfo; typeAhead: string }): void;
  /** The caller's leg waits at the front of a queue (a blind transfer that failed); false if there is none. */
  requeue(o: { customer: PortLeg; origin: Interaction; from: TransferredFromInfo }): boolean;
}
