import type { TransferredFromInfo } from '../interaction/transfer-steps';
import { targetFailedMessage } from './cause-messages';
import type { NewParty, Party } from './call-room';
import type { ConnectedCall } from './connected-call';
import type { HandedOnCall } from './handed-on-call';
import type { PortLeg } from './telephony-port';
import type { ResolvedTarget } from './transfer-types';

/** How long a dialled transfer or consult number rings before it counts as no answer. */
export const TARGET_RING_MS = 30_000;

export interface ReachHandlers {
  /** The target answered and is in the room (an agent through their own handed-on call). */
  answered(party: Party): void;
  failed(why: string): void;
}

/** A target being reached: cancel gives it up (an agent's offer is withdrawn, a dial hung up). */
export interface Reach {
  cancel(): void;
}

/**
 * Reaches an agent or a number for a call's room: an agent is offered the call as a handed-on
 * call of their own (they join the room when they take it); a number is dialled out of the trunk
 * and joins the room when it answers.
 */
export function reachTarget(call: ConnectedCall, target: Exclude<ResolvedTarget, { type: 'workflow' }>, from: TransferredFromInfo, customerHeld: boolean, h: ReachHandlers): Reach {
  const hand = call.host.handOn!;
  const room = call.room;
  let over = false;
  if (target.type === 'agent') {
    let handed: HandedOnCall | undefined;
    handed = hand.ringAgent({
      agentId: target.agentId,
      room,
      origin: call.interaction,
      from,
      customerHeld,
      answered: (c) => {
        if (over) return;
        over = true;
        const party = c.connected?.me;
        if (party) h.answered(party);
        else h.failed('The agent could not be connected');
      },
      missed: (why) => {
        if (over) return;
        over = true;
        h.failed(why);
      },
    });
    return {
      cancel: () => {
        if (over) return;
        over = true;
        handed?.withdraw();
        handed = undefined;
      },
    };
  }
  let leg: PortLeg | undefined;
  call.host.port
    .dial({
      to: { kind: 'customer', number: target.number },
      from: hand.callerId(call.interaction),
      ringTimeoutMs: TARGET_RING_MS,
      context: { agentId: call.agentId, purpose: 'transfer' },
      continues: call.customer,
    })
    .then(
      (l) => {
        if (over) return l.hangup('cancelled');
        leg = l;
        l.on('answered', () => {
          if (over) return;
          over = true;
          if (room.ended) return l.hangup('normal');
          const p: NewParty = { id: l.id, role: 'third-party', leg: l, agentId: null, number: target.number, label: target.label, keep: false };
          h.answered(room.add(p));
        });
        l.on('ended', ({ cause }) => {
          if (over) return;
          over = true;
          h.failed(targetFailedMessage(cause));
        });
      },
      (err: unknown) => {
        if (over) return;
        over = true;
        h.failed(err instanceof Error ? err.message : 'The number could not be dialled');
      },
    );
  return {
    cancel: () => {
      if (over) return;
      over = true;
      leg?.hangup('cancelled');
    },
  };
}
