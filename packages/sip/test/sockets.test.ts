import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '@switchboard/shared';
import { SipEndpoint, SipError, UdpTransport, TcpTransport, Registrar, DigestServer, passwordHa1, type Dialog, type TransportProtocol } from '../src/index';

async function endpoints(protocol: TransportProtocol, registrar?: Registrar) {
  const a = new SipEndpoint({ user: 'alice' });
  const b = new SipEndpoint({ user: 'bob', registrar });
  for (const ep of [a, b]) {
    ep.addTransport(protocol === 'UDP' ? await UdpTransport.listen({ host: '127.0.0.1', port: 0 }) : await TcpTransport.listen({ host: '127.0.0.1', port: 0 }));
  }
  const port = b.transport(protocol)!.local.port;
  const uri = `sip:bob@127.0.0.1:${port}${protocol === 'TCP' ? ';transport=tcp' : ''}`;
  return { a, b, uri, close: () => Promise.all([a.close(), b.close()]) };
}

const waitFor = async (cond: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};

for (const protocol of ['UDP', 'TCP'] as const) {
  test(`${protocol}: INVITE / 200 / ACK / BYE over real sockets`, async () => {
    const { a, b, uri, close } = await endpoints(protocol);
    try {
      let uas: Dialog | undefined;
      b.on('invite', (inv) => {
        inv.progress(180);
        uas = inv.accept({ body: 'v=0\r\n' });
      });
      const { dialog } = await a.invite({ uri, body: 'v=0\r\n' }).result;
      await waitFor(() => uas?.state === 'confirmed');
      const ended = new Promise<string>((r) => uas!.on('terminated', (e) => r(e.reason)));
      assert.equal((await dialog.bye())?.status, 200);
      assert.equal(await ended, 'bye-received');
      assert.equal(a.counters.parseDropped + b.counters.parseDropped, 0);
    } finally {
      await close();
    }
  });

  test(`${protocol}: CANCEL of a ringing call`, async () => {
    const { a, b, uri, close } = await endpoints(protocol);
    try {
      const cancelled = new Promise<void>((r) =>
        b.on('invite', (inv) => {
          inv.progress(180);
          inv.on('cancel', () => r());
        }),
      );
      const out = a.invite({ uri });
      out.on('progress', (res) => res.status === 180 && out.cancel());
      await assert.rejects(out.result, (e: unknown) => e instanceof SipError && e.code === 'SIP_CANCELLED');
      await cancelled;
    } finally {
      await close();
    }
  });

  test(`${protocol}: re-INVITE hold with a=sendonly, answered a=recvonly, then resume`, async () => {
    const { a, b, uri, close } = await endpoints(protocol);
    try {
      let uas: Dialog | undefined;
      b.on('invite', (inv) => {
        uas = inv.accept({ body: 'v=0\r\na=sendrecv\r\n' });
        uas.on('reinvite', (ri) => void ri.accept({ body: ri.body.includes('a=sendonly') ? 'v=0\r\na=recvonly\r\n' : 'v=0\r\na=sendrecv\r\n' }));
      });
      const { dialog } = await a.invite({ uri, body: 'v=0\r\na=sendrecv\r\n' }).result;
      const hold = await dialog.reinvite({ body: 'v=0\r\na=sendonly\r\n' });
      assert.equal(hold.status, 200);
      assert.match(hold.body.toString(), /a=recvonly/);
      const resume = await dialog.reinvite({ body: 'v=0\r\na=sendrecv\r\n' });
      assert.match(resume.body.toString(), /a=sendrecv/);
      await dialog.bye();
    } finally {
      await close();
    }
  });

  test(`${protocol}: OPTIONS probe answered 200 with Allow`, async () => {
    const { a, uri, close } = await endpoints(protocol);
    try {
      const res = await a.request({ method: 'OPTIONS', uri });
      assert.equal(res.status, 200);
      assert.match(res.headers.getAll('allow').join(','), /OPTIONS/);
    } finally {
      await close();
    }
  });

  test(`${protocol}: REGISTER is challenged (401 digest), then bound`, async () => {
    const digest = new DigestServer({ realm: 'switchboard.test', clock: systemClock });
    const registrar = new Registrar({ clock: systemClock, digest, ha1: passwordHa1(digest.realm, (u) => (u === 'alice' ? 's3cret' : undefined)) });
    const { a, uri, close } = await endpoints(protocol, registrar);
    try {
      const aor = 'sip:alice@switchboard.test';
      const noAuth = await a.request({ method: 'REGISTER', uri, to: aor, from: aor, headers: { expires: '600' } });
      assert.equal(noAuth.status, 401);
      assert.match(noAuth.headers.getAll('www-authenticate')[0]!, /algorithm=MD5/, 'MD5 first: phones take the first challenge');
      assert.match(noAuth.headers.getAll('www-authenticate')[1]!, /algorithm=SHA-256/);
      const wrong = await a.request({ method: 'REGISTER', uri, to: aor, from: aor, headers: { expires: '600' }, auth: { username: 'alice', password: 'nope' } });
      assert.equal(wrong.status, 401);
      const ok = await a.request({ method: 'REGISTER', uri, to: aor, from: aor, headers: { expires: '600' }, auth: { username: 'alice', password: 's3cret' } });
      assert.equal(ok.status, 200);
      assert.match(ok.headers.get('contact')!, /expires=600/);
      assert.equal(registrar.lookup(aor).length, 1);
      registrar.clear();
    } finally {
      await close();
    }
  });
}

test('TCP: coalesced and split messages on one connection are each answered; CRLFCRLF ping gets a CRLF pong', async () => {
  const { connect } = await import('node:net');
  const ep = new SipEndpoint();
  const t = await TcpTransport.listen({ port: 0 });
  ep.addTransport(t);
  const opt = (n: number): string =>
    `OPTIONS sip:ep@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bKtcp${n}\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:ep@h>\r\n` +
    `Call-ID: tcp-${n}\r\nCSeq: ${n} OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`;
  const sock = connect(t.local.port, '127.0.0.1');
  let got = '';
  sock.on('data', (d) => (got += d.toString()));
  try {
    await new Promise((r) => sock.once('connect', r));
    sock.write(opt(1) + opt(2) + '\r\n\r\n');
    const third = opt(3);
    sock.write(third.slice(0, 50));
    await new Promise((r) => setTimeout(r, 20));
    sock.write(third.slice(50, 120));
    await new Promise((r) => setTimeout(r, 20));
    sock.write(third.slice(120));
    await waitFor(() => (got.match(/SIP\/2\.0 200 OK/g) ?? []).length === 3);
    assert.match(got, /CSeq: 3 OPTIONS/);
    // What is left once the three responses are removed is the single-CRLF pong (RFC 5626 4.4.1).
    assert.equal(got.replace(/SIP\/2\.0 200 OK[\s\S]*?Content-Length: 0\r\n\r\n/g, ''), '\r\n');
    // A body larger than we take gets 513 Message Too Large, then the connection is closed.
    const closed = new Promise((r) => sock.once('close', r));
    sock.write(opt(4).replace('Content-Length: 0', 'Content-Length: 900000'));
    await closed;
    assert.match(got, /SIP\/2\.0 513 Message Too Large[\s\S]*CSeq: 4 OPTIONS/);
    assert.equal(t.framingErrors, 1);
    // A broken stream (bad Content-Length) is closed rather than guessed at.
    const sock2 = connect(t.local.port, '127.0.0.1');
    await new Promise((r) => sock2.once('connect', r));
    const closed2 = new Promise((r) => sock2.once('close', r));
    sock2.write('OPTIONS sip:x SIP/2.0\r\nContent-Length: nope\r\n\r\n');
    await closed2;
    assert.equal(t.framingErrors, 2);
  } finally {
    sock.destroy();
    await ep.close();
  }
});

test('UDP over IPv6 loopback: OPTIONS and a call, with bracketed hosts in Via and Contact', async (t) => {
  const { networkInterfaces } = await import('node:os');
  const hasV6 = Object.values(networkInterfaces()).some((l) => l?.some((i) => i.address === '::1'));
  if (!hasV6) {
    // Not a skip: without ::1 the IPv6 path is exercised by the parser tests only; say so and pass.
    t.diagnostic('no ::1 on this machine');
  }
  const a = new SipEndpoint({ user: 'alice' });
  const b = new SipEndpoint({ user: 'bob' });
  try {
    a.addTransport(await UdpTransport.listen({ host: hasV6 ? '::1' : '127.0.0.1', port: 0 }));
    b.addTransport(await UdpTransport.listen({ host: hasV6 ? '::1' : '127.0.0.1', port: 0 }));
    const port = b.transport('UDP')!.local.port;
    const uri = hasV6 ? `sip:bob@[::1]:${port}` : `sip:bob@127.0.0.1:${port}`;
    const res = await a.request({ method: 'OPTIONS', uri });
    assert.equal(res.status, 200);
    if (hasV6) assert.match(res.headers.get('via')!, /SIP\/2\.0\/UDP \[::1\]:\d+;branch=/);
    b.on('invite', (inv) => inv.accept());
    const { dialog } = await a.invite({ uri }).result;
    assert.equal((await dialog.bye())?.status, 200);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
