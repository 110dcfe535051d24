/** What the router knows about one agent (derived by the server from AgentSession views). */
export interface RoutingAgentUpdate {
  agentId: string;
  campaignIds: readonly string[];
  /** Voice connected, presence Available, activity idle: may be offered a queued call now. */
  ready: boolean;
  /** Paused but may receive transfers (manual 3); kept for transfer routing. */
  transfersWhilePaused?: boolean;
  /** Voice connected and nothing open, whatever the presence: a transfer could reach them. */
  idle?: boolean;
  skills?: readonly string[];
  /** When the agent became idle (epoch ms); default now. Longest idle is served first. */
  idleSince?: number;
}

export interface QueueEntryInput {
  /** Usually the interaction id: one entry per waiting call. */
  entryId: string;
  queueId: string;
  /** Higher first; default 0. */
  priority?: number;
  /** Every skill here must be among the agent's. */
  skills?: readonly string[];
  /**
   * A call moved here from another queue (overflow) keeps its original place:
   * arrival order and enqueue time (for priority and reporting) and priority.
   */
  arrival?: EntryArrival;
  /** False: no maximum wait in this queue (the call already overflowed out of it once). */
  maxWait?: boolean;
}

/** Where a call stands in the line, carried when it moves to another queue. */
export interface EntryArrival {
  seq: number;
  /** Clock.monotonic() when the call first joined a queue. */
  enteredAt: number;
  priority: number;
}

/** A queue as the router sees it. */
export interface RoutingQueue {
  id: string;
  campaignId: string;
  /** Longest a call waits here before 'overflow' (ms); null/absent: no limit. */
  maxWaitMs?: number | null;
  /** How long a missed or declined call is kept away from that agent (ms); default the router's. */
  reofferAfterMs?: number;
}

/** A call waited its queue's maximum: it has left the router; the server carries out the queue's overflow action. */
export interface RoutingOverflow {
  entryId: string;
  queueId: string;
  campaignId: string;
  waitedMs: number;
  arrival: EntryArrival;
}

export interface RoutingOffer {
  entryId: string;
  queueId: string;
  campaignId: string;
  agentId: string;
  /** Time in queue so far (ms, Clock). */
  waitedMs: number;
}

export type OfferFailCause = 'missed' | 'declined' | 'voice-dropped' | 'failed';

export interface QueueStats {
  queueId: string;
  waiting: number;
  /** Longest current wait in ms; 0 when empty. */
  longestWaitMs: number;
  /** Calls ringing an agent now. */
  offered: number;
}

export interface RouterEvents {
  [k: string]: unknown;
  offer: RoutingOffer;
  /** The caller hung up while an agent's phone rang: stop ringing, session.offerEnded('withdrawn'). */
  'offer-withdrawn': { entryId: string; agentId: string };
  /** A call reached its queue's maximum wait (never while it rings an agent: then when that offer fails). */
  overflow: RoutingOverflow;
  /** A call joined a queue (observers: the supervisors' floor counts waiting calls live). */
  entered: { entryId: string; queueId: string };
  /** An agent answered a queued call; waitedMs since it first joined a queue (service level). */
  answered: { entryId: string; queueId: string; waitedMs: number };
  /** The caller hung up while waiting or ringing (abandoned). */
  removed: { entryId: string; queueId: string; waitedMs: number };
}
