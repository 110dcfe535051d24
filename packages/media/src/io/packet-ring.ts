/**
 * A single-producer single-consumer ring of datagrams in a SharedArrayBuffer: how RTP crosses
 * between the media thread and an I/O thread without a message per packet.
 *
 *   ctrl (Int32, 16 words)          slots (SLOT_BYTES each)
 *   [0] head   producer's count     ┌──────────────────────────────┬──────────────┐
 *   [1] tail   consumer's count     │ len │ port │ peerPort │ peerIp│ datagram ... │
 *   [2] waiting: consumer asleep    └─16 bytes header (Int32 x 4)──┴──────────────┘
 *   [3] dropped: ring full
 *
 * head and tail only grow (mod 2^32); head − tail is the fill. The producer writes a slot and
 * then publishes it by storing head; the consumer reads slots up to head and then stores tail.
 * Wake-up: a consumer with nothing to read sets `waiting`, checks head once more and sleeps
 * until its doorbell (a MessagePort) rings; a producer that sees `waiting` set after publishing
 * clears it and rings. Atomics are sequentially consistent, so a publish never slips between
 * the consumer's check and its sleep unseen: either the consumer sees the new head, or the
 * producer sees `waiting`. A stale ring only costs an empty drain. (Atomics.waitAsync would
 * spare the port, but on Node 20 its wake-ups were lost under load in a worker thread.)
 */
import type { MessagePort } from 'node:worker_threads';

export const SLOT_BYTES = 1536;
export const SLOT_HEADER = 16;
/** Largest datagram a slot carries (RTP of 60 ms G.711 with CSRCs and extensions fits). */
export const MAX_DATAGRAM = SLOT_BYTES - SLOT_HEADER;
const CTRL_BYTES = 64;
const HEAD = 0;
const TAIL = 1;
const WAITING = 2;
const DROPPED = 3;

/** Slot header fields a consumer reads (filled in by `drain` for each slot). */
export interface RingSlot {
  /** Byte offset of the datagram in `ring.bytes`. */
  off: number;
  len: number;
  /** Our socket's port (which socket it came in on, or goes out of). */
  port: number;
  /** The far end: UDP port and IPv4 address as a 32-bit number. */
  peerPort: number;
  peerIp: number;
}

export class PacketRing {
  readonly sab: SharedArrayBuffer;
  readonly slots: number;
  /** The whole ring as a Buffer: datagrams are read and rewritten in place through it. */
  readonly bytes: Buffer;
  private readonly ctrl: Int32Array;
  private readonly words: Int32Array;
  private readonly mask: number;
  private flushQueued = false;

  private readonly bell: MessagePort | undefined;
  private ringing: (() => void) | undefined;

  /**
   * A new ring of `slots` (a power of two), or a view of one made by another thread. `bell`:
   * this side's end of a MessageChannel whose other end the other side holds (the producer
   * rings it, the consumer listens); without one the ring is polled (tests, one thread).
   */
  constructor(slotsOrSab: number | SharedArrayBuffer, bell?: MessagePort) {
    if (typeof slotsOrSab === 'number') {
      if (slotsOrSab < 2 || (slotsOrSab & (slotsOrSab - 1)) !== 0) throw new RangeError(`ring slots must be a power of two, got ${slotsOrSab}`);
      this.sab = new SharedArrayBuffer(CTRL_BYTES + slotsOrSab * SLOT_BYTES);
    } else this.sab = slotsOrSab;
    this.slots = (this.sab.byteLength - CTRL_BYTES) / SLOT_BYTES;
    this.mask = this.slots - 1;
    this.ctrl = new Int32Array(this.sab, 0, CTRL_BYTES / 4);
    this.words = new Int32Array(this.sab);
    this.bytes = Buffer.from(this.sab);
    this.bell = bell;
    if (bell) {
      bell.on('message', () => {
        const r = this.ringing;
        this.ringing = undefined;
        r?.();
      });
      bell.unref(); // the ring's owner (sockets, the worker) decides how long the process lives
    }
  }

  // ------------------------------------------------------------------ producer

  /**
   * Copies `len` bytes of `src` from `off` into the next slot and publishes it. false (and a
   * drop counted) when the ring is full or the datagram too big: UDP semantics, never a block.
   */
  push(src: Uint8Array, off: number, len: number, port: number, peerPort: number, peerIp: number): boolean {
    const head = Atomics.load(this.ctrl, HEAD);
    if (len > MAX_DATAGRAM || ((head - Atomics.load(this.ctrl, TAIL)) | 0) >= this.slots) {
      Atomics.add(this.ctrl, DROPPED, 1);
      return false;
    }
    const base = CTRL_BYTES + (head & this.mask) * SLOT_BYTES;
    const w = base >> 2;
    this.words[w] = len;
    this.words[w + 1] = port;
    this.words[w + 2] = peerPort;
    this.words[w + 3] = peerIp;
    copyBytes(src, off, this.bytes, base + SLOT_HEADER, len);
    Atomics.store(this.ctrl, HEAD, (head + 1) | 0);
    if (!this.flushQueued) {
      this.flushQueued = true;
      setImmediate(this.flush);
    }
    return true;
  }

  /**
   * Wakes a sleeping consumer, once per turn of the producer's event loop rather than once per
   * datagram: a wake-up crosses threads (futex, the other loop's eventfd), so batching them is
   * most of what makes the rings cheaper than a message per packet. The datagrams are already
   * published; a consumer that is awake finds them without being told.
   */
  readonly flush = (): void => {
    this.flushQueued = false;
    if (Atomics.load(this.ctrl, WAITING) === 1) {
      Atomics.store(this.ctrl, WAITING, 0);
      this.bell?.postMessage(0);
    }
  };

  // ------------------------------------------------------------------ consumer

  /** Slots waiting to be read. */
  get fill(): number {
    return (Atomics.load(this.ctrl, HEAD) - Atomics.load(this.ctrl, TAIL)) | 0;
  }

  /**
   * Reads every published slot in order, then frees them all. `fn` may rewrite the datagram
   * in place but must not keep a reference to the slot after it returns.
   */
  drain(slot: RingSlot, fn: (slot: RingSlot) => void): number {
    const head = Atomics.load(this.ctrl, HEAD);
    let tail = Atomics.load(this.ctrl, TAIL);
    let n = 0;
    while (tail !== head) {
      const base = CTRL_BYTES + (tail & this.mask) * SLOT_BYTES;
      const w = base >> 2;
      slot.off = base + SLOT_HEADER;
      slot.len = this.words[w]!;
      slot.port = this.words[w + 1]!;
      slot.peerPort = this.words[w + 2]!;
      slot.peerIp = this.words[w + 3]!;
      tail = (tail + 1) | 0;
      n++;
      try {
        fn(slot);
      } catch {
        // one bad datagram must not stall the ring; the handler logs its own failures
      }
      // Free as we go, so a producer that is refilling the ring finds room.
      Atomics.store(this.ctrl, TAIL, tail);
    }
    return n;
  }

  /**
   * Sleeps until something is published: a promise, or undefined when something already is or
   * there is no doorbell (the caller then yields with setImmediate, so a busy ring cannot starve
   * its event loop). Only the consumer calls this, one sleep at a time.
   */
  wait(): Promise<void> | undefined {
    if (!this.bell) return undefined;
    Atomics.store(this.ctrl, WAITING, 1);
    if (Atomics.load(this.ctrl, HEAD) !== Atomics.load(this.ctrl, TAIL)) {
      Atomics.store(this.ctrl, WAITING, 0);
      return undefined;
    }
    return new Promise((resolve) => (this.ringing = resolve));
  }

  /** Wakes this side's sleeping consumer without publishing (shutting down). */
  wake(): void {
    Atomics.store(this.ctrl, WAITING, 0);
    const r = this.ringing;
    this.ringing = undefined;
    r?.();
  }

  /** Datagrams refused because the ring was full or they were too big. */
  get dropped(): number {
    return Atomics.load(this.ctrl, DROPPED);
  }
}

/**
 * Drains `ring` into `onSlot` whenever something is published, until stopped: sleeps on the
 * ring's doorbell when it is empty, yields to the event loop (setImmediate) between busy drains.
 */
export function pumpRing(ring: PacketRing, onSlot: (slot: RingSlot) => void): { stop(): void } {
  const slot: RingSlot = { off: 0, len: 0, port: 0, peerPort: 0, peerIp: 0 };
  let stopped = false;
  const pump = (): void => {
    if (stopped) return;
    ring.drain(slot, onSlot);
    const sleep = ring.wait();
    if (sleep) void sleep.then(pump);
    else setImmediate(pump);
  };
  pump();
  return {
    stop: () => {
      stopped = true;
      ring.wake();
    },
  };
}

/** Byte copy without creating a subarray view per packet (datagrams are short). */
function copyBytes(src: Uint8Array, from: number, dst: Uint8Array, to: number, len: number): void {
  for (let i = 0; i < len; i++) dst[to + i] = src[from + i]!;
}

/** Dotted IPv4 → 32-bit number (0 for anything else: the I/O thread carries IPv4 only). */
export function ipv4ToInt(address: string): number {
  let n = 0;
  let part = 0;
  let dots = 0;
  for (let i = 0; i < address.length; i++) {
    const c = address.charCodeAt(i);
    if (c === 46) {
      n = (n << 8) | part;
      part = 0;
      dots++;
    } else if (c >= 48 && c <= 57) part = part * 10 + (c - 48);
    else return 0;
    if (part > 255) return 0;
  }
  return dots === 3 ? (n << 8) | part : 0;
}

export function intToIpv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}
