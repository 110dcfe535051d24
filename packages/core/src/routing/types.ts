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
}
