import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel, Worker } from 'node:worker_threads';
import { MAX_DATAGRAM, PacketRing, intToIpv4, ipv4ToInt, pumpRing, type RingSlot } from '../src/io/packet-ring';

const slot = (): RingSlot => ({ off: 0, len: 0, port: 0, peerPort: 0, peerIp: 0 });
const datagram = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i + seed) & 0xff));

test('slots come out in order with their ports and addresses, across the wrap of the ring', () => {
  const ring = new PacketRing(4);
  const seen: Array<[number, number, number, number, number[]]> = [];
  const read = (s: RingSlot) => seen.push([s.len, s.port, s.peerPort, s.peerIp, [...ring.bytes.subarray(s.off, s.off + s.len)]]);
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < 3; i++) assert.equal(ring.push(datagram(10 + i, round), 0, 10 + i, 20000 + i, 5000 + round, ipv4ToInt('10.0.0.7')), true);
    assert.equal(ring.fill, 3);
    assert.equal(ring.drain(slot(), read), 3);
    assert.equal(ring.fill, 0);
  }
  assert.equal(seen.length, 15);
  assert.deepEqual(seen[14], [12, 20002, 5004, ipv4ToInt('10.0.0.7'), [...datagram(12, 4)]]);
  assert.equal(ring.dropped, 0);
});

test('a full ring refuses and counts instead of blocking; so does a datagram too big for a slot', () => {
  const ring = new PacketRing(2);
  assert.equal(ring.push(datagram(4, 0), 0, 4, 1, 1, 1), true);
  assert.equal(ring.push(datagram(4, 1), 0, 4, 1, 1, 1), true);
  assert.equal(ring.push(datagram(4, 2), 0, 4, 1, 1, 1), false);
  assert.equal(ring.push(Buffer.alloc(MAX_DATAGRAM + 1), 0, MAX_DATAGRAM + 1, 1, 1, 1), false);
  assert.equal(ring.dropped, 2);
  const got: number[] = [];
  ring.drain(slot(), (s) => got.push(ring.bytes[s.off]!));
  assert.deepEqual(got, [0, 1]);
  assert.equal(ring.push(datagram(4, 3), 0, 4, 1, 1, 1), true, 'room again after the drain');
});

test('a part of a larger buffer is copied from its offset', () => {
  const ring = new PacketRing(2);
  ring.push(datagram(100, 0), 40, 20, 1, 2, 3);
  ring.drain(slot(), (s) => assert.deepEqual([...ring.bytes.subarray(s.off, s.off + s.len)], [...datagram(100, 0).subarray(40, 60)]));
});

test('a handler that throws does not stall the ring', () => {
  const ring = new PacketRing(4);
  for (let i = 0; i < 3; i++) ring.push(datagram(2, i), 0, 2, i, 0, 0);
  const ports: number[] = [];
  ring.drain(slot(), (s) => {
    ports.push(s.port);
    if (s.port === 1) throw new Error('bad datagram');
  });
  assert.deepEqual(ports, [0, 1, 2]);
  assert.equal(ring.fill, 0);
});

test('ring sizes must be powers of two', () => {
  assert.throws(() => new PacketRing(3), RangeError);
  assert.throws(() => new PacketRing(1), RangeError);
});

test('a consumer asleep on the ring wakes for datagrams another thread publishes, all of them in order', async () => {
  const bell = new MessageChannel();
  const ring = new PacketRing(64, bell.port1);
  const total = 5000;
  // The producer pushes faster than the ring drains at times: it retries a refused push, so every
  // datagram arrives and the full/empty transitions and sleeps are all exercised.
  const producer = new Worker(
    `const { workerData } = require('node:worker_threads');
     const ctrl = new Int32Array(workerData.sab, 0, 16);
     const words = new Int32Array(workerData.sab);
     const bytes = new Uint8Array(workerData.sab);
     const slots = (workerData.sab.byteLength - 64) / 1536;
     let i = 0;
     const step = () => {
       for (let k = 0; k < 50 && i < ${total}; ) {
         const head = Atomics.load(ctrl, 0);
         if (((head - Atomics.load(ctrl, 1)) | 0) >= slots) break;
         const base = 64 + (head & (slots - 1)) * 1536;
         words[base >> 2] = 4; words[(base >> 2) + 1] = i; words[(base >> 2) + 2] = 0; words[(base >> 2) + 3] = 0;
         bytes[base + 16] = i & 255;
         Atomics.store(ctrl, 0, (head + 1) | 0);
         if (Atomics.load(ctrl, 2) === 1) { Atomics.store(ctrl, 2, 0); workerData.bell.postMessage(0); }
         i++; k++;
       }
       if (i < ${total}) setTimeout(step, i % 1000 === 0 ? 5 : 0);
     };
     step();`,
    { eval: true, workerData: { sab: ring.sab, bell: bell.port2 }, transferList: [bell.port2] },
  );
  const got: number[] = [];
  await new Promise<void>((resolve) => {
    const pump = pumpRing(ring, (s) => {
      got.push(s.port);
      if (got.length === total) {
        pump.stop();
        resolve();
      }
    });
  });
  await producer.terminate();
  bell.port1.close();
  assert.equal(got.length, total);
  assert.ok(
    got.every((p, i) => p === i),
    'in order, none lost',
  );
});

test('IPv4 addresses to numbers and back; anything else is 0', () => {
  for (const a of ['127.0.0.1', '10.1.2.3', '255.255.255.255', '0.0.0.1', '192.168.200.17']) assert.equal(intToIpv4(ipv4ToInt(a)), a);
  for (const a of ['::1', 'localhost', '1.2.3', '1.2.3.256', '']) assert.equal(ipv4ToInt(a), 0);
});
