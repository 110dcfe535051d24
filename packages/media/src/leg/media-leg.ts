import { TypedEmitter, silentLogger, type Clock, type Logger, type StateMachine } from '@switchboard/shared';
import { decodeG711, encodeG711, silenceByte, transcodeG711InPlace } from '../codec/g711';
import { payloadMapFor, type PayloadMap } from '../codec/payload-types';
import { InbandDtmfDetector } from '../dtmf/inband-detector';
import { Rfc4733Tracker } from '../dtmf/rfc4733';
import type { DtmfDigit } from '../dtmf/dtmf-digits';
import { MediaError } from '../errors';
import { rtpHeaderLength, rtpPayloadLength, rtpSeq, rtpSsrc, rtpSsrc32, rtpTimestamp, rtpTimestamp32, writeRtpHeader } from '../rtp/packet';
import { LOCAL_EVENT_SOURCE } from '../rtp/rtp-rewriter';
import { RtpRewriter } from '../rtp/rtp-rewriter';
import { ReceiverStats } from '../rtcp/receiver-stats';
import { canReceive, canSend, mediaLegStateMachine, type MediaLegState, type MediaDirection } from './leg-state';
import type { MediaLegEvents, PcmTap } from './leg-events';

export interface MediaLegOptions {
  id: string;
  clock: Clock;
  logger?: Logger;
  payload?: PayloadMap;
  /** Outgoing packet length for locally generated audio: 20 (default) or 30 ms. */
  ptimeMs?: number;
  /** Run Goertzel DTMF detection on received audio (off by default: it costs CPU). */
  inbandDtmf?: boolean;
}

export interface LegStats {
  packetsIn: number;
  packetsOut: number;
  /** Malformed, unexpected payload type, or from a stranger after latching. */
  packetsDropped: number;
  /** RFC 3550 cumulative loss of the received audio stream. */
  packetsLost: number;
  /** RFC 3550 interarrival jitter, in ms. */
  jitterMs: number;
}

const MAX_FRAME = 480; // 60 ms of G.711
const POOL = 16;

/**
 * What every leg (plain RTP or WebRTC) does with media, independent of its
 * transport: parse received RTP, track DTMF, decode for taps, relay to the
 * bridged peer with header rewrite (and PCMU<->PCMA transcoding), packetize
 * local audio. The transport subclass supplies `transmit()` and calls
 * `receive()` for each datagram.
 *
 * Hot path (receive → relay): header fields are read from the datagram's own
 * Buffer, the payload is transcoded in place if needed, a fresh 12-byte header
 * is written just before the payload (over any CSRC/extension) and the same
 * Buffer goes out. No object, closure or buffer is created per packet.
 */
export abstract class MediaLeg extends TypedEmitter<MediaLegEvents> {
  readonly id: string;
  readonly clock: Clock;
  protected readonly log: Logger;
  protected readonly sm: StateMachine<MediaLegState>;
  payload: PayloadMap;
  direction: MediaDirection = 'sendrecv';
  readonly ptimeMs: number;
  /** The leg our received media is relayed to (set by Bridge). */
  peer: MediaLeg | undefined;
  /** Taps that receive decoded audio (recorder, conference). */
  readonly taps: PcmTap[] = [];
  /** >0 while a prompt/tone/mixer writes into this leg: relayed media is held back. */
  localSources = 0;

  readonly rewriter = new RtpRewriter();
  readonly stats = new ReceiverStats();
  protected started = false;
  protected lastRxAt = -1;
  packetsIn = 0;
  packetsOut = 0;
  packetsDropped = 0;

  private readonly pcm = new Int16Array(MAX_FRAME);
  private readonly rfc4733: Rfc4733Tracker;
  private inband: InbandDtmfDetector | undefined;
  private maskOn = false;
  private maskToward: ReadonlySet<MediaLeg> | undefined;
  private maskHold = 0;
  private maskClassifier: InbandDtmfDetector | undefined;
  private muteOn = false;
  private readonly pool: Buffer[] = [];
  private poolIdx = 0;
  private readonly audioPool: Buffer[] = [];
  private audioPoolLen = 0;
  private audioPoolIdx = 0;
  private readonly pending = new Int16Array(MAX_FRAME);
  private pendingN = 0;

  constructor(opts: MediaLegOptions) {
    super();
    this.id = opts.id;
    this.clock = opts.clock;
    this.log = (opts.logger ?? silentLogger).child({ leg: opts.id });
    this.payload = opts.payload ?? payloadMapFor('PCMU');
    this.ptimeMs = opts.ptimeMs ?? 20;
    if (this.ptimeMs !== 20 && this.ptimeMs !== 30) throw new MediaError('MEDIA_BAD_ARGUMENT', `ptime ${this.ptimeMs} ms: 20 or 30 only`);
    this.sm = mediaLegStateMachine(this.id);
    this.sm.onTransition((from, to) => this.emit('state', { legId: this.id, from, to }));
    for (let i = 0; i < POOL; i++) this.pool.push(Buffer.alloc(16)); // telephone events: header + 4 bytes
    this.rfc4733 = new Rfc4733Tracker((digit, phase, ssrc, durationMs) => this.reportDigit(digit, phase, 'rfc4733', durationMs, ssrc));
    if (opts.inbandDtmf) this.setInbandDtmf(true);
    this.onListenerError((err, event) => this.log.error({ err, event }, 'media leg listener threw'));
  }

  get state(): MediaLegState {
    return this.sm.state;
  }

  get closed(): boolean {
    return this.sm.state === 'closed';
  }

  /** Has the first audio packet arrived? */
  get rtpStarted(): boolean {
    return this.started;
  }

  /** Counters for monitoring and call-quality records. */
  getStats(): LegStats {
    return {
      packetsIn: this.packetsIn,
      packetsOut: this.packetsOut,
      packetsDropped: this.packetsDropped,
      packetsLost: this.stats.cumulativeLost,
      jitterMs: this.stats.jitter / 8,
    };
  }

  setPayload(map: PayloadMap): void {
    this.payload = map;
  }

  setDirection(d: MediaDirection): void {
    this.direction = d;
  }

  setInbandDtmf(on: boolean): void {
    let startedAt = 0;
    this.inband = on
      ? new InbandDtmfDetector((digit, phase, atSample) => {
          if (phase === 'start') startedAt = atSample;
          this.reportDigit(digit, phase, 'inband', phase === 'end' ? Math.round((atSample - startedAt) / 8) : 0);
        })
      : undefined;
  }

  /**
   * DTMF masking: while on, telephone events from this leg are not relayed
   * toward `toward` (every peer when omitted), and in-band DTMF in its audio is
   * replaced by silence toward them and in every tap (recordings). Digits are
   * still reported as 'dtmf' events.
   */
  setMask(on: boolean, toward?: Iterable<MediaLeg>): void {
    this.maskOn = on;
    this.maskToward = on && toward ? new Set(toward) : undefined;
    this.maskHold = 0;
    if (on && !this.maskClassifier) this.maskClassifier = new InbandDtmfDetector(() => {});
  }

  get masked(): boolean {
    return this.maskOn;
  }

  /**
   * Mute: this leg's received audio still arrives (and its digits are still
   * reported) but is replaced by silence toward the peer and in every tap
   * (conference mix, recording), and its telephone events are not relayed.
   * The far end keeps a continuous stream, of silence.
   */
  setMuted(on: boolean): void {
    this.muteOn = on;
  }

  get muted(): boolean {
    return this.muteOn;
  }

  addTap(t: PcmTap): void {
    if (!this.taps.includes(t)) this.taps.push(t);
  }

  removeTap(t: PcmTap): void {
    const i = this.taps.indexOf(t);
    if (i >= 0) this.taps.splice(i, 1);
  }

  /** Sends a datagram [off, off+len) of buf to the far end. */
  protected abstract transmit(buf: Buffer, off: number, len: number): void;

  abstract close(): Promise<void>;

  /** Entry point for every received RTP datagram. */
  protected receive(buf: Buffer, off: number, len: number): void {
    const h = rtpHeaderLength(buf, off, len);
    if (h < 0) {
      this.packetsDropped++;
      return;
    }
    const payLen = rtpPayloadLength(buf, off, len, h);
    if (payLen < 0 || payLen > MAX_FRAME) {
      this.packetsDropped++;
      return;
    }
    this.packetsIn++;
    this.lastRxAt = this.clock.monotonic();
    if (!canReceive(this.direction)) return; // on hold: heard, not passed on
    const pt = buf[off + 1]! & 0x7f;
    const peer = this.peer;
    if (pt === this.payload.telephoneEventPt) {
      this.rfc4733.handle(rtpSsrc(buf, off), rtpTimestamp(buf, off), buf, off + h, payLen);
      if (peer && !this.muteOn && !(this.maskOn && this.maskedToward(peer))) peer.relay(this, buf, off, h, payLen, true, this.lastRxAt);
      return;
    }
    if (pt !== this.payload.audioPt) {
      this.packetsDropped++; // comfort noise, unexpected codecs
      return;
    }
    if (!this.started) this.onFirstAudio(buf, off);
    this.stats.update(rtpSeq(buf, off), rtpTimestamp32(buf, off), this.lastRxAt);
    let silenced = false;
    if (this.taps.length > 0 || this.inband || this.maskOn || this.muteOn) {
      const pcm = this.pcm;
      decodeG711(this.payload.codec, buf, off + h, payLen, pcm, 0);
      if (this.inband) this.inband.process(pcm, 0, payLen);
      if (this.muteOn) {
        silenced = true;
        pcm.fill(0, 0, payLen);
      } else if (this.maskOn) {
        if (this.maskClassifier!.classify(pcm, 0, payLen) >= 0 || this.inband?.activeDigit) this.maskHold = 3;
        if (this.maskHold > 0) {
          this.maskHold--;
          silenced = true;
          pcm.fill(0, 0, payLen);
        }
      }
      for (let i = 0; i < this.taps.length; i++) this.taps[i]!.onPcm(this, pcm, payLen);
    }
    if (peer) {
      if (silenced && (this.muteOn || this.maskedToward(peer))) buf.fill(silenceByte(this.payload.codec), off + h, off + h + payLen);
      peer.relay(this, buf, off, h, payLen, false, this.lastRxAt);
    }
  }

  private maskedToward(peer: MediaLeg): boolean {
    return this.maskToward === undefined || this.maskToward.has(peer);
  }

  /**
   * Sends a packet received on `from` out of this leg: rewrites the header in
   * place (our SSRC, continuous seq/ts, our payload type) and transcodes.
   */
  relay(from: MediaLeg, buf: Buffer, off: number, h: number, payLen: number, isEvent: boolean, now: number): void {
    if (this.localSources > 0 || !canSend(this.direction) || this.sm.state !== 'active') return;
    let pt: number;
    if (isEvent) {
      if (this.payload.telephoneEventPt < 0) return;
      pt = this.payload.telephoneEventPt;
    } else {
      pt = this.payload.audioPt;
      transcodeG711InPlace(from.payload.codec, this.payload.codec, buf, off + h, payLen);
    }
    const ssrc = rtpSsrc32(buf, off);
    const seq = rtpSeq(buf, off);
    const ts = rtpTimestamp32(buf, off);
    const marker = (buf[off + 1]! & 0x80) !== 0;
    const rw = this.rewriter;
    rw.map(ssrc, seq, ts, now);
    const o = off + h - 12;
    writeRtpHeader(buf, o, pt, rw.seqToSend, rw.ts32, rw.ssrc32, marker || rw.marker);
    this.packetsOut++;
    this.transmit(buf, o, 12 + payLen);
  }

  /**
   * Sends locally generated audio (prompt, tone, mixer output), packetized at
   * this leg's ptime. Call with any frame size; 20 ms is usual. Whole packets
   * are encoded straight from `samples` (a 20 ms mixer frame on a 20 ms leg is
   * never copied); only a packet split across calls gathers in `pending`.
   */
  sendPcm(samples: Int16Array, n: number): void {
    if (this.sm.state !== 'active' || !canSend(this.direction)) return;
    const frame = this.ptimeMs * 8;
    const pending = this.pending;
    let i = 0;
    while (i < n) {
      if (this.pendingN === 0 && n - i >= frame) {
        this.sendEncoded(samples, i, frame);
        i += frame;
        continue;
      }
      const take = Math.min(n - i, frame - this.pendingN);
      for (let k = 0, o = this.pendingN; k < take; k++, o++) pending[o] = samples[i + k]!;
      this.pendingN += take;
      i += take;
      if (this.pendingN === frame) {
        this.sendEncoded(pending, 0, frame);
        this.pendingN = 0;
      }
    }
  }

  /** Sends an already-built telephone event (e.g. DTMF toward a carrier). */
  sendTelephoneEvent(payload: Buffer, eventTs: number, marker: boolean): void {
    if (this.sm.state !== 'active' || this.payload.telephoneEventPt < 0) return;
    const buf = this.nextPoolBuffer();
    const rw = this.rewriter;
    rw.map(LOCAL_EVENT_SOURCE, (this.packetsOut + 1) & 0xffff, eventTs | 0, this.clock.monotonic());
    writeRtpHeader(buf, 0, this.payload.telephoneEventPt, rw.seqToSend, rw.ts32, rw.ssrc32, marker);
    payload.copy(buf, 12, 0, 4);
    this.packetsOut++;
    this.transmit(buf, 0, 16);
  }

  /** Called when a local source starts or stops writing into this leg. */
  attachLocalSource(): void {
    this.localSources++;
  }

  detachLocalSource(): void {
    if (this.localSources > 0) this.localSources--;
    this.pendingN = 0;
    this.rewriter.invalidate();
  }

  private sendEncoded(pcm: Int16Array, off: number, n: number): void {
    const buf = this.nextAudioBuffer(n);
    encodeG711(this.payload.codec, pcm, off, n, buf, 12);
    const rw = this.rewriter;
    rw.mapLocal(n, this.clock.monotonic());
    writeRtpHeader(buf, 0, this.payload.audioPt, rw.seqToSend, rw.ts32, rw.ssrc32, rw.marker);
    this.packetsOut++;
    this.transmit(buf, 0, 12 + n);
  }

  /**
   * A ring of send buffers exactly one packet of `n` samples long: the socket sends the whole
   * buffer, so dgram builds no slice of it per packet. Rebuilt if the packet length changes.
   */
  private nextAudioBuffer(n: number): Buffer {
    if (this.audioPoolLen !== 12 + n) {
      this.audioPoolLen = 12 + n;
      for (let i = 0; i < POOL; i++) this.audioPool[i] = Buffer.alloc(12 + n);
    }
    const b = this.audioPool[this.audioPoolIdx]!;
    this.audioPoolIdx = (this.audioPoolIdx + 1) % POOL;
    return b;
  }

  /** A ring of send buffers: a buffer is reused 16 packets later, long after the send. */
  private nextPoolBuffer(): Buffer {
    const b = this.pool[this.poolIdx]!;
    this.poolIdx = (this.poolIdx + 1) % POOL;
    return b;
  }

  protected onFirstAudio(buf: Buffer, off: number): void {
    this.started = true;
    this.emit('rtpStarted', { legId: this.id, remoteAddress: '', remotePort: 0, ssrc: rtpSsrc(buf, off) });
  }

  private reportDigit(digit: DtmfDigit, phase: 'start' | 'end', source: 'rfc4733' | 'inband', durationMs: number, ssrc?: number): void {
    const ev = { legId: this.id, digit, source, durationMs, at: this.clock.now(), ...(ssrc === undefined ? {} : { ssrc }) };
    this.emit(phase === 'start' ? 'dtmf' : 'dtmfEnd', ev);
  }

  protected markClosed(): void {
    if (this.sm.state !== 'closed') this.sm.transition('closed');
    if (this.peer) {
      this.peer.peer = undefined;
      this.peer = undefined;
    }
    this.taps.length = 0;
  }
}
