import type { RecordingMode } from '../workspace/types';
import type { InteractionState } from './interaction-state';
import type { LegView } from './leg';
import type { RecordingView } from './recording';
import type { TransferStep, TransferredFromInfo } from './transfer-steps';

export type InteractionDirection = 'IN' | 'OUT';

/** One labelled answer the caller gave in the IVR (manual 5, "IVR Data"). */
export interface IvrDataEntry {
  label: string;
  value: string;
  /** Epoch ms. */
  at: number;
}

export interface InteractionNote {
  text: string;
  by: string;
  at: number;
}

/** What the campaign says about this interaction (a slice of CampaignConfig). */
export interface InteractionCampaign {
  id: string;
  name: string;
  recording: RecordingMode;
  bookmarks: boolean;
  announcements: ReadonlyArray<{ id: string; name: string; file: string }>;
  wrapCodes: ReadonlyArray<{ id: string; name: string }>;
  defaultWrapCodeId: string | null;
  autoWrapSeconds: number | null;
  extendSeconds: number | null;
}

export interface WrapInfo {
  outcomeId: string | null;
  /** Epoch ms the auto-wrap runs out, null without auto-wrap. */
  deadline: number | null;
  extended: boolean;
  /** 'agent' chose the outcome, 'auto' the countdown ran out, 'system' closed it (shutdown, restart). */
  by: 'agent' | 'auto' | 'system' | null;
  startedAt: number | null;
  wrappedAt: number | null;
}

export interface InteractionTimes {
  createdAt: number;
  /** Left the IVR (joined a queue). */
  leftIvrAt: number | null;
  enteredQueueAt: number | null;
  offeredAt: number | null;
  /** The agent accepted (inbound) or the customer answered (outbound). */
  answeredAt: number | null;
  endedAt: number | null;
  closedAt: number | null;
}

/** Everything the adapter's Info tab and the call record need, as plain data. */
export interface InteractionView {
  id: string;
  direction: InteractionDirection;
  state: InteractionState;
  campaignId: string | null;
  campaignName: string | null;
  queueId: string | null;
  customerNumber: string | null;
  /** DNIS inbound, caller ID presented outbound. */
  platformNumber: string | null;
  agentId: string | null;
  legs: LegView[];
  ivrData: IvrDataEntry[];
  times: InteractionTimes;
  /** Left the IVR → agent accepted (manual 5); null until answered. */
  timeInQueueMs: number | null;
  notes: InteractionNote[];
  recording: RecordingView;
  wrap: WrapInfo;
  /** Why it ended: 'customer-hangup', 'agent-hangup', 'no-answer', 'busy', 'abandoned', 'interrupted', ... */
  endCause: string | null;
  /** Name of the announcement playing now, if any. */
  announcement: string | null;
  /** Set when another agent handed this call on to this one. */
  transferredFrom: TransferredFromInfo | null;
  /** Transfers, consults and conference changes, in order. */
  steps: TransferStep[];
}
