/** The slice of RTCPeerConnection that waiting for ICE gathering needs (the sdk has no DOM types). */
export interface IceGatheringPeer {
  readonly iceGatheringState: string;
  addEventListener(type: 'icegatheringstatechange', listener: () => void): void;
  removeEventListener(type: 'icegatheringstatechange', listener: () => void): void;
}

/** How long to wait for ICE gathering: a host candidate comes at once; a STUN server that never answers must not hold the call. */
export const GATHER_LIMIT_MS = 4000;

/**
 * Resolves once the peer has gathered every candidate, or after `limitMs` with what it has (ICE
 * gathering may stall on hosts with odd interfaces)
 * (non-trickle: our offer or answer goes out whole, so it waits for them). Used by the agent's
 * adapter and the supervisor's workspace alike.
 */
export function iceGathered(pc: IceGatheringPeer, limitMs = GATHER_LIMIT_MS): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = (): void => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const timer = setTimeout(done, limitMs);
    pc.addEventListener('icegatheringstatechange', check);
  });
}
