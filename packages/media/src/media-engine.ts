import { newId, silentLogger, systemClock, type Clock, type Logger } from '@switchboard/shared';
import type { G711Codec } from './codec/g711';
import { payloadMapFor, PT_TELEPHONE_EVENT_DEFAULT } from './codec/payload-types';
import { Bridge } from './leg/bridge';
import { DtmfSender, type DtmfSendOptions } from './dtmf/dtmf-sender';
import type { LegStats, MediaLeg } from './leg/media-leg';
import { Conference } from './mix/conference';
import type { AudioSource } from './play/audio-source';
import { Playback } from './play/playback';
import { PcmSource, readPromptWav } from './play/wav-reader';
import { CallRecorder, type RecordingSide } from './record/call-recorder';
import { PortAllocator, type PortRange } from './rtp/port-allocator';
import { dgramBinder, type RtpBinder } from './io/rtp-socket';
import { RtpIoThreads, type RtpIoStats } from './io/rtp-io-threads';
import { ipv4ToInt } from './io/packet-ring';
import { RtpLeg } from './rtp/rtp-leg';
import { FrameTicker } from './util/frame-ticker';
import { MediaError } from './errors';
import { WebRtcLeg } from './webrtc/webrtc-leg';

export interface MediaEngineOptions {
  clock?: Clock;
  logger?: Logger;
  /** Address RTP sockets bind to (default 127.0.0.1; 0.0.0.0 in production). */
  bindAddress?: string;
  /** Address written into SDP (default: bindAddress, or 127.0.0.1 for 0.0.0.0). */
  advertiseAddress?: string;
  portRange?: PortRange;
  /** Per-leg RTP inactivity timeout (0: none). Default 30 s. */
  timeoutMs?: number;
  /** RTCP report interval (0: none). Default 5 s. */
  rtcpIntervalMs?: number;
  /** SO_RCVBUF for each RTP socket (default: the OS's); more rides out GC pauses under load. */
  socketBufferBytes?: number;
  /**
   * RTP sockets on this many I/O threads (default 0: on the media thread). The system calls,
   * most of a relay's cost, then spread over cores while legs, bridges and recorders stay
   * here. IPv4 bind addresses only.
   */
  ioThreads?: number;
}

export interface CreateLegOptions {
  id?: string;
  codec?: G711Codec;
  /** RFC 4733 payload type (-1: none). Default 101. */
  telephoneEventPt?: number;
  ptimeMs?: 20 | 30;
  inbandDtmf?: boolean;
  symmetric?: boolean;
}

export interface MediaRecordOptions {
  path: string;
  /** Customer side (left channel). */
  left?: readonly MediaLeg[];
  /** Agent side (right channel). */
  right?: readonly MediaLeg[];
}

/**
 * The engine's figures for monitoring: open legs now, and packet counters since it started (the
 * closed legs' totals plus the open legs' own, so they only grow, as Prometheus counters must).
 */
export interface MediaStats {
  legs: number;
  packetsIn: number;
  packetsOut: number;
  packetsDropped: number;
  packetsLost: number;
  /** RTP I/O threads' figures, once they run (undefined with sockets on the media thread). */
  io: RtpIoStats | undefined;
}

type PacketTotals = Omit<LegStats, 'jitterMs'>;

/**
 * The media side of the B2BUA: owns the port range, the 20 ms ticker and the
 * legs, and offers the operations the telephony engine drives.
 */
export class MediaEngine {
  readonly clock: Clock;
  readonly log: Logger;
  readonly ticker: FrameTicker;
  readonly ports: PortAllocator;
  readonly bindAddress: string;
  readonly advertiseAddress: string;
  private readonly legs = new Set<MediaLeg>();
  private readonly opts: MediaEngineOptions;
  private io: Promise<RtpIoThreads> | undefined;
  /** The I/O threads once started, for stats() to read synchronously. */
  private ioReady: RtpIoThreads | undefined;
  private readonly closedTotals: PacketTotals = { packetsIn: 0, packetsOut: 0, packetsDropped: 0, packetsLost: 0 };
  /** RTP sockets on this thread (no ioThreads). */
  private readonly localBinder: RtpBinder | undefined;

  constructor(opts: MediaEngineOptions = {}) {
    this.opts = opts;
    this.clock = opts.clock ?? systemClock;
    this.log = (opts.logger ?? silentLogger).child({ component: 'media' });
    this.ticker = new FrameTicker(this.clock, 20);
    this.ports = new PortAllocator(opts.portRange ?? { min: 26000, max: 27999 });
    this.bindAddress = opts.bindAddress ?? '127.0.0.1';
    this.advertiseAddress = opts.advertiseAddress ?? (this.bindAddress === '0.0.0.0' ? '127.0.0.1' : this.bindAddress);
    const n = opts.ioThreads ?? 0;
    if (!(Number.isInteger(n) && n >= 0 && n <= 64)) throw new MediaError('MEDIA_BAD_ARGUMENT', `ioThreads: 0 to 64, got ${n}`);
    if (n > 0 && ipv4ToInt(this.bindAddress) === 0 && this.bindAddress !== '0.0.0.0') {
      throw new MediaError('MEDIA_BAD_ARGUMENT', `ioThreads needs an IPv4 bind address, not ${this.bindAddress}`);
    }
    // Started now, not on the first call: a worker takes a moment to load, and the first calls
    // must not wait for it. A failure to start surfaces at the first createLeg().
    if (n > 0) {
      this.io = RtpIoThreads.start({ threads: n, logger: this.log, ...(opts.socketBufferBytes ? { recvBufferSize: opts.socketBufferBytes } : {}) });
      this.io.then(
        (t) => (this.ioReady = t),
        (err: unknown) => this.log.error({ err }, 'RTP I/O threads did not start'),
      );
    } else this.localBinder = dgramBinder(opts.socketBufferBytes, (err, port) => this.log.warn({ err, port }, 'rtp socket error'));
  }

  /** The binder for new RTP sockets: on the I/O threads or here. */
  private async rtpBinder(): Promise<RtpBinder> {
    if (this.localBinder) return this.localBinder;
    if (!this.io) throw new MediaError('MEDIA_LEG_CLOSED', 'the media engine is closed');
    return (await this.io).bind;
  }

  /** Open legs, packet counters since start, and the RTP I/O threads' figures (see MediaStats). */
  stats(): MediaStats {
    const t = { ...this.closedTotals };
    for (const l of this.legs) addStats(t, l.getStats());
    return { legs: this.legs.size, ...t, io: this.io ? this.ioReady?.stats() : undefined };
  }

  /** A closed leg leaves the set; its counters stay in the totals. */
  private forget(leg: MediaLeg): void {
    if (this.legs.delete(leg)) addStats(this.closedTotals, leg.getStats());
  }

  /** A new RTP leg on a fresh port pair; advertise `leg.local` in SDP, then setRemote(). */
  async createLeg(o: CreateLegOptions = {}): Promise<RtpLeg> {
    const { port, rtp, rtcp } = await this.ports.bindPair(this.bindAddress, await this.rtpBinder());
    const leg = new RtpLeg({
      id: o.id ?? newId('leg', 6),
      clock: this.clock,
      logger: this.log,
      payload: payloadMapFor(o.codec ?? 'PCMU', o.telephoneEventPt ?? PT_TELEPHONE_EVENT_DEFAULT),
      ptimeMs: o.ptimeMs ?? 20,
      inbandDtmf: o.inbandDtmf ?? false,
      rtp,
      rtcp,
      localAddress: this.advertiseAddress,
      localPort: port,
      symmetric: o.symmetric ?? true,
      timeoutMs: this.opts.timeoutMs ?? 30_000,
      rtcpIntervalMs: this.opts.rtcpIntervalMs ?? 5000,
      onClosed: (l) => {
        this.ports.release(l.localPort);
        this.forget(l);
      },
    });
    this.legs.add(leg);
    return leg;
  }

  /**
   * A browser leg (werift, ICE-lite, PCMU over DTLS-SRTP, its own DTLS keys).
   * Then `await leg.acceptOffer(offerJson)` gives the answer JSON.
   */
  async createWebRtcLeg(o: { id?: string; inbandDtmf?: boolean; portRange?: [number, number] } = {}): Promise<WebRtcLeg> {
    const leg = await WebRtcLeg.create({
      id: o.id ?? newId('wrtc', 6),
      clock: this.clock,
      logger: this.log,
      host: this.advertiseAddress,
      inbandDtmf: o.inbandDtmf ?? false,
      ...(o.portRange ? { portRange: o.portRange } : {}),
    });
    this.legs.add(leg);
    leg.on('state', (s) => s.to === 'closed' && this.forget(leg));
    return leg;
  }

  /** Registers a leg made elsewhere (a WebRTC leg) so close() ends it too. */
  adopt(leg: MediaLeg): void {
    this.legs.add(leg);
    leg.on('state', (s) => s.to === 'closed' && this.forget(leg));
  }

  bridge(a: MediaLeg, b: MediaLeg): Bridge {
    return new Bridge(a, b);
  }

  /** Moves a leg out of any point-to-point bridge. */
  unbridge(leg: MediaLeg): void {
    const p = leg.peer;
    if (!p) return;
    leg.peer = undefined;
    if (p.peer === leg) p.peer = undefined;
    leg.rewriter.invalidate();
    p.rewriter.invalidate();
  }

  conference(legs: readonly MediaLeg[]): Conference {
    for (const l of legs) this.unbridge(l);
    return new Conference(this.ticker, legs);
  }

  /** Plays a WAV file (8 kHz 16-bit mono), samples or any AudioSource into a leg. */
  async play(leg: MediaLeg, what: string | Int16Array | AudioSource, loops = 1): Promise<Playback> {
    let source: AudioSource;
    if (typeof what === 'string') source = new PcmSource(await readPromptWav(what), loops);
    else if (what instanceof Int16Array) source = new PcmSource(what, loops);
    else source = what;
    return new Playback(leg, source, this.ticker);
  }

  /** Plays a source synchronously (tones): no file to read first. */
  playSource(leg: MediaLeg, source: AudioSource): Playback {
    return new Playback(leg, source, this.ticker);
  }

  record(o: MediaRecordOptions): CallRecorder {
    return new CallRecorder({ path: o.path, clock: this.clock, ticker: this.ticker, left: o.left ?? [], right: o.right ?? [] });
  }

  /** Adds a leg to a running recording on one side (e.g. a consulted party). */
  addToRecording(rec: CallRecorder, leg: MediaLeg, side: RecordingSide): void {
    rec.addLeg(leg, side);
  }

  /** Sends digits out of a leg: RFC 4733 if negotiated, in-band tones otherwise. */
  sendDigits(leg: MediaLeg, digits: string, opts: DtmfSendOptions = {}): DtmfSender {
    return new DtmfSender(leg, this.ticker, digits, opts);
  }

  /** DTMF masking on what `leg` sends, toward `toward` (all peers if omitted) and recordings. */
  mask(leg: MediaLeg, on: boolean, toward?: Iterable<MediaLeg>): void {
    leg.setMask(on, toward);
  }

  get legCount(): number {
    return this.legs.size;
  }

  async close(): Promise<void> {
    this.ticker.stop();
    await Promise.all([...this.legs].map((l) => l.close()));
    for (const l of [...this.legs]) this.forget(l);
    this.ioReady = undefined;
    const io = this.io;
    this.io = undefined;
    if (io)
      await io.then(
        (t) => t.close(),
        () => undefined,
      ); // one that never started has nothing to close
  }
}

function addStats(into: PacketTotals, s: LegStats): void {
  into.packetsIn += s.packetsIn;
  into.packetsOut += s.packetsOut;
  into.packetsDropped += s.packetsDropped;
  into.packetsLost += Math.max(0, s.packetsLost); // RFC 3550's count goes negative on duplicates
}
