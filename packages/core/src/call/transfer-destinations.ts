import type { AgentSessionActivity, AgentSessionView } from '../agent/types';
import type { WorkspaceConfig } from '../workspace/types';

/**
 * Where an agent may hand a call on (manual 8): the Transfer dialog's three lists, and the rule a
 * transfer to an agent is checked against when it is asked for (so the list and the command agree).
 */

/** One agent's live state, as transfers read it (from the agent session's view). */
export interface TransferAgentState {
  agentId: string;
  name: string;
  presence: 'available' | 'paused';
  /** Null when available. */
  pauseReason: { id: string; name: string } | null;
  /** idle: nothing offered, no call, not in wrap, voice path up (no-voice / connecting-voice otherwise). */
  activity: AgentSessionActivity;
  voiceConnected: boolean;
  /** ISO time the current presence began (the dialog's time in state). */
  since: string;
}

/** The Transfer dialog's lists; structurally protocol's TransferDestinations. */
export interface TransferDestinationLists {
  agents: Array<{ agentId: string; name: string; state: 'available' | 'paused'; reason: string | null; since: string }>;
  numbers: Array<{ label: string; number: string }>;
  workflows: Array<{ id: string; name: string }>;
}

/** The workspace sections the rule reads. */
export type TransferWorkspace = Pick<WorkspaceConfig, 'pauseReasons' | 'agents'>;

export function transferAgentState(view: AgentSessionView): TransferAgentState {
  const p = view.presence;
  return {
    agentId: view.agent.id,
    name: view.agent.displayName,
    presence: p.kind,
    pauseReason: p.kind === 'paused' ? { id: p.reason.id, name: p.reason.name } : null,
    activity: view.activity,
    voiceConnected: view.voice.status === 'connected',
    since: view.since,
  };
}

/**
 * The presence half of the rule: Available, or Paused with a reason marked `takesTransfers`, or
 * any pause for an agent configured `transfersWhilePaused` (manual 3's per-agent setting, which
 * the router honours too). A transfer refused here is "paused", not "busy".
 */
export function presenceTakesTransfers(agent: Pick<TransferAgentState, 'agentId' | 'presence' | 'pauseReason'>, ws: TransferWorkspace): boolean {
  if (agent.presence === 'available') return true;
  const reasonId = agent.pauseReason?.id;
  if (reasonId !== undefined && ws.pauseReasons.some((r) => r.id === reasonId && r.takesTransfers === true)) return true;
  return ws.agents.some((a) => a.id === agent.agentId && a.transfersWhilePaused);
}

/**
 * May this agent be handed a call now: idle (nothing offered, no call, no wrap) with a connected
 * voice path, and Available or Paused with a reason (or agent setting) that takes transfers.
 */
export function canTakeTransfer(agent: TransferAgentState, ws: TransferWorkspace): boolean {
  return agent.activity === 'idle' && agent.voiceConnected && presenceTakesTransfers(agent, ws);
}

export interface TransferDestinationsInput {
  workspace: WorkspaceConfig;
  /** The interaction's campaign (its transfer numbers are listed); null: none. */
  campaignId: string | null;
  /** The agent asking, never listed. */
  agentId: string;
  /** Every signed-in agent's live state. */
  agents: readonly TransferAgentState[];
}

/**
 * The Transfer dialog's lists: agents who can take a transfer now (by name), the campaign's
 * transfer numbers, and the workflows marked `transferTarget` (both in file order).
 */
export function listTransferDestinations(input: TransferDestinationsInput): TransferDestinationLists {
  const ws = input.workspace;
  const known = new Set(ws.agents.map((a) => a.id));
  const agents = input.agents
    .filter((a) => a.agentId !== input.agentId && known.has(a.agentId) && canTakeTransfer(a, ws))
    .map((a) => ({ agentId: a.agentId, name: a.name, state: a.presence, reason: a.pauseReason?.name ?? null, since: a.since }))
    .sort((x, y) => x.name.localeCompare(y.name) || x.agentId.localeCompare(y.agentId));
  const campaign = input.campaignId === null ? undefined : ws.campaigns.find((c) => c.id === input.campaignId);
  return {
    agents,
    numbers: (campaign?.transferNumbers ?? []).map((n) => ({ label: n.label, number: n.number })),
    workflows: (ws.workflows ?? []).filter((w) => w.transferTarget === true).map((w) => ({ id: w.id, name: w.name })),
  };
}
