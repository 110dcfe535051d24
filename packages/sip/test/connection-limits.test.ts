import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { WebSocket } from 'ws';
import { SipEndpoint, TcpTransport, WsTransport, type ConnectionLimits } from '../src/index';

// Ports (real sockets): TCP 38520-38523, WebSocket 38525-38526.

const LIMITS: ConnectionLimits = { readTimeoutMs: 400, idleTimeoutMs: 900, maxConnections: 5, maxPerAddress: 3 };

const options = (n: number) =>
  `OPTIONS sip:sb@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5099;branch=z9hG4bKlim${n};rport\r\nMax-Forwards: 70\r\n` +
  `From: <sip:probe@127.0.0.1>;tag=a${n}\r\nTo: <sip:sb@127.0.0.1>\r\nCall-ID: lim-${n}@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;

interface Client {
  socket: Socket;
  data: string;
  /** Resolves with ms since connect when the server closes us. */
  closed: Promise<number>;
}

function client(port: number, localAddress = '127.0.0.1'): Promise<Client> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    const c: Client = { socket, data: '', closed: new Promise((r) => socket.once('close', () => r(Date.now() - t0))) };
    socket.on('data', (d: Buffer) => (c.data += d.toString()));
    socket.on('error', () => {}); // a reset on a refused or timed-out connection is what we test
    socket.once('connect', () => resolve(c));
    socket.once('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const within = <T>(p: Promise<T>, ms: number, what: string): Promise<T> => Promise.race([p, sleep(ms).then(() => Promise.reject(new Error(`${what}: not within ${ms} ms`)))]);

async function tcpServer(port: number): Promise<{ ep: SipEndpoint; tcp: TcpTransport }> {
  const ep = new SipEndpoint({});
  const tcp = await TcpTransport.listen({ host: '127.0.0.1', port, connections: LIMITS });
  ep.addTransport(tcp);
  return { ep, tcp };
}

test('TCP: a message trickled slower than the read timeout, and a connection that never sends, are closed', async () => {
  const { ep, tcp } = await tcpServer(38520);
  try {
    const slow = await client(38520);
    const silent = await client(38520);
    const msg = options(1);
    let i = 0;
    const trickle = setInterval(() => {
      if (i < msg.length && !slow.socket.destroyed) slow.socket.write(msg[i++]!);
    }, 20); // ~1 byte / 20 ms: the ~250-byte message would take 5 s
    try {
      const tSlow = await within(slow.closed, 3000, 'slow trickle closed');
      assert.ok(tSlow >= 350 && i < msg.length, `closed after ${tSlow} ms with ${i} of ${msg.length} bytes`);
      await within(silent.closed, 3000, 'silent connection closed');
    } finally {
      clearInterval(trickle);
    }
    assert.equal(slow.data, '', 'the partial message was never answered');
    assert.equal(tcp.guard.counters.readTimeouts, 2);
    // The server side's close events: waited for (a fixed sleep's timer can run before the loop reads them).
    for (let n = 0; n < 150 && (tcp.connectionCount > 0 || tcp.guard.size > 0); n++) await sleep(20);
    assert.equal(tcp.connectionCount, 0);
    assert.equal(tcp.guard.size, 0);
  } finally {
    await ep.close();
  }
});

test('TCP: an idle connection is closed after the idle lifetime; one that keeps sending CRLF pings stays', async () => {
  const { ep, tcp } = await tcpServer(38521);
  try {
    const idle = await client(38521);
    const pinging = await client(38521);
    idle.socket.write(options(2));
    pinging.socket.write(options(3));
    const ping = setInterval(() => pinging.socket.write('\r\n\r\n'), 200);
    try {
      const t = await within(idle.closed, 3000, 'idle connection closed');
      assert.ok(t >= 850, `closed after ${t} ms`);
      assert.match(idle.data, /^SIP\/2\.0 200 /, 'its complete message was answered first');
      await sleep(600); // well past the idle lifetime since the last message
      assert.equal(pinging.socket.destroyed, false, 'the pinging connection is still open');
    } finally {
      clearInterval(ping);
      pinging.socket.destroy();
    }
    assert.equal(tcp.guard.counters.idleTimeouts, 1);
    assert.equal(tcp.guard.counters.readTimeouts, 0);
  } finally {
    await ep.close();
  }
});

test('TCP: per-address and total caps refuse connections at accept; a freed slot is usable again', async () => {
  const { ep, tcp } = await tcpServer(38522);
  const open: Client[] = [];
  try {
    for (let i = 0; i < 3; i++) open.push(await client(38522, '127.0.0.1'));
    const fourth = await client(38522, '127.0.0.1');
    await within(fourth.closed, 1000, 'a 4th connection from one address refused');
    // Another address still gets in, up to the total of 5.
    for (let i = 0; i < 2; i++) open.push(await client(38522, '127.0.0.2'));
    const sixth = await client(38522, '127.0.0.2');
    await within(sixth.closed, 1000, 'a 6th connection in all refused');
    assert.deepEqual({ ...tcp.guard.counters }, { refusedTotal: 1, refusedPerAddress: 1, readTimeouts: 0, idleTimeouts: 0 });
    // Those admitted still work.
    open[0]!.socket.write(options(4));
    await within(
      (async () => {
        while (!/SIP\/2\.0 200/.test(open[0]!.data)) await sleep(20);
      })(),
      1000,
      'an admitted connection answered',
    );
    open[1]!.socket.destroy();
    // The server has seen the close once its count drops (waited for, not slept).
    for (let n = 0; n < 150 && tcp.guard.size > 4; n++) await sleep(20);
    const again = await client(38522, '127.0.0.1');
    again.socket.write(options(5));
    for (let n = 0; n < 150 && !/SIP\/2\.0 200/.test(again.data) && !again.socket.destroyed; n++) await sleep(20);
    assert.match(again.data, /^SIP\/2\.0 200 /, 'a freed slot admits a new connection');
    again.socket.destroy();
  } finally {
    for (const c of open) c.socket.destroy();
    await ep.close();
  }
});

test('WebSocket SIP: the same caps, a first-message deadline and an idle lifetime', async () => {
  const ep = new SipEndpoint({});
  const ws = await WsTransport.listen({ host: '127.0.0.1', port: 38525, connections: LIMITS });
  ep.addTransport(ws);
  const open = (localAddress = '127.0.0.1') =>
    new Promise<{ sock: WebSocket; closed: Promise<number> }>((resolve, reject) => {
      const t0 = Date.now();
      const sock = new WebSocket('ws://127.0.0.1:38525', 'sip', { localAddress });
      const closed = new Promise<number>((r) => sock.once('close', () => r(Date.now() - t0)));
      sock.once('open', () => resolve({ sock, closed }));
      sock.once('error', reject);
    });
  const socks: WebSocket[] = [];
  try {
    const silent = await open();
    const talker = await open();
    talker.sock.send(options(6));
    const t = await within(silent.closed, 3000, 'a WebSocket that never sends SIP closed');
    assert.ok(t >= 350, `closed after ${t} ms`);
    const ti = await within(talker.closed, 3000, 'an idle WebSocket closed');
    assert.ok(ti >= 850, `idle close after ${ti} ms`);
    for (let i = 0; i < 3; i++) socks.push((await open()).sock);
    const refused = await open().then(
      (s) => within(s.closed, 1000, 'the 4th WebSocket from one address closed'),
      () => 0,
    );
    assert.equal(typeof refused, 'number');
    assert.deepEqual({ ...ws.guard.counters }, { refusedTotal: 0, refusedPerAddress: 1, readTimeouts: 1, idleTimeouts: 1 });
  } finally {
    for (const s of socks) s.terminate();
    await ep.close();
  }
});
