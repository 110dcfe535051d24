import type { MessagePort } from 'node:worker_threads';

/** Messages between the media thread and an RTP I/O thread (datagrams go through rings, not these). */

export interface IoWorkerData {
  /** PacketRing buffers: rx carries datagrams to the media thread, tx from it. */
  rx: SharedArrayBuffer;
  tx: SharedArrayBuffer;
  /** The I/O thread's ends of the rings' doorbells (it rings rxBell, listens on txBell). */
  rxBell: MessagePort;
  txBell: MessagePort;
}

export type IoRequest =
  | { op: 'bind'; id: number; host: string; port: number; recvBufferSize?: number }
  | { op: 'close'; id: number; port: number }
  /** The leg latched onto this far end: connect the socket (sends skip dgram's address lookup). */
  | { op: 'connect'; port: number; peerPort: number; peerIp: number }
  | { op: 'disconnect'; port: number }
  | { op: 'stop' };

export type IoReply =
  | { kind: 'ready' }
  | { kind: 'bound'; id: number; ok: boolean }
  | { kind: 'closed'; id: number }
  /** A socket was connected to its leg's far end, or disconnected again. */
  | { kind: 'connected'; port: number; connected: boolean }
  | { kind: 'socketError'; port: number; message: string };
