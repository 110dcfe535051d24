// bench/transfers.ts's ears: two RtpParty ends on loopback, one sending its tone to the other.
// Ports 40950-40953 (the transfers bench's block).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RtpParty } from '../support/rtp-party';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function pair(toneA: number, listen: number[]) {
  const a = await RtpParty.open('a', toneA, 40950, listen);
  const b = await RtpParty.open('b', 1300, 40952, listen);
  a.setRemote({ host: '127.0.0.1', port: b.port });
  const ticker = setInterval(() => a.tick(), 20);
  return {
    a,
    b,
    close: () => {
      clearInterval(ticker);
      a.close();
      b.close();
    },
  };
}

test('a tone is seen in the first packet that carries it, and only that tone of those listened for', async () => {
  const { a, b, close } = await pair(1100, [1100, 1200, 1000]);
  try {
    const t0 = performance.now();
    const at = await b.when((t) => t.has(1100), 2000);
    assert.ok(at !== null && at >= t0, 'heard, at the arrival of a packet after the ear was armed');
    // A few packets more (paced every 20 ms, later on a loaded machine): waited for, not slept.
    for (let i = 0; i < 100 && b.received < 3; i++) await sleep(20);
    assert.ok(b.received >= 3);
    assert.deepEqual([...b.last.tones], [1100], 'neighbouring bins (1000, 1200) stay clear');
    a.setRemote(null);
  } finally {
    close();
  }
});

test("the open line's 880 Hz beep does not pass for an agent's tone (agents are ≥ 1100 Hz)", async () => {
  const { b, close } = await pair(880, [880, 1100, 1200]);
  try {
    assert.notEqual(await b.when((t) => t.has(880), 2000), null);
    assert.equal(await b.when((t) => t.has(1100) || t.has(1200), 200), null, 'no agent tone in 10 packets of beep');
  } finally {
    close();
  }
});

test('absence is reported after a streak, with the time of its first packet', async () => {
  const { a, b, close } = await pair(1100, [1100]);
  try {
    await b.when((t) => t.has(1100), 1000);
    const gone = b.when((t) => !t.has(1100), 1000, 3);
    // The sender falls silent in its tone: switch it to another frequency (a party leaving a mix).
    a.setRemote(null);
    const other = await RtpParty.open('c', 1500, 40954, []);
    other.setRemote({ host: '127.0.0.1', port: b.port });
    const t = setInterval(() => other.tick(), 20);
    const tOff = performance.now();
    const at = await gone;
    clearInterval(t);
    other.close();
    assert.ok(at !== null && at >= tOff, 'the first packet without the tone, not before it stopped');
  } finally {
    close();
  }
});

test('RFC 4733 digits go out as telephone-event packets (PT 101), one timestamp per digit, end sent three times', async () => {
  const { createSocket } = await import('node:dgram');
  const sink = createSocket('udp4');
  await new Promise<void>((r) => sink.bind(40953, '127.0.0.1', () => r()));
  const a = await RtpParty.open('a', 1100, 40950, []);
  const events: Array<{ event: number; end: boolean; ts: number }> = [];
  sink.on('message', (m) => {
    if ((m[1]! & 0x7f) === 101) events.push({ event: m[12]!, end: (m[13]! & 0x80) !== 0, ts: m.readUInt32BE(4) });
  });
  a.setRemote({ host: '127.0.0.1', port: 40953 });
  a.keyDigits('1#');
  for (let i = 0; i < 30; i++) a.tick();
  // Waited for, then a moment for any extra: a fixed sleep can end (its timer runs first) before
  // the loop reads datagrams already queued, when the process was held off the CPU that long.
  const count = (code: number) => events.filter((e) => e.event === code).length;
  for (let i = 0; i < 100 && (count(1) < 8 || count(11) < 8); i++) await sleep(20);
  await sleep(50);
  a.close();
  sink.close();
  const one = events.filter((e) => e.event === 1);
  const pound = events.filter((e) => e.event === 11);
  assert.equal(one.length, 8);
  assert.equal(pound.length, 8);
  assert.equal(one.filter((e) => e.end).length, 3);
  assert.equal(new Set(one.map((e) => e.ts)).size, 1);
  assert.notEqual(one[0]!.ts, pound[0]!.ts);
});
