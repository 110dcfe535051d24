import type { AgentSessionView } from '../agent/types';
import type { RoutingAgentUpdate } from './types';

/**
 * Ready for a queued call: a connected voice path, Available, and nothing
 * open (idle). Paused agents, including Auto Pause, are never offered queue
 * calls; transfersWhilePaused only matters to transfers.
 */
export function isRoutable(view: Pick<AgentSessionView, 'voice' | 'presence' | 'activity'>): boolean {
  return view.voice.status === 'connected' && view.presence.kind === 'available' && view.activity === 'idle';
}

/** The router update for a session view (null view: the session ended, ready false). */
export function routingUpdateFrom(view: AgentSessionView, extra: { transfersWhilePaused?: boolean; skills?: readonly string[] } = {}): RoutingAgentUpdate {
  return {
    agentId: view.agent.id,
    campaignIds: view.campaigns.map((c) => c.id),
    ready: isRoutable(view),
    idle: view.voice.status === 'connected' && view.activity === 'idle',
    ...(extra.transfersWhilePaused !== undefined ? { transfersWhilePaused: extra.transfersWhilePaused } : {}),
    ...(extra.skills ? { skills: extra.skills } : {}),
  };
}
