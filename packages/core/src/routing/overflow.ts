import type { QueueConfig, WorkflowConfig, WorkspaceConfig } from '../workspace/types';
import { DEFAULT_REOFFER_AFTER_MS } from './router';
import type { EntryArrival, QueueEntryInput, RoutingOverflow, RoutingQueue } from './types';

/** The router's view of the workspace's queues: max wait and reoffer time in ms. */
export function routingQueues(ws: Pick<WorkspaceConfig, 'queues'>): RoutingQueue[] {
  return ws.queues.map((q) => ({
    id: q.id,
    campaignId: q.campaignId,
    maxWaitMs: q.maxWaitSeconds && q.overflow ? q.maxWaitSeconds * 1000 : null,
    reofferAfterMs: q.reofferAfterSeconds !== undefined ? q.reofferAfterSeconds * 1000 : DEFAULT_REOFFER_AFTER_MS,
  }));
}

/** What the server does with a call that reached its queue's maximum wait. */
export type OverflowStep =
  /** Into that queue, keeping its arrival (router.enqueue({ arrival })). */
  | { kind: 'queue'; queueId: string }
  /** Run this workflow for the caller; a queue object in it keeps the call's arrival. */
  | { kind: 'workflow'; workflow: WorkflowConfig }
  /** The configuration no longer names anything usable (e.g. after a reload): the call keeps waiting. */
  | { kind: 'stay' };

/** The label the callback offer keeps the caller's choice under (IVR data the agent sees). */
export const CALLBACK_OFFER_LABEL = 'callback-offer';

/**
 * The overflow action of `queueId` as a step the server carries out. A callback
 * offer and a message are small generated workflows: the offer asks for 1 (a
 * callback is stored for the caller's number, the confirmation plays, goodbye);
 * any other key or none puts the caller back in the queue with their place.
 */
export function overflowStep(ws: Pick<WorkspaceConfig, 'queues' | 'workflows'>, queueId: string): OverflowStep {
  const q: QueueConfig | undefined = ws.queues.find((x) => x.id === queueId);
  const o = q?.overflow;
  if (!q || !o) return { kind: 'stay' };
  switch (o.type) {
    case 'queue':
      return ws.queues.some((x) => x.id === o.queueId) ? { kind: 'queue', queueId: o.queueId } : { kind: 'stay' };
    case 'workflow': {
      const wf = ws.workflows?.find((w) => w.id === o.workflowId);
      return wf ? { kind: 'workflow', workflow: wf } : { kind: 'stay' };
    }
    case 'message':
      return {
        kind: 'workflow',
        workflow: { id: `overflow-${q.id}`, name: `${q.name}: overflow message`, start: 'message', objects: [{ id: 'message', type: 'play', file: o.file, next: null }] },
      };
    case 'callback':
      return {
        kind: 'workflow',
        workflow: {
          id: `overflow-${q.id}`,
          name: `${q.name}: callback offer`,
          start: 'offer',
          objects: [
            {
              id: 'offer',
              type: 'collect',
              label: CALLBACK_OFFER_LABEL,
              prompt: o.prompt,
              minDigits: 1,
              maxDigits: 1,
              terminator: null,
              timeoutSeconds: 5,
              attempts: 1,
              next: 'choice',
              noInputNext: 'back',
            },
            { id: 'choice', type: 'branch', label: CALLBACK_OFFER_LABEL, cases: [{ digits: '1', next: 'store' }], defaultNext: 'back' },
            { id: 'store', type: 'callback', queueId: q.id, numberFrom: 'caller', next: o.confirm ? 'confirm' : null },
            ...(o.confirm ? [{ id: 'confirm', type: 'play' as const, file: o.confirm, next: null }] : []),
            { id: 'back', type: 'queue', queueId: q.id },
          ],
        },
      };
  }
}

/**
 * One call's way through the queues: what it keeps when it moves (its arrival:
 * place, enqueue time, priority) and which queues it already overflowed out of
 * (it waits in those with no limit, so a call never bounces between queues).
 */
export class QueueJourney {
  private arrival: EntryArrival | undefined;
  private readonly overflowed = new Set<string>();

  /** What to give router.enqueue for this call joining `queueId`. */
  entry(entryId: string, queueId: string, priority?: number): QueueEntryInput {
    return {
      entryId,
      queueId,
      ...(this.arrival ? { arrival: this.arrival } : priority !== undefined ? { priority } : {}),
      ...(this.overflowed.has(queueId) ? { maxWait: false } : {}),
    };
  }

  /** The router let the call go at its queue's maximum wait. */
  overflowedFrom(o: RoutingOverflow): void {
    this.arrival = o.arrival;
    this.overflowed.add(o.queueId);
  }

  get hasOverflowed(): boolean {
    return this.overflowed.size > 0;
  }
}
