import type { AgentView, CallCapabilities, CallParty, CallView, Command, TransferDestinations, TransferView } from '@switchboard/protocol';
import { callView, withCall } from './call-views';

/**
 * Canned views of issue 18 (transfers, consults, conferences) as the server would send them,
 * and a scripted server that walks a call through them: transfer (consult) → ringing, merge →
 * a three-party conference, hold-party, leave-conference → wrap. Phases the target's side
 * decides (Ringing → Talking) are pushed by the test.
 */

const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

export function destinations(): TransferDestinations {
  return {
    agents: [
      { agentId: 'agt_bob', name: 'Bob Smith', state: 'available', reason: null, since: ago(75) },
      { agentId: 'agt_carol', name: 'Carol Jones', state: 'paused', reason: 'Training', since: ago(610) },
      { agentId: 'agt_dave', name: 'Dave Brown', state: 'available', reason: null, since: ago(8) },
    ],
    numbers: [
      { label: 'Billing desk', number: '+61290000099' },
      { label: 'After hours', number: '+61290000100' },
    ],
    workflows: [
      { id: 'payments', name: 'Payments' },
      { id: 'survey', name: 'Post-call survey' },
    ],
  };
}

export function party(id: string, role: CallParty['role'], label: string, over: Partial<CallParty> = {}): CallParty {
  return { id, role, label, agentId: null, number: null, state: 'connected', me: false, joinedAt: ago(30), endedAt: null, ...over };
}

const CUSTOMER = party('p_customer', 'customer', '+61298765432', { number: '+61298765432' });
const ME = party('p_alice', 'agent', 'Alice Nguyen', { agentId: 'agt_alice', me: true });

/** A live call the agent may transfer (two parties: the caller and the agent). */
export function transferableCall(over: Partial<CallView> = {}): CallView {
  const base = callView('live');
  return callView('live', {
    parties: [CUSTOMER, ME],
    capabilities: { ...base.capabilities, canTransfer: true },
    ...over,
  });
}

const CONSULTING: Partial<CallCapabilities> = {
  canTransfer: false,
  canHold: false,
  canResume: false,
  canCancelConsult: true,
};

/** A consult in the given phase; talking allows Transfer and Merge lines. */
export function consultCall(to: TransferView['to'], phase: TransferView['phase'], kind: TransferView['kind'] = 'consult', failure: string | null = null): CallView {
  const base = transferableCall();
  const target = party(`p_${to.id}`, to.type === 'agent' ? 'agent' : to.type === 'workflow' ? 'workflow' : 'third-party', to.label, {
    state: phase === 'talking' ? 'connected' : phase === 'failed' ? 'ended' : 'connecting',
  });
  return {
    ...base,
    held: true,
    parties: [{ ...CUSTOMER, state: 'held' }, ME, target],
    transfer: { kind, to, phase, since: new Date().toISOString(), failure },
    capabilities: {
      ...base.capabilities,
      ...CONSULTING,
      canCompleteTransfer: phase === 'talking',
      // As core: an assisted transfer (to a workflow) is completed, not merged.
      canMerge: phase === 'talking' && kind === 'consult',
      // Tones go out during a consult too; an assisted transfer's go to the workflow.
      canSendDtmf: true,
    },
  };
}

/** After Merge lines: everyone talks; parties can be held, removed, added; Hang up asks Leave / Terminate. */
export function conferenceCall(parties: CallParty[]): CallView {
  const base = transferableCall();
  return {
    ...base,
    held: false,
    parties,
    transfer: null,
    conference: true,
    capabilities: { ...base.capabilities, canTransfer: false, canHold: false, canAddParty: parties.length < 5, canManageParties: true, canLeave: true },
  };
}

const labelOf = (to: Extract<Command, { type: 'transfer' }>['to']): TransferView['to'] => {
  const d = destinations();
  if (to.type === 'agent') return { type: 'agent', id: to.agentId, label: d.agents.find((a) => a.agentId === to.agentId)?.name ?? to.agentId };
  if (to.type === 'workflow') return { type: 'workflow', id: to.workflowId, label: d.workflows.find((w) => w.id === to.workflowId)?.name ?? to.workflowId };
  return { type: 'number', id: to.number, label: d.numbers.find((n) => n.number === to.number)?.label ?? to.number };
};

/** The scripted server's answers to issue 18's commands (anything else leaves the view as it is). */
export function transferScript(c: Command, v: AgentView): AgentView {
  const call = v.interaction!;
  switch (c.type) {
    case 'transfer':
      return withCall(v, consultCall(labelOf(c.to), 'ringing', c.kind));
    case 'merge':
      return withCall(v, conferenceCall(call.parties.map((p) => ({ ...p, state: 'connected' as const }))));
    case 'cancel-consult':
      return withCall(v, transferableCall());
    case 'hold-party':
      return withCall(v, { ...call, parties: call.parties.map((p) => (p.id === c.partyId ? { ...p, state: c.held ? 'held' : 'connected' } : p)) });
    case 'leave-conference':
    case 'terminate-conference':
      return withCall(v, {
        ...callView('ended'),
        endedAt: new Date().toISOString(),
        endCause: c.type,
        wrap: {
          outcomes: [{ id: 'resolved', name: 'Resolved', default: true }],
          deadline: null,
          remainingSeconds: null,
          canExtend: false,
          extendSeconds: null,
          outcomeRequired: false,
        },
      });
    default:
      return v;
  }
}
