import { iceGathered } from '@switchboard/sdk';

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
