import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SwitchboardClient, type FetchLike, type WebSocketLike } from '../src/index';

/** A WebSocket double: the test plays the server. */
class FakeSocket implements WebSocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: Array<Record<string, unknown>> = [];
  closedWith: number | undefined;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.({});
    });
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code = 1000): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  serverSends(msg: unknown): void {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  serverDrops(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
}

const tick = () => new Promise((r) => setTimeout(r, 5));
const noFetch: FetchLike = async () => {
  throw new Error('no HTTP in this test');
};
const snapshot = (seq = 0) => ({ type: 'snapshot', seq, floor: { agents: [] }, history: {}, assists: [] });
const changes = (seq: number) => ({ type: 'changes', seq, at: '2026-12-06T10:00:00.000Z', changedAt: 0, agents: [], gone: [], queues: [], campaigns: [] });

test('floor stream: hello with the token, snapshot, changes in seq order; a gap resyncs; 4403 is final', async () => {
  FakeSocket.all = [];
  const c = new SwitchboardClient({
    baseUrl: 'https://x',
    token: 'tok',
    clientId: 'tab-12345678',
    fetch: noFetch,
    WebSocket: FakeSocket,
    reconnect: { minDelayMs: 1, maxDelayMs: 2 },
  });
  const got: string[] = [];
  const statuses: string[] = [];
  const stream = c.floorStream({
    snapshot: (m) => got.push(`snapshot@${m.seq}`),
    changes: (m) => got.push(`changes@${m.seq}`),
    samples: () => got.push('samples'),
    assist: (r) => got.push(`assist:${r.id}`),
    connection: (s) => statuses.push(s),
    error: (code) => got.push(`error:${code}`),
  });
  stream.start();
  await tick();
  const s1 = FakeSocket.all[0]!;
  assert.equal(s1.url, 'wss://x/api/v1/floor/events');
  assert.deepEqual(s1.sent[0], { type: 'hello', token: 'tok', clientId: 'tab-12345678' });
  s1.serverSends(snapshot());
  s1.serverSends(changes(1));
  s1.serverSends(changes(1)); // a duplicate: dropped
  s1.serverSends(changes(2));
  s1.serverSends({ type: 'samples', at: 1, points: {} });
  s1.serverSends({ type: 'assist', request: { id: 'ast_1' } });
  assert.deepEqual(got, ['snapshot@0', 'changes@1', 'changes@2', 'samples', 'assist:ast_1']);
  assert.equal(stream.status, 'open');

  // seq 4 after 2: something was missed, so a new socket for a fresh snapshot.
  s1.serverSends(changes(4));
  await tick();
  assert.equal(s1.closedWith, 4000);
  const s2 = FakeSocket.all[1]!;
  assert.ok(s2, 'reconnected');
  s2.serverSends(snapshot(0));
  s2.serverSends(changes(1));
  assert.deepEqual(got.slice(-2), ['snapshot@0', 'changes@1'], 'seq starts again with the new snapshot');

  // A drop reconnects; an agent's token (4403) does not.
  s2.serverDrops(1006);
  await tick();
  const s3 = FakeSocket.all[2]!;
  assert.ok(s3, 'reconnected after a drop');
  s3.serverDrops(4403);
  await tick();
  assert.equal(FakeSocket.all.length, 3, 'no reconnect after 4403');
  assert.equal(stream.status, 'closed');
});
