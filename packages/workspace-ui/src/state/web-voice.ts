import { iceGathered } from '@switchboard/sdk';

/**
 * Web Connect for monitoring: this browser's microphone and speaker as the supervisor's voice
 * path. Non-trickle, as the adapter's: the offer carries every candidate; the server answers.
 */
export class WebVoice {
  private pc: RTCPeerConnection | undefined;
  private mic: MediaStream | undefined;

  /** Opens the microphone and a peer connection; resolves with the offer SDP. */
  async offer(): Promise<string> {
    this.close();
    // As the demo caller: echo cancelled (the call may come out of speakers), no noise suppression
    // (it eats steady sounds and the start of words).
    const mic = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: false, autoGainControl: true }, video: false });
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    this.mic = mic;
    this.pc = pc;
    for (const t of mic.getAudioTracks()) pc.addTrack(t, mic);
    const audio = audioElement();
    pc.addEventListener('track', (e) => {
      audio.srcObject = e.streams[0] ?? new MediaStream([e.track]);
      void audio.play().catch(() => undefined);
    });
    await pc.setLocalDescription(await pc.createOffer());
    await iceGathered(pc);
    const sdp = pc.localDescription?.sdp;
    if (!sdp) throw new Error('The browser produced no SDP offer');
    return sdp;
  }

  async answer(sdp: string): Promise<void> {
    await this.pc?.setRemoteDescription({ type: 'answer', sdp });
  }

  /** Hangs up here: the peer connection closes (the server sees the leg end), the microphone is released. */
  close(): void {
    this.pc?.close();
    for (const t of this.mic?.getTracks() ?? []) t.stop();
    this.pc = undefined;
    this.mic = undefined;
    const a = document.getElementById('monitor-audio') as HTMLAudioElement | null;
    if (a) a.srcObject = null;
  }
}

/** The hidden <audio> that plays the call to the supervisor. */
function audioElement(): HTMLAudioElement {
  let a = document.getElementById('monitor-audio') as HTMLAudioElement | null;
  if (!a) {
    a = document.createElement('audio');
    a.id = 'monitor-audio';
    a.autoplay = true;
    a.hidden = true;
    document.body.append(a);
  }
  return a;
}
