/** ICE gathering may stall on hosts with odd interfaces: after this, the candidates so far are sent. */
const GATHER_LIMIT_MS = 4000;

/** Resolves when the peer connection has gathered every candidate (non-trickle), or after a time limit. */
export function iceGathered(pc: RTCPeerConnection, limitMs = GATHER_LIMIT_MS): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = () => pc.iceGatheringState === 'complete' && done();
    const timer = setTimeout(done, limitMs);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

/**
 * The whole offer/answer exchange, non-trickle: our offer with every candidate
 * in it goes to `post`, which returns the server's answer SDP.
 */
export async function negotiate(pc: RTCPeerConnection, post: (offerSdp: string) => Promise<string>): Promise<void> {
  await pc.setLocalDescription(await pc.createOffer());
  await iceGathered(pc);
  const sdp = pc.localDescription?.sdp;
  if (!sdp) throw new Error('The browser produced no SDP offer');
  const answer = await post(sdp);
  await pc.setRemoteDescription({ type: 'answer', sdp: answer });
}

/** Plays what the peer sends through `audio` (an <audio> element kept in the page). */
export function playRemote(pc: RTCPeerConnection, audio: HTMLAudioElement): void {
  pc.addEventListener('track', (e) => {
    audio.srcObject = e.streams[0] ?? new MediaStream([e.track]);
    void audio.play().catch(() => undefined); // autoplay refused: the Connect click normally allows it
  });
}
