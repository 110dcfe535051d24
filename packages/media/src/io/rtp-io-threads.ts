import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { silentLogger, type Logger } from '@switchboard/shared';
import { MediaError } from '../errors';
import type { IoReply, IoRequest, IoWorkerData } from './io-protocol';
import { PacketRing, intToIpv4, ipv4ToInt, pumpRing, type RingSlot } from './packet-ring';
import type { RtpReceiver, RtpSocket } from './rtp-socket';

export interface RtpIoThreadsOptions {
  /** How many I/O threads (each owns the sockets of ports p with (p/2) mod threads = its index). */
  threads: number;
  /** Slots per ring, a power of two (default 4096: 80 ms of 500 calls' traffic each way). */
  ringSlots?: number;
  /** SO_RCVBUF for each socket (default: the OS's). */
  recvBufferSize?: number;
  logger?: Logger;
}

export interface RtpIoStats {
  threads: number;
  sockets: number;
  /** Datagrams lost because a ring was full (the media thread or an I/O thread fell behind). */
  rxDropped: number;
  txDropped: number;
  /** Sends to an address the I/O threads cannot carry (not IPv4). */
  badAddress: number;
  /** Sockets connected to their latched far end (their sends skip dgram's address lookup). */
  connected: number;
}

/**
 * RTP sockets on I/O threads: spreads the media plane's system calls over more cores while every
 * leg, bridge, recorder and mixer stays on the media thread. A datagram costs the media thread a
 * copy into a shared ring instead of a system call.
 *
 *   media thread                        I/O thread k
 *   RtpLeg ── ThreadedRtpSocket.send ──▶ tx ring ──▶ dgram.send
 *   RtpLeg ◀── receiver(buf, off…) ◀──── rx ring ◀── dgram 'message'
 */
export class RtpIoThreads {
  private readonly threads: IoThread[];

  private constructor(threads: IoThread[]) {
    this.threads = threads;
  }

  static async start(o: RtpIoThreadsOptions): Promise<RtpIoThreads> {
    if (!(o.threads >= 1 && o.threads <= 64)) throw new MediaError('MEDIA_BAD_ARGUMENT', `I/O threads: 1 to 64, got ${o.threads}`);
    const log = (o.logger ?? silentLogger).child({ component: 'rtp-io' });
    const threads = await Promise.all(Array.from({ length: o.threads }, (_, i) => IoThread.start(i, o.ringSlots ?? 4096, o.recvBufferSize, log)));
    return new RtpIoThreads(threads);
  }

  /** Binds an RTP socket on the I/O thread that owns `port` (an RtpBinder). */
  readonly bind = (host: string, port: number): Promise<RtpSocket | undefined> => {
    if (host !== '0.0.0.0' && ipv4ToInt(host) === 0) throw new MediaError('MEDIA_BAD_ARGUMENT', `RTP I/O threads bind IPv4 addresses only, not ${host}`);
    return this.threads[(port >> 1) % this.threads.length]!.bind(host, port);
  };

  stats(): RtpIoStats {
    let sockets = 0;
    let rxDropped = 0;
    let txDropped = 0;
    let badAddress = 0;
    let connected = 0;
    for (const t of this.threads) {
      connected += t.connectedPorts.size;
      sockets += t.socketCount;
      rxDropped += t.rx.dropped;
      txDropped += t.tx.dropped;
      badAddress += t.badAddress;
    }
    return { threads: this.threads.length, sockets, rxDropped, txDropped, badAddress, connected };
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.stop()));
  }
}

/** The media thread's side of one I/O thread: its rings, its sockets by port, its requests. */
class IoThread {
  readonly rx: PacketRing;
  readonly tx: PacketRing;
  /** Sends to an address that is not IPv4 (dropped). */
  badAddress = 0;
  /** Ports whose socket the I/O thread reports connected. */
  readonly connectedPorts = new Set<number>();
  private readonly sockets: Array<ThreadedRtpSocket | undefined> = [];
  private readonly waiting = new Map<number, (r: IoReply) => void>();
  private nextId = 1;
  private count = 0;
  private readonly pump: { stop(): void };

  private constructor(
    readonly index: number,
    private readonly worker: Worker,
    rx: PacketRing,
    tx: PacketRing,
    private readonly recvBufferSize: number | undefined,
    private readonly log: Logger,
  ) {
    this.rx = rx;
    this.tx = tx;
    worker.on('message', (r: IoReply) => this.onReply(r));
    worker.on('error', (err) => log.error({ err, thread: index }, 'RTP I/O thread failed'));
    this.pump = pumpRing(rx, this.onSlot);
  }

  static async start(index: number, slots: number, recvBufferSize: number | undefined, log: Logger): Promise<IoThread> {
    const rxBell = new MessageChannel();
    const txBell = new MessageChannel();
    const rx = new PacketRing(slots, rxBell.port1);
    const tx = new PacketRing(slots, txBell.port1);
    const data: IoWorkerData = { rx: rx.sab, tx: tx.sab, rxBell: rxBell.port2, txBell: txBell.port2 };
    const worker = spawnIoWorker(data, [rxBell.port2, txBell.port2]);
    await new Promise<void>((resolve, reject) => {
      const onMsg = (r: IoReply): void => {
        if (r.kind !== 'ready') return;
        worker.off('message', onMsg);
        worker.off('error', reject);
        resolve();
      };
      worker.on('message', onMsg);
      worker.once('error', reject);
    });
    return new IoThread(index, worker, rx, tx, recvBufferSize, log);
  }

  get socketCount(): number {
    return this.count;
  }

  private readonly onSlot = (slot: RingSlot): void => {
    this.sockets[slot.port]?.deliver(this.rx.bytes, slot.off, slot.len, slot.peerIp, slot.peerPort);
  };

  private onReply(r: IoReply): void {
    if (r.kind === 'socketError') this.log.warn({ port: r.port, message: r.message }, 'rtp socket error');
    else if (r.kind === 'connected') {
      if (r.connected && this.sockets[r.port]) this.connectedPorts.add(r.port);
      else this.connectedPorts.delete(r.port);
    } else if (r.kind === 'bound' || r.kind === 'closed') {
      const done = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      done?.(r);
    }
  }

  private request(req: IoRequest & { id: number }): Promise<IoReply> {
    return new Promise((resolve) => {
      this.waiting.set(req.id, resolve);
      this.worker.postMessage(req);
    });
  }

  async bind(host: string, port: number): Promise<RtpSocket | undefined> {
    const r = await this.request({ op: 'bind', id: this.nextId++, host, port, ...(this.recvBufferSize ? { recvBufferSize: this.recvBufferSize } : {}) });
    if (r.kind !== 'bound' || !r.ok) return undefined;
    const s = new ThreadedRtpSocket(this, port);
    this.sockets[port] = s;
    this.count++;
    return s;
  }

  /** A request that needs no reply (connect, disconnect). */
  post(req: IoRequest): void {
    this.worker.postMessage(req);
  }

  async closeSocket(s: ThreadedRtpSocket): Promise<void> {
    if (this.sockets[s.port] !== s) return;
    this.sockets[s.port] = undefined;
    this.connectedPorts.delete(s.port);
    this.count--;
    await this.request({ op: 'close', id: this.nextId++, port: s.port });
  }

  async stop(): Promise<void> {
    this.pump.stop();
    for (const [, done] of this.waiting) done({ kind: 'closed', id: 0 });
    this.waiting.clear();
    this.worker.postMessage({ op: 'stop' } satisfies IoRequest);
    await this.worker.terminate();
  }
}

/**
 * An RTP socket that lives on an I/O thread. connect() asks that thread to connect the socket, as
 * DgramRtpSocket does here: its sends then skip dgram's address lookup, and the kernel filters strangers.
 */
class ThreadedRtpSocket implements RtpSocket {
  private receiver: RtpReceiver | undefined;
  private rxIp = -1;
  private rxAddr = '';
  private txAddr = '';
  private txIp = 0;
  private connected = false;

  constructor(
    private readonly thread: IoThread,
    readonly port: number,
  ) {}

  deliver(bytes: Buffer, off: number, len: number, peerIp: number, peerPort: number): void {
    if (peerIp !== this.rxIp) {
      this.rxIp = peerIp;
      this.rxAddr = intToIpv4(peerIp);
    }
    this.receiver?.(bytes, off, len, this.rxAddr, peerPort);
  }

  send(buf: Buffer, off: number, len: number, port: number, address: string): void {
    if (address !== this.txAddr) {
      this.txAddr = address;
      this.txIp = ipv4ToInt(address);
    }
    if (this.txIp === 0) this.thread.badAddress++;
    else this.thread.tx.push(buf, off, len, this.port, port, this.txIp);
  }

  setReceiver(fn: RtpReceiver | undefined): void {
    this.receiver = fn;
  }

  connect(port: number, address: string): void {
    const peerIp = ipv4ToInt(address);
    this.connected = peerIp !== 0;
    if (this.connected) this.thread.post({ op: 'connect', port: this.port, peerPort: port, peerIp });
  }

  disconnect(): void {
    if (!this.connected) return;
    this.connected = false;
    this.thread.post({ op: 'disconnect', port: this.port });
  }

  close(): Promise<void> {
    this.receiver = undefined;
    return this.thread.closeSocket(this);
  }
}

/**
 * The worker runs from the server's bundle (media-io-worker.mjs beside it, see
 * scripts/build-server.mjs) or from source under tsx. On Node 20 a worker does not inherit
 * tsx's loader, so from source a one-line shim registers it before loading the worker.
 */
function spawnIoWorker(workerData: IoWorkerData, transferList: MessagePort[]): Worker {
  const bundled = new URL('./media-io-worker.mjs', import.meta.url);
  if (existsSync(fileURLToPath(bundled))) return new Worker(bundled, { workerData, transferList });
  const src = new URL('./media-io-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const shim = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(src)}); });`;
  return new Worker(shim, { eval: true, workerData, transferList });
}
