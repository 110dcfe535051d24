import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, SwitchboardClient, backoffDelay, type FetchLike, type WebSocketLike } from '../src/index';

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

const view = (n: number) => ({ sessionId: 'ses_1', statusText: `v${n}` }) as never;
const tick = () => new Promise((r) => setTimeout(r, 5));

function jsonFetch(
  handler: (url: string, init: { body?: string; headers?: Record<string, string> }) => { status: number; body: unknown; headers?: Record<string, string> },
): FetchLike {
  return async (url, init) => {
    const r = handler(url, init ?? {});
    return { status: r.status, headers: { get: (n: string) => r.headers?.[n.toLowerCase()] ?? null }, text: async () => JSON.stringify(r.body) };
  };
}

test('event stream: hello, snapshot, events in order; duplicates dropped; a gap resyncs', async () => {
  FakeSocket.all = [];
  const c = new SwitchboardClient({
    baseUrl: 'http://x',
    token: 'tok',
    clientId: 'tab-12345678',
    WebSocket: FakeSocket,
    fetch: jsonFetch(() => ({ status: 500, body: {} })),
    pingMs: 0,
  });
  const seen: number[] = [];
  const notices: string[] = [];
  c.onEvent((e) => seen.push(e.seq));
  c.onNotice((n) => notices.push(n.code));
  c.connect();
  assert.equal(c.connectionStatus, 'connecting');
  await tick();
  const s1 = FakeSocket.all[0]!;
  assert.equal(s1.url, 'ws://x/api/v1/events');
  assert.deepEqual(s1.sent[0], { type: 'hello', token: 'tok', clientId: 'tab-12345678', lastSeq: 0 });
  s1.serverSends({ type: 'snapshot', seq: 5, state: view(5) });
  assert.equal(c.connectionStatus, 'open');
  s1.serverSends({ type: 'event', event: { seq: 5, at: '', name: 'notice', state: view(5) } }); // already covered
  s1.serverSends({ type: 'event', event: { seq: 6, at: '', name: 'presence.changed', state: view(6) } });
  s1.serverSends({ type: 'event', event: { seq: 6, at: '', name: 'presence.changed', state: view(6) } }); // duplicate
  assert.deepEqual(seen, [6]);
  assert.equal(c.state?.statusText, 'v6');
  // A gap: seq 8 after 6 means 7 was missed, so it reconnects for a fresh snapshot.
  s1.serverSends({ type: 'event', event: { seq: 8, at: '', name: 'presence.changed', state: view(8) } });
  assert.deepEqual(seen, [6]);
  assert.equal(s1.closedWith, 4000);
  assert.equal(c.connectionStatus, 'reconnecting');
  await tick();
  const s2 = FakeSocket.all[1]!;
  assert.equal(s2.sent[0]?.lastSeq, 6);
  s2.serverSends({ type: 'snapshot', seq: 8, state: view(8) });
  s2.serverSends({ type: 'event', event: { seq: 9, at: '', name: 'notice', notice: { level: 'info', code: 'X', message: 'hi' }, state: view(9) } });
  assert.deepEqual(seen, [6, 9]);
  assert.deepEqual(notices, ['X']);
  assert.equal(c.lastSeq, 9);
  c.disconnect();
  assert.equal(c.connectionStatus, 'closed');
});

test('event stream: reconnects after a drop with backoff; stops on a final close', async () => {
  FakeSocket.all = [];
  const c = new SwitchboardClient({
    baseUrl: 'https://x',
    token: 'tok',
    WebSocket: FakeSocket,
    fetch: jsonFetch(() => ({ status: 500, body: {} })),
    reconnect: { minDelayMs: 20, maxDelayMs: 40 },
    pingMs: 0,
  });
  const statuses: string[] = [];
  c.onConnection((s) => statuses.push(s));
  c.connect();
  await tick();
  assert.equal(FakeSocket.all[0]!.url, 'wss://x/api/v1/events');
  FakeSocket.all[0]!.serverSends({ type: 'snapshot', seq: 1, state: view(1) });
  FakeSocket.all[0]!.serverDrops(1001);
  assert.equal(c.connectionStatus, 'reconnecting');
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(FakeSocket.all.length, 2, 'reconnected once after the delay');
  FakeSocket.all[1]!.serverSends({ type: 'ownership', owner: false, reason: 'open-elsewhere' });
  assert.deepEqual(c.ownership, { owner: false, reason: 'open-elsewhere' });
  FakeSocket.all[1]!.serverSends({ type: 'snapshot', seq: 1, state: view(1) });
  assert.equal(c.takeOver(), true);
  assert.deepEqual(FakeSocket.all[1]!.sent.at(-1), { type: 'take-over' });
  // Session ended elsewhere: 4410 is final, no reconnect.
  FakeSocket.all[1]!.serverDrops(4410);
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(FakeSocket.all.length, 2);
  assert.equal(c.connectionStatus, 'closed');
  assert.deepEqual(statuses, ['connecting', 'open', 'reconnecting', 'open', 'closed']);
});

test('default reconnect: the delay grows while the server stays down but never past 1.5 s, so a server that is back is reached within 1.5 s (issue 14: 28 s)', async () => {
  FakeSocket.all = [];
  // Every socket is refused, as while the server restarts.
  class Refused extends FakeSocket {
    constructor(url: string) {
      super(url);
      this.onopen = null;
      queueMicrotask(() => this.serverDrops(1006));
    }
  }
  const delays: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  // Record each reconnect delay and run it at once: thirty failed attempts in a few ms.
  globalThis.setTimeout = ((fn: () => void, ms?: number) => {
    delays.push(ms ?? 0);
    return realSetTimeout(fn, 0);
  }) as typeof setTimeout;
  const c = new SwitchboardClient({ baseUrl: 'http://x', token: 'tok', WebSocket: Refused as never, fetch: jsonFetch(() => ({ status: 500, body: {} })), pingMs: 0 });
  try {
    c.connect();
    while (delays.length < 30) await new Promise<void>((r) => realSetTimeout(r, 1));
  } finally {
    c.disconnect();
    globalThis.setTimeout = realSetTimeout;
  }
  assert.ok(Math.max(...delays) <= 1500, `longest wait ${Math.max(...delays)} ms`);
  assert.ok(delays[0]! <= 250, `first retry soon (${delays[0]} ms)`);
  assert.ok(Math.max(...delays.slice(5)) > delays[0]!, 'and it backs off while the server stays down');
});

test('a tab told it is not the owner says standby in its hello after a drop, so it cannot take the session back by reconnecting first', async () => {
  FakeSocket.all = [];
  const c = new SwitchboardClient({
    baseUrl: 'http://x',
    token: 'tok',
    clientId: 'tab-12345678',
    WebSocket: FakeSocket,
    fetch: jsonFetch(() => ({ status: 500, body: {} })),
    reconnect: { minDelayMs: 5, maxDelayMs: 10 },
    pingMs: 0,
  });
  c.connect();
  await tick();
  FakeSocket.all[0]!.serverSends({ type: 'ownership', owner: true, reason: 'owner' });
  FakeSocket.all[0]!.serverSends({ type: 'snapshot', seq: 1, state: view(1) });
  FakeSocket.all[0]!.serverSends({ type: 'ownership', owner: false, reason: 'taken-over' });
  FakeSocket.all[0]!.serverDrops(1001); // the server restarts
  await new Promise((r) => setTimeout(r, 40));
  assert.equal(FakeSocket.all.length, 2);
  assert.deepEqual(FakeSocket.all[1]!.sent[0], { type: 'hello', token: 'tok', clientId: 'tab-12345678', lastSeq: 1, standby: true });
  // Took over again: an owner's reconnect is a plain hello.
  FakeSocket.all[1]!.serverSends({ type: 'ownership', owner: true, reason: 'owner' });
  FakeSocket.all[1]!.serverSends({ type: 'snapshot', seq: 1, state: view(1) });
  FakeSocket.all[1]!.serverDrops(1001);
  await new Promise((r) => setTimeout(r, 40));
  assert.deepEqual(FakeSocket.all[2]!.sent[0], { type: 'hello', token: 'tok', clientId: 'tab-12345678', lastSeq: 1 });
  c.disconnect();
});

test('backoff grows exponentially with jitter and a ceiling', () => {
  const o = { minDelayMs: 100, maxDelayMs: 1000 };
  assert.equal(
    backoffDelay(0, o, () => 0),
    50,
  );
  assert.equal(
    backoffDelay(0, o, () => 1),
    100,
  );
  assert.equal(
    backoffDelay(3, o, () => 1),
    800,
  );
  assert.equal(
    backoffDelay(10, o, () => 1),
    1000,
  );
  assert.equal(
    backoffDelay(10, o, () => 0),
    500,
  );
});

test('login errors are typed: INVALID_CREDENTIALS and LOGIN_THROTTLED with Retry-After', async () => {
  let calls = 0;
  const c = new SwitchboardClient({
    baseUrl: 'http://x',
    fetch: jsonFetch(() =>
      ++calls === 1
        ? { status: 401, body: { error: { code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' } } }
        : { status: 429, headers: { 'retry-after': '840' }, body: { error: { code: 'LOGIN_THROTTLED', message: 'locked out' } } },
    ),
  });
  await assert.rejects(c.login('a', 'b'), (e: unknown) => e instanceof ApiError && e.isInvalidCredentials && e.status === 401);
  await assert.rejects(c.login('a', 'b'), (e: unknown) => e instanceof ApiError && e.isLockedOut && e.retryAfterSeconds === 840);
  assert.equal(c.token, null);
});

test('command: a network failure is retried with the same requestId; API errors are not retried', async () => {
  const ids: string[] = [];
  let n = 0;
  const fetchImpl: FetchLike = async (_url, init) => {
    ids.push((JSON.parse(init!.body!) as { requestId: string }).requestId);
    assert.equal(init?.headers?.['x-client-id'], 'tab-12345678');
    if (++n === 1) throw new TypeError('fetch failed');
    const body = n === 2 ? { requestId: ids[0], applied: true, seq: 3, state: null } : { error: { code: 'ACTION_NOT_ALLOWED', message: 'no' } };
    return { status: n === 2 ? 200 : 409, headers: { get: () => null }, text: async () => JSON.stringify(body) };
  };
  const c = new SwitchboardClient({ baseUrl: 'http://x', token: 't', clientId: 'tab-12345678', fetch: fetchImpl });
  const res = await c.command({ type: 'set-available' });
  assert.equal(res.applied, true);
  assert.equal(ids.length, 2);
  assert.equal(ids[0], ids[1]);
  assert.match(ids[0]!, /^req-[0-9a-f]{24}$/);
  await assert.rejects(c.command({ type: 'set-available' }), (e: unknown) => e instanceof ApiError && e.code === 'ACTION_NOT_ALLOWED');
  assert.equal(ids.length, 3);
});

test('transferDestinations: GET the call’s lists with the token; a 404 for a call not the agent’s is a typed error', async () => {
  const seen: Array<{ url: string; auth: string | undefined }> = [];
  const lists = {
    agents: [{ agentId: 'agt_bob', name: 'Bob', state: 'available', reason: null, since: '2026-01-01T00:00:00.000Z' }],
    numbers: [{ label: 'Billing', number: '+61290000099' }],
    workflows: [{ id: 'payments', name: 'Payments' }],
  };
  const c = new SwitchboardClient({
    baseUrl: 'http://x/',
    token: 'tok',
    fetch: jsonFetch((url, init) => {
      seen.push({ url, auth: init.headers?.authorization });
      return url.includes('int%2F9') ? { status: 404, body: { error: { code: 'NOT_FOUND', message: 'No call' } } } : { status: 200, body: lists };
    }),
  });
  assert.deepEqual(await c.transferDestinations('int_1'), lists);
  assert.deepEqual(seen[0], { url: 'http://x/api/v1/calls/int_1/transfer-destinations', auth: 'Bearer tok' });
  // The id is path-encoded, so it cannot reach another route.
  await assert.rejects(c.transferDestinations('int/9'), (e: unknown) => e instanceof ApiError && e.code === 'NOT_FOUND' && e.status === 404);
  assert.equal(seen[1]!.url, 'http://x/api/v1/calls/int%2F9/transfer-destinations');
});
