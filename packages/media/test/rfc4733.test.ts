import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rfc4733Tracker, parseTelephoneEvent, writeTelephoneEvent } from '../src/dtmf/rfc4733';

function ev(event: number, end: boolean, duration: number): Buffer {
  const b = Buffer.alloc(4);
  writeTelephoneEvent(b, 0, { event, end, volume: 10, duration });
  return b;
}

test('parses and writes the 4-byte event payload', () => {
  const b = ev(11, true, 1120);
  assert.deepEqual([...b], [11, 0x8a, 0x04, 0x60]);
  assert.deepEqual(parseTelephoneEvent(b, 0, 4), { event: 11, end: true, volume: 10, duration: 1120 });
  assert.equal(parseTelephoneEvent(b, 0, 3), undefined);
});

test('one start and one end per key press; retransmitted end packets ignored', () => {
  const seen: string[] = [];
  const t = new Rfc4733Tracker((d, phase, ssrc, ms) => seen.push(`${d}:${phase}:${ssrc}:${ms}`));
  const ssrc = 0x1234;
  for (let i = 1; i <= 5; i++) t.handle(ssrc, 8000, ev(5, false, 160 * i), 0, 4);
  for (let i = 0; i < 3; i++) t.handle(ssrc, 8000, ev(5, true, 1120), 0, 4);
  assert.deepEqual(seen, ['5:start:4660:0', '5:end:4660:140']);
});

test('events on their own SSRC are tracked apart from the voice stream and each other', () => {
  const seen: string[] = [];
  const t = new Rfc4733Tracker((d, phase, ssrc) => seen.push(`${d}${phase[0]}@${ssrc}`));
  // two sources interleaved (voice stream's own events and a separate generator)
  t.handle(1, 100, ev(1, false, 160), 0, 4);
  t.handle(2, 9000, ev(9, false, 160), 0, 4);
  t.handle(1, 100, ev(1, false, 320), 0, 4);
  t.handle(2, 9000, ev(9, true, 800), 0, 4);
  t.handle(1, 100, ev(1, true, 800), 0, 4);
  t.handle(2, 9000, ev(9, true, 800), 0, 4);
  assert.deepEqual(seen, ['1s@1', '9s@2', '9e@2', '1e@1']);
  assert.deepEqual(t.trackedSsrcs.sort(), [1, 2]);
});

test('the same digit twice (new timestamp) counts twice; stragglers do not', () => {
  const seen: string[] = [];
  const t = new Rfc4733Tracker((d, phase) => seen.push(d + phase[0]));
  t.handle(7, 1000, ev(3, true, 800), 0, 4); // end packet only: start lost
  t.handle(7, 3000, ev(3, false, 160), 0, 4);
  t.handle(7, 1000, ev(3, true, 800), 0, 4); // late retransmission of the first
  t.handle(7, 3000, ev(3, true, 800), 0, 4);
  assert.deepEqual(seen, ['3s', '3e', '3s', '3e']);
});

test('a new event before the end of the previous closes it', () => {
  const seen: string[] = [];
  const t = new Rfc4733Tracker((d, phase) => seen.push(d + phase[0]));
  t.handle(7, 1000, ev(1, false, 160), 0, 4);
  t.handle(7, 2000, ev(2, false, 160), 0, 4);
  assert.deepEqual(seen, ['1s', '1e', '2s']);
});
