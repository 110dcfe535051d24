import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { listen, login, makeApp, rawSocket, removeDir } from '../helpers';
import { captureLog } from './log-capture';
import { get, rawRequest } from './raw-http';

const sockets = new Set<net.Socket>();
/** Closes the test's own sockets first, so the server's close never waits on them (when a timeout is missing). */
const dropAll = (): void => {
  for (const s of sockets) s.destroy();
};

/** A raw socket from `localAddress` (any 127.x address is loopback on Linux) that records what comes back and when it closes. */
function openSocket(port: number, localAddress = '127.0.0.1'): Promise<{ s: net.Socket; data: () => string; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const t0 = Date.now();
    const s = net.connect({ port, host: '127.0.0.1', localAddress });
    sockets.add(s);
    const closed = new Promise<number>((r) => s.on('close', () => r(Date.now() - t0)));
    s.on('data', (d) => (buf += d.toString()));
    s.on('error', () => {});
    s.once('connect', () => resolve({ s, data: () => buf, closed }));
    s.once('error', reject);
  });
}

const LIMITS = { headersTimeoutMs: 1000, requestTimeoutMs: 1500, idleTimeoutMs: 2000, connectionsPerAddress: 20 };

test('half-sent requests are cut off by the header and request timeouts, quietly', async (t) => {
  const log = captureLog('info');
  const { app, dir, close } = await makeApp({ logger: log.logger, config: LIMITS });
  t.after(async () => {
    dropAll();
    await close();
    removeDir(dir);
  });
  const port = Number(new URL(await listen(app)).port);

  // The body promised 100 bytes and sent 13: answered 408 in the API's shape and closed.
  const body = await openSocket(port);
  body.s.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"username":"');
  // Headers never finished.
  const headers = await openSocket(port);
  headers.s.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
  // Connected and silent.
  const silent = await openSocket(port);

  const waited = await Promise.race([Promise.all([body.closed, headers.closed, silent.closed]), new Promise<'open'>((r) => setTimeout(() => r('open'), 8000))]);
  assert.notEqual(waited, 'open', 'the server closed all three within 8 s');
  const [bodyMs, headersMs, silentMs] = waited as number[];
  assert.ok(bodyMs! >= 1000, `the slow body had its time (${bodyMs} ms)`);
  assert.ok(headersMs! >= 800 && silentMs! >= 800, `the slow headers had their time (${headersMs}, ${silentMs} ms)`);
  assert.match(body.data(), /^HTTP\/1\.1 408 /);
  assert.match(body.data(), /\{"error":\{"code":"REQUEST_TIMEOUT","message":"[^"]+"\}\}$/);

  // Ten more of them make no log line each: nothing above info, and no stack.
  const before = log.lines.length;
  const more = await Promise.all(Array.from({ length: 10 }, () => openSocket(port)));
  for (const m of more) m.s.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"user');
  await Promise.all(more.map((m) => m.closed));
  const after = log.lines.slice(before);
  assert.deepEqual(
    after.filter((l) => (l.level as number) >= 40),
    [],
    'no warning or error for a dropped request',
  );
  assert.doesNotMatch(log.text(), /"stack"/);
  assert.ok(after.length <= 2 * more.length, `at most the request's own lines (${after.length})`);

  // A whole request still works.
  assert.equal((await rawRequest(port, get('/healthz'))).status, 200);
});

test('one address may hold MAX_CONNECTIONS_PER_ADDRESS connections; the rest of the world still gets in', async (t) => {
  const { app, dir, close } = await makeApp({ config: { ...LIMITS, requestTimeoutMs: 60_000, headersTimeoutMs: 60_000, idleTimeoutMs: 60_000 } });
  t.after(async () => {
    dropAll();
    await close();
    removeDir(dir);
  });
  const port = Number(new URL(await listen(app)).port);
  const held = await Promise.all(Array.from({ length: 20 }, () => openSocket(port, '127.0.0.2')));
  for (const h of held) h.s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
  await new Promise((r) => setTimeout(r, 100));

  // The 21st from that address is closed at once, before any answer.
  const extra = await openSocket(port, '127.0.0.2');
  extra.s.write(get('/healthz'));
  const closedIn = await Promise.race([extra.closed, new Promise<number>((r) => setTimeout(() => r(-1), 3000))]);
  assert.notEqual(closedIn, -1, 'the extra connection is closed');
  assert.equal(extra.data(), '', 'and gets no answer');

  // Another address is not affected, and /healthz answers.
  assert.equal((await rawRequest(port, get('/healthz'))).status, 200);
  const metrics = await rawRequest(port, get('/metrics'));
  assert.match(metrics.body, /^switchboard_http_connections_refused_total 1$/m);

  // Once its connections close, the address gets in again.
  for (const h of held) h.s.destroy();
  await Promise.all(held.map((h) => h.closed));
  await new Promise((r) => setTimeout(r, 100));
  const again = await openSocket(port, '127.0.0.2');
  again.s.write(get('/healthz'));
  await again.closed;
  assert.match(again.data(), /^HTTP\/1\.1 200 /);
});

test('an event WebSocket is not cut by the HTTP idle timeout', async (t) => {
  const { app, dir, close } = await makeApp({ config: { ...LIMITS, idleTimeoutMs: 1000 } });
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const base = await listen(app);
  const token = await login(app, 'alice', 'demo1234');
  const { ws, messages } = await rawSocket(base);
  let closedCode = 0;
  ws.on('close', (c) => (closedCode = c));
  ws.send(JSON.stringify({ type: 'hello', token, clientId: 'tab-idle-0001' }));
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal(closedCode, 0, 'still open after three idle timeouts');
  assert.ok(messages.some((m) => m.type === 'snapshot'));
  ws.close();
});
