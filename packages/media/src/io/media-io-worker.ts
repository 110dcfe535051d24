/**
 * An RTP I/O thread: owns the UDP sockets of its share of the media ports and does their system
 * calls (the larger part of a relay's cost: on loopback a send delivers the datagram too), while
 * the media thread parses, rewrites, records and mixes. Datagrams cross in two PacketRings
 * (rx: here → media thread, tx: media thread → here); binds and closes come as messages.
 */
import type { RemoteInfo, Socket } from 'node:dgram';
import { parentPort, workerData } from 'node:worker_threads';
import { PacketRing, intToIpv4, ipv4ToInt, pumpRing, type RingSlot } from './packet-ring';
import type { IoReply, IoRequest, IoWorkerData } from './io-protocol';
import { tryBind } from './rtp-socket';

const data = workerData as IoWorkerData;
const rx = new PacketRing(data.rx, data.rxBell);
const tx = new PacketRing(data.tx, data.txBell);
const port = parentPort!;

/**
 * One bound socket and its address caches (strings are built only when the far end changes).
 * Connected once its leg latches (a `connect` request), as DgramRtpSocket is on the media thread:
 * an unconnected dgram send goes through an address lookup and a nextTick per datagram, about a
 * fifth of a send's cost. A datagram for any other far end disconnects first (the request to
 * disconnect travels on another port than the ring, so it may come after the first such datagram).
 */
class PortSocket {
  rxAddr = '';
  rxIp = 0;
  txIp = 0;
  txAddr = '';
  private state: 'none' | 'connecting' | 'connected' = 'none';
  /** Where the socket is connected (state 'connected'), and where the leg wants it. */
  private connIp = 0;
  private connPort = 0;
  private want: { ip: number; port: number } | undefined;
  closed = false;
  readonly onMessage = (msg: Buffer, r: RemoteInfo): void => {
    if (r.address !== this.rxAddr) {
      this.rxAddr = r.address;
      this.rxIp = ipv4ToInt(r.address);
    }
    rx.push(msg, 0, msg.length, this.port, r.port, this.rxIp);
  };

  constructor(
    readonly socket: Socket,
    readonly port: number,
  ) {
    socket.on('message', this.onMessage);
    socket.on('error', (err) => reply({ kind: 'socketError', port: this.port, message: err.message }));
  }

  send(b: Buffer, peerPort: number, peerIp: number): void {
    if (this.state === 'connected') {
      if (peerIp === this.connIp && peerPort === this.connPort) return void this.socket.send(b);
      this.want = undefined; // the leg moved on before its disconnect request got here
      this.reconcile();
    }
    if (peerIp !== this.txIp) {
      this.txIp = peerIp;
      this.txAddr = intToIpv4(peerIp);
    }
    // While a connect is under way a send with an address may meet EISCONN: dgram drops it
    // silently (no callback), one datagram lost at latching.
    this.socket.send(b, peerPort, this.txAddr);
  }

  connect(peerIp: number, peerPort: number): void {
    this.want = { ip: peerIp, port: peerPort };
    this.reconcile();
  }

  disconnect(): void {
    this.want = undefined;
    this.reconcile();
  }

  /** Moves the socket toward `want`; a connect under way finishes first (dgram cannot cancel one). */
  private reconcile(): void {
    if (this.closed || this.state === 'connecting') return;
    const w = this.want;
    if (this.state === 'connected') {
      if (w && w.ip === this.connIp && w.port === this.connPort) return;
      try {
        this.socket.disconnect();
      } catch {
        // not connected after all
      }
      this.state = 'none';
      reply({ kind: 'connected', port: this.port, connected: false });
    }
    if (!w) return;
    this.state = 'connecting';
    try {
      this.socket.connect(w.port, intToIpv4(w.ip), (err?: Error) => {
        this.state = err ? 'none' : 'connected';
        if (!err) {
          this.connIp = w.ip;
          this.connPort = w.port;
          if (!this.closed) reply({ kind: 'connected', port: this.port, connected: true });
        } else if (this.want === w) this.want = undefined; // do not retry a far end that failed
        this.reconcile();
      });
    } catch {
      this.state = 'none';
      this.want = undefined;
    }
  }
}

const sockets: Array<PortSocket | undefined> = [];

/**
 * Send buffers by datagram length, each a ring as long as the tx ring: dgram may keep a buffer
 * past send() when the kernel says EAGAIN, so a buffer is reused only a full ring of sends of
 * that length later (one drain never wraps it). Whole-buffer sends: no slice per packet.
 */
const sendPools: Array<{ bufs: Buffer[]; i: number } | undefined> = [];
function sendBuffer(len: number): Buffer {
  let p = sendPools[len];
  if (!p) p = sendPools[len] = { bufs: [], i: 0 };
  if (p.bufs.length < tx.slots) {
    const b = Buffer.allocUnsafe(len);
    p.bufs.push(b);
    return b;
  }
  const b = p.bufs[p.i]!;
  p.i = (p.i + 1) % p.bufs.length;
  return b;
}

const bytes = tx.bytes;
function sendSlot(slot: RingSlot): void {
  const s = sockets[slot.port];
  if (!s || slot.peerIp === 0) return;
  const b = sendBuffer(slot.len);
  bytes.copy(b, 0, slot.off, slot.off + slot.len);
  s.send(b, slot.peerPort, slot.peerIp);
}

function reply(r: IoReply): void {
  port.postMessage(r);
}

async function bind(req: Extract<IoRequest, { op: 'bind' }>): Promise<void> {
  const s = await tryBind(req.host, req.port, req.recvBufferSize);
  if (s) sockets[req.port] = new PortSocket(s, req.port);
  reply({ kind: 'bound', id: req.id, ok: s !== undefined });
}

function close(req: Extract<IoRequest, { op: 'close' }>): void {
  const s = sockets[req.port];
  sockets[req.port] = undefined;
  if (!s) return reply({ kind: 'closed', id: req.id });
  s.closed = true;
  s.socket.off('message', s.onMessage);
  try {
    s.socket.close(() => reply({ kind: 'closed', id: req.id }));
  } catch {
    reply({ kind: 'closed', id: req.id });
  }
}

const txPump = pumpRing(tx, sendSlot);
port.on('message', (req: IoRequest) => {
  if (req.op === 'bind') void bind(req);
  else if (req.op === 'close') close(req);
  else if (req.op === 'connect') sockets[req.port]?.connect(req.peerIp, req.peerPort);
  else if (req.op === 'disconnect') sockets[req.port]?.disconnect();
  else if (req.op === 'stop') {
    txPump.stop();
    for (const s of sockets) s?.socket.close();
    port.close();
  }
});
reply({ kind: 'ready' });
