import {
  HashAlgorithm,
  NamedCurveAlgorithm,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  SignatureAlgorithm,
  createSelfSignedCertificate,
  type DtlsKeys,
  type RTCRtpTransceiver,
} from 'werift';
import { payloadMapFor } from '../codec/payload-types';
import { MediaError } from '../errors';
import { MediaLeg, type MediaLegOptions } from '../leg/media-leg';

export interface WebRtcLegOptions extends Omit<MediaLegOptions, 'payload' | 'ptimeMs'> {
  /** Host address for our ICE candidate (the address browsers can reach). */
  host?: string;
  /** UDP ports werift may use for ICE (min < max). */
  portRange?: [number, number];
}

interface SessionDescriptionJson {
  type: 'offer' | 'answer';
  sdp: string;
}

/** A fresh ECDSA P-256 certificate: one per leg, so no two peers share DTLS keys. */
export async function generateDtlsKeys(): Promise<DtlsKeys> {
  return createSelfSignedCertificate({ signature: SignatureAlgorithm.ecdsa_3, hash: HashAlgorithm.sha256_4 }, NamedCurveAlgorithm.secp256r1_23);
}

/**
 * A browser leg ("Web Connect"): werift in ICE-lite mode, PCMU only over
 * DTLS-SRTP, no transcoding. Signalling is two JSON strings: the browser's
 * offer in, our answer out (or our offer out, its answer in). Bridged to an
 * RTP leg, PCMU payloads pass as-is; werift sets its own SSRC/payload type,
 * so telephone events are not relayed toward a browser.
 */
export class WebRtcLeg extends MediaLeg {
  readonly pc: RTCPeerConnection;
  private transceiver: RTCRtpTransceiver | undefined;

  private constructor(opts: WebRtcLegOptions, keys: DtlsKeys) {
    super({ ...opts, payload: payloadMapFor('PCMU', -1), ptimeMs: 20 });
    const host = opts.host ?? '127.0.0.1';
    this.pc = new RTCPeerConnection({
      codecs: { audio: [new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 })], video: [] },
      headerExtensions: { audio: [], video: [] },
      iceLite: true,
      iceUseIpv6: false,
      iceAdditionalHostAddresses: [host],
      iceInterfaceAddresses: { udp4: host },
      ...(opts.portRange ? { icePortRange: opts.portRange } : {}),
      dtls: { keys },
    });
    this.pc.connectionStateChange.subscribe((state) => {
      this.emit('connection', { legId: this.id, state });
      if (state === 'failed' || state === 'closed') void this.close();
    });
    this.pc.onTransceiverAdded.subscribe((t) => this.attach(t));
  }

  /** Creates a leg with its own freshly generated DTLS certificate. */
  static async create(opts: WebRtcLegOptions): Promise<WebRtcLeg> {
    return new WebRtcLeg(opts, await generateDtlsKeys());
  }

  private attach(t: RTCRtpTransceiver): void {
    if (t.kind !== 'audio' || this.transceiver) return;
    this.transceiver = t;
    // werift makes a transceiver for a remote offer 'recvonly'; we also send.
    if (t.direction !== 'sendrecv') t.setDirection('sendrecv');
    t.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => {
        const buf = rtp.serialize();
        this.receive(buf, 0, buf.length);
      });
    });
  }

  /** Takes the browser's offer (JSON of RTCSessionDescriptionInit) and returns our answer. */
  async acceptOffer(offerJson: string): Promise<string> {
    const offer = parseDescription(offerJson, 'offer');
    if (!/^a=rtpmap:\d+ PCMU\/8000/im.test(offer.sdp)) {
      throw new MediaError('MEDIA_UNSUPPORTED_CODEC', 'the offer has no PCMU: WebRTC legs do not transcode');
    }
    await this.pc.setRemoteDescription(offer);
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
    if (this.sm.state === 'idle') this.sm.transition('active');
    const d = this.pc.localDescription ?? answer;
    return JSON.stringify({ type: d.type, sdp: d.sdp });
  }

  /** Our offer, for when the server calls the browser. */
  async createOffer(): Promise<string> {
    this.attach(this.pc.addTransceiver('audio', { direction: 'sendrecv' }));
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    const d = this.pc.localDescription ?? offer;
    return JSON.stringify({ type: d.type, sdp: d.sdp });
  }

  async acceptAnswer(answerJson: string): Promise<void> {
    await this.pc.setRemoteDescription(parseDescription(answerJson, 'answer'));
    if (this.sm.state === 'idle') this.sm.transition('active');
  }

  /** ICE/DTLS state: 'connected' once media can flow. */
  get connectionState(): string {
    return this.pc.connectionState;
  }

  protected transmit(buf: Buffer, off: number, len: number): void {
    const t = this.transceiver;
    if (!t) return;
    // werift keeps the packet for NACK retransmission: give it its own copy.
    void t.sender.sendRtp(Buffer.from(buf.subarray(off, off + len))).catch((err: unknown) => this.log.debug({ err }, 'webrtc send failed'));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.markClosed();
    await this.pc.close().catch(() => {});
  }
}

function parseDescription(json: string, type: 'offer' | 'answer'): SessionDescriptionJson {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    throw new MediaError('MEDIA_BAD_SDP', `the ${type} is not JSON`);
  }
  const d = v as Partial<SessionDescriptionJson>;
  if (!d || d.type !== type || typeof d.sdp !== 'string' || !d.sdp.startsWith('v=0')) {
    throw new MediaError('MEDIA_BAD_SDP', `expected {"type":"${type}","sdp":"v=0..."}`);
  }
  return { type, sdp: d.sdp };
}
