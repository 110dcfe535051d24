import { RTCPeerConnection, RTCRtpCodecParameters } from 'werift';

/**
 * A stand-in for a browser in tests: a full ICE agent (werift), PCMU, offering. WebRtcLeg is
 * ICE-lite, so two of those never connect; a browser (and this) does.
 */
export class FullIcePeer {
  readonly pc = new RTCPeerConnection({
    codecs: { audio: [new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 })], video: [] },
    iceUseIpv6: false,
    iceAdditionalHostAddresses: ['127.0.0.1'],
  });
  async createOffer(): Promise<string> {
    this.pc.addTransceiver('audio', { direction: 'sendrecv' });
    await this.pc.setLocalDescription(await this.pc.createOffer());
    return JSON.stringify({ type: 'offer', sdp: this.pc.localDescription!.sdp });
  }
  async acceptAnswer(json: string): Promise<void> {
    await this.pc.setRemoteDescription(JSON.parse(json) as { type: 'answer'; sdp: string });
  }
  async close(): Promise<void> {
    await this.pc.close();
  }
}
