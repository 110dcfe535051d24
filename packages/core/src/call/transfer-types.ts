/** Where a call can be handed on (manual 8): another agent, a phone number, a workflow. */
export type TransferTarget = { type: 'agent'; agentId: string } | { type: 'number'; number: string } | { type: 'workflow'; workflowId: string };

/** blind: the caller goes at once; consult: held while the agent talks to the target; assisted: consult to a workflow. */
export type CallTransferKind = 'blind' | 'consult' | 'assisted';

/** The agent's transfer, consult and conference actions (protocol's transfer commands). */
export type TransferAction =
  | { type: 'transfer'; kind: CallTransferKind; to: TransferTarget }
  | { type: 'complete-transfer' }
  | { type: 'merge' }
  | { type: 'cancel-consult' }
  | { type: 'add-party'; to: TransferTarget }
  | { type: 'hold-party'; partyId: string; held: boolean }
  | { type: 'remove-party'; partyId: string }
  | { type: 'leave-conference' }
  | { type: 'terminate-conference' };

/** A target checked and resolved by the desk: who or what, and how the agent sees it. */
export type ResolvedTarget =
  | { type: 'agent'; agentId: string; label: string }
  | { type: 'number'; number: string; label: string }
  | { type: 'workflow'; workflowId: string; label: string };

/** The view's form of a target (the record's `to`). */
export function targetRef(t: ResolvedTarget): { type: ResolvedTarget['type']; id: string; label: string } {
  return { type: t.type, id: t.type === 'agent' ? t.agentId : t.type === 'number' ? t.number : t.workflowId, label: t.label };
}
