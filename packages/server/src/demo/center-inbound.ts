import type { CallCenter } from '../calls/call-center';
import type { InboundCalls } from './demo-calls';

/** The call center as the demo caller sees it: hand over a leg, ask where its call is. */
export function centerInbound(center: CallCenter): InboundCalls {
  return {
    takeInbound: (leg) => center.takeInbound(leg),
    stateOfCustomerLeg(legId) {
      for (const c of center.calls.values()) if (c.customerLegId === legId) return c.interaction.state;
      return undefined;
    },
  };
}
