import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { SipEndpoint, SipError, TlsTransport, type Dialog, type SipRequest } from '@switchboard/sip';
import { selfSignedCert, waitFor } from '@switchboard/testkit';

// Ports: 45510-45519 (SIP over TLS).

const cert = selfSignedCert('sip-tls-unit');

async function pair(portA: number, portB: number, o: { verifyServer?: boolean; ca?: string; readTimeoutMs?: number } = {}) {
  const a = new SipEndpoint({ user: 'alice' });
  const b = new SipEndpoint({ user: 'bob' });
  a.addTransport(await TlsTransport.listen({ port: portA, cert: cert.cert, key: cert.key, ca: o.ca ?? cert.cert, verifyServer: o.verifyServer ?? true }));
  const bt = await TlsTransport.listen({ port: portB, cert: cert.cert, key: cert.key, ...(o.readTimeoutMs ? { connections: { readTimeoutMs: o.readTimeoutMs } } : {}) });
  b.addTransport(bt);
  return { a, b, bt, close: () => Promise.all([a.close(), b.close()]) };
}

test('TLS: INVITE / 200 / ACK / BYE, Via says TLS, the server certificate checked against our CA', async () => {
  const { a, b, close } = await pair(45510, 45511);
  try {
    let uas: Dialog | undefined;
    let invite: SipRequest | undefined;
    b.on('invite', (inv) => {
      invite = inv.request;
      uas = inv.accept({ body: 'v=0\r\n' });
    });
    const { dialog, response } = await a.invite({ uri: 'sip:bob@127.0.0.1:45511;transport=tls', body: 'v=0\r\n' }).result;
    assert.match(invite!.headers.get('via')!, /^SIP\/2\.0\/TLS 127\.0\.0\.1:45510;/);
    assert.match(invite!.headers.get('contact')!, /;transport=tls>$/);
    assert.match(response.headers.get('contact')!, /^<sip:bob@127\.0\.0\.1:45511;transport=tls>$/);
    await waitFor(() => uas?.state === 'confirmed', 3000, 'ACK over TLS');
    assert.equal((await dialog.bye())?.status, 200);
    assert.equal(a.transport('TLS')!.protocol, 'TLS');
  } finally {
    await close();
  }
});

test('TLS: a sips: Request-URI goes over TLS to 5061-style ports and gets a sips: Contact back', async () => {
  const { a, b, close } = await pair(45512, 45513);
  try {
    b.on('invite', (inv) => inv.accept({ body: 'v=0\r\n' }));
    const { response, dialog } = await a.invite({ uri: 'sips:bob@127.0.0.1:45513', body: 'v=0\r\n' }).result;
    assert.equal(response.headers.get('contact'), '<sips:bob@127.0.0.1:45513>');
    await dialog.bye();
  } finally {
    await close();
  }
});

test('TLS: a server whose certificate we cannot verify is refused (503), unless verification is off', async () => {
  const other = selfSignedCert('sip-tls-other');
  const { a, b, close } = await pair(45514, 45515, { ca: other.cert });
  try {
    b.on('request', (r) => r.respond(200));
    await assert.rejects(
      a.request({ method: 'MESSAGE', uri: 'sip:bob@127.0.0.1:45515;transport=tls', body: 'hi', contentType: 'text/plain' }),
      (e: unknown) => e instanceof SipError && e.code === 'SIP_TRANSPORT',
    );
  } finally {
    await close();
  }
  const lax = await pair(45516, 45517, { ca: other.cert, verifyServer: false });
  try {
    lax.b.on('request', (r) => r.respond(200));
    const res = await lax.a.request({ method: 'MESSAGE', uri: 'sip:bob@127.0.0.1:45517;transport=tls', body: 'hi', contentType: 'text/plain' });
    assert.equal(res.status, 200);
  } finally {
    await lax.close();
  }
});

test('TLS: a connection that never completes its handshake, or speaks plain SIP, is closed; the transport still works', async () => {
  const { a, b, bt, close } = await pair(45518, 45519, { readTimeoutMs: 400 });
  try {
    const t0 = Date.now();
    const silent = connect({ host: '127.0.0.1', port: 45519 });
    silent.on('error', () => {});
    const closedAfter = await new Promise<number>((r) => silent.once('close', () => r(Date.now() - t0)));
    assert.ok(closedAfter >= 300 && closedAfter < 3000, `silent connection closed after ${closedAfter} ms`);
    assert.equal(bt.guard.counters.readTimeouts, 1);

    const plain = connect({ host: '127.0.0.1', port: 45519 }, () => plain.write('OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n\r\n'));
    plain.on('error', () => {});
    await new Promise<void>((r) => plain.once('close', () => r()));

    // A half handshake: TLS up, then nothing. The read deadline closes it too.
    const half = tlsConnect({ host: '127.0.0.1', port: 45519, rejectUnauthorized: false });
    half.on('error', () => {});
    await new Promise<void>((r) => half.once('close', () => r()));

    b.on('request', (r) => r.respond(200));
    const res = await a.request({ method: 'MESSAGE', uri: 'sip:bob@127.0.0.1:45519;transport=tls', body: 'hi', contentType: 'text/plain' });
    assert.equal(res.status, 200);
  } finally {
    await close();
  }
});
