import type { BinaryHeap } from './binary-heap';
import type { TimerHandle } from '@switchboard/shared';
import type { EntryArrival } from './types';

/** The Router's records (router.ts): one per agent, waiting call and queue. */

export interface AgentRec {
  agentId: string;
  campaigns: Set<string>;
  skills: Set<string>;
  ready: boolean;
  transfersWhilePaused: boolean;
  /** Voice up and nothing open (any presence). */
  idle: boolean;
  idleSince: number;
  /** The entry ringing this agent now; an agent is offered one call at a time. */
  reservedFor: string | null;
  /** In the campaigns' ready lines now (kept explicitly: eligibility can change outside updateAgent). */
  listed: boolean;
  /** Times the agent became ready (not ready → ready): tells "she is back" after a missed offer. */
  readyCount: number;
}

export interface EntryRec {
  entryId: string;
  queueId: string;
  campaignId: string;
  priority: number;
  skills: readonly string[];
  /** Global arrival order: a call offered back keeps it, so it keeps its place. */
  seq: number;
  /** Clock.monotonic() at arrival: waits are durations, immune to wall-clock steps. */
  enteredAt: number;
  offeredTo: string | null;
  /**
   * Agents who declined or missed this call, with their readyCount then: kept
   * away from it until the queue's reoffer time passes (a timer ends it), or
   * until they are ready again and no one else is free for it.
   */
  passedBy: Map<string, number>;
  node: HeapNode | null;
  /** Clock.monotonic() when it joined this queue: the max wait is per queue. */
  queuedAt: number;
  timers: Set<TimerHandle>;
  /** The max wait ran out while an agent's phone rang: overflow if that offer fails. */
  overflowDue: boolean;
}

export interface HeapNode {
  entry: EntryRec;
  dead: boolean;
}

export interface QueueRec {
  id: string;
  campaignId: string;
  heap: BinaryHeap<HeapNode>;
  /** Dead nodes still in the heap; compacted away when they are most of it. */
  dead: number;
  /** Every entry of this queue, waiting or ringing (for stats). */
  members: Set<EntryRec>;
  maxWaitMs: number | null;
  reofferAfterMs: number;
  /** Removed by a workspace reload: takes no new call; goes once its last call leaves. */
  retired: boolean;
}

export const before = (a: EntryRec, b: EntryRec): boolean => a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq);

export function arrivalOf(e: EntryRec): EntryArrival {
  return { seq: e.seq, enteredAt: e.enteredAt, priority: e.priority };
}
