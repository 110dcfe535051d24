import type { CallDesk } from '@switchboard/core';
import type { InboundCalls } from './demo-calls';

/** The call desk as the demo caller sees it: hand over a leg, ask where its call is. */
export function centerInbound(desk: CallDesk): InboundCalls {
  return {
    takeInbound: (call) => desk.takeInbound(call),
    stateOfCustomerLeg: (legId) => desk.stateOfCustomerLeg(legId),
  };
}
