import type { ConnectedCall } from './connected-call';
import type { TransferAction } from './transfer-types';

/**
 * The agent's transfer, consult and conference actions on their connected call. Each operation
 * checks its own capability flag first (CallTransfers.capabilities, the flags the adapter renders)
 * and throws InteractionActionError (ACTION_NOT_ALLOWED) when it is not allowed now.
 */
export function applyTransferAction(call: ConnectedCall, action: TransferAction): void {
  const t = call.transfers;
  switch (action.type) {
    case 'transfer':
      return t.start(action.kind, action.to);
    case 'complete-transfer':
      return t.complete();
    case 'merge':
      return t.merge();
    case 'cancel-consult':
      return t.cancel();
    case 'add-party':
      return t.addParty(action.to);
    case 'hold-party':
      return t.holdParty(action.partyId, action.held);
    case 'remove-party':
      return t.removeParty(action.partyId);
    case 'leave-conference':
      return t.leave();
    case 'terminate-conference':
      return t.terminate();
  }
}
