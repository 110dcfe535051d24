import type { InteractionState } from '../interaction/interaction-state';
import type { LegView } from '../interaction/leg';
import type { RecordingMarker, RecordingState } from '../interaction/recording';
import type { InteractionDirection, InteractionNote, InteractionView, IvrDataEntry } from '../interaction/types';
import type { TransferStep, TransferredFromInfo } from '../interaction/transfer-steps';

/**
 * One row per interaction: what a supervisor reviews in "Calls Management"
 * and what must survive a crash. Times are epoch ms.
 */
export interface CallRecord {
  interactionId: string;
  /** Increases with every save: a store keeps the highest and ignores older writes. */
  version: number;
  /** Closed or abandoned: nothing more will change (interrupted records are final too). */
  final: boolean;
  direction: InteractionDirection;
  state: InteractionState;
  campaignId: string | null;
  campaignName: string | null;
  queueId: string | null;
  customerNumber: string | null;
  platformNumber: string | null;
  agentId: string | null;
  legs: LegView[];
  ivrData: IvrDataEntry[];
  timeInQueueMs: number | null;
  notes: InteractionNote[];
  outcomeId: string | null;
  wrappedBy: 'agent' | 'auto' | 'system' | null;
  recording: { state: RecordingState; file: string | null; startedAt: number | null; markers: RecordingMarker[] };
  /** 'customer-hangup', 'no-answer', 'busy', 'abandoned', 'interrupted', ... */
  endCause: string | null;
  /** Transfers, consults and conference changes, in order with their times (absent in older records). */
  steps?: TransferStep[];
  /** The agent who handed this call on to this one (absent in older records). */
  transferredFrom?: TransferredFromInfo | null;
  createdAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  closedAt: number | null;
  updatedAt: number;
}

/** The record for an interaction's current view. */
export function callRecordFrom(view: InteractionView, version: number, now: number): CallRecord {
  return {
    interactionId: view.id,
    version,
    // A wrapped part whose conference still goes on (the agent left it) is final once its legs end.
    final: (view.state === 'closed' || view.state === 'abandoned') && view.legs.every((l) => l.state === 'ended'),
    direction: view.direction,
    state: view.state,
    campaignId: view.campaignId,
    campaignName: view.campaignName,
    queueId: view.queueId,
    customerNumber: view.customerNumber,
    platformNumber: view.platformNumber,
    agentId: view.agentId,
    legs: view.legs.map((l) => ({ ...l })),
    ivrData: view.ivrData.map((e) => ({ ...e })),
    timeInQueueMs: view.timeInQueueMs,
    notes: view.notes.map((n) => ({ ...n })),
    outcomeId: view.wrap.outcomeId,
    wrappedBy: view.wrap.by,
    recording: {
      state: view.recording.state,
      file: view.recording.file,
      startedAt: view.recording.startedAt,
      markers: view.recording.markers.map((m) => ({ ...m })),
    },
    endCause: view.endCause,
    steps: view.steps.map((x) => ({ ...x })),
    transferredFrom: view.transferredFrom ? { ...view.transferredFrom } : null,
    createdAt: view.times.createdAt,
    answeredAt: view.times.answeredAt,
    endedAt: view.times.endedAt,
    closedAt: view.times.closedAt,
    updatedAt: now,
  };
}

/**
 * What a record of a call that was up when the process died becomes at the
 * next start: final, closed at `at`, every open leg ended "interrupted", the
 * end cause kept if one was known (a call in wrap had already ended), and the
 * outcome left as it was (null if the agent had not wrapped). Stores apply
 * exactly this, so SQLite, PostgreSQL and the memory store agree.
 */
export function interruptedRecord(r: CallRecord, at: number): CallRecord {
  if (r.final) return r;
  return {
    ...r,
    version: r.version + 1,
    final: true,
    state: r.state === 'ivr' || r.state === 'queued' || r.state === 'offered' ? 'abandoned' : 'closed',
    legs: r.legs.map((l) => (l.state === 'ended' ? l : { ...l, state: 'ended', endedAt: at, endCause: 'interrupted' })),
    recording: { ...r.recording, markers: [...r.recording.markers] },
    endCause: r.endCause ?? 'interrupted',
    endedAt: r.endedAt ?? at,
    closedAt: at,
    updatedAt: at,
  };
}
