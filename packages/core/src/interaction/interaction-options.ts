import type { Clock } from '@switchboard/shared';
import type { TransferredFromInfo } from './transfer-steps';
import type { InteractionCampaign, InteractionDirection, IvrDataEntry } from './types';

/** What an interaction is made with, and the events it emits (interaction.ts). */

export type InteractionEventName =
  | 'state.changed'
  | 'leg.added'
  | 'leg.changed'
  | 'ivr.data'
  | 'queue.changed'
  | 'notes.changed'
  | 'recording.changed'
  | 'marker.added'
  | 'announcement.changed'
  | 'wrap.changed'
  | 'transfer.changed'
  | 'monitor.changed';

export interface InteractionEvent {
  name: InteractionEventName;
  /** Epoch ms. */
  at: number;
  interactionId: string;
  detail: Record<string, unknown>;
}

export interface InteractionEvents {
  [k: string]: unknown;
  event: InteractionEvent;
}

export interface InteractionOptions {
  id: string;
  clock: Clock;
  direction: InteractionDirection;
  campaign: InteractionCampaign | null;
  customerNumber: string | null;
  platformNumber: string | null;
  /** Outbound: the dialling agent. */
  agentId?: string | null;
}

/** A call handed on to an agent (blind transfer or consult): offered to them at once. */
export interface HandedOnOptions extends Omit<InteractionOptions, 'agentId'> {
  agentId: string;
  transferredFrom: TransferredFromInfo;
  ivrData: readonly IvrDataEntry[];
  /** A consult: the customer is on hold and the consulting agent is on the line. */
  customerHeld: boolean;
}
