import { FINAL_INTERACTION_STATES, listTransferDestinations, transferAgentState, type CallDesk, type WorkspaceConfig } from '@switchboard/core';
import type { TransferDestinations } from '@switchboard/protocol';
import { apiError } from '../http/api-error';
import type { AgentSessionDirectory } from '../sessions/session-directory';

export interface TransferDestinationsDeps {
  /** The call desk; undefined when the engine is off (no calls, so every interaction is unknown). */
  desk: Pick<CallDesk, 'get'> | undefined;
  /** The live agent sessions: whoever is signed in, with their presence, activity and voice path. */
  directory: Pick<AgentSessionDirectory, 'all'>;
  workspace(): WorkspaceConfig;
}

/**
 * GET /api/v1/calls/:interactionId/transfer-destinations: the Transfer dialog's lists for one of
 * the agent's open calls (core's listTransferDestinations over every live session). 404 NOT_FOUND
 * when the interaction is unknown, finished or someone else's (never telling which).
 */
export function transferDestinationsFor(d: TransferDestinationsDeps, agentId: string, interactionId: string): TransferDestinations {
  const call = d.desk?.get(interactionId);
  const i = call?.interaction;
  if (!i || i.agentId !== agentId || FINAL_INTERACTION_STATES.includes(i.state)) {
    throw apiError('NOT_FOUND', `No open call ${interactionId} for this agent`, { interactionId });
  }
  return listTransferDestinations({
    workspace: d.workspace(),
    campaignId: i.campaign?.id ?? null,
    agentId,
    agents: d.directory.all().map((s) => transferAgentState(s.view())),
  });
}
