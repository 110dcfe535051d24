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

/** One bound socket and its address caches (strings are built only when the far end changes). */
class PortSocket {
  rxAddr = '';
  rxIp = 0;
  txIp = 0;
  txAddr = '';
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
  if (slot.peerIp !== s.txIp) {
    s.txIp = slot.peerIp;
    s.txAddr = intToIpv4(slot.peerIp);
  }
  const b = sendBuffer(slot.len);
  for (let i = 0, o = slot.off; i < slot.len; i++, o++) b[i] = bytes[o]!;
  s.socket.send(b, slot.peerPort, s.txAddr);
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
  else if (req.op === 'stop') {
    txPump.stop();
    for (const s of sockets) s?.socket.close();
    port.close();
  }
});
reply({ kind: 'ready' });
