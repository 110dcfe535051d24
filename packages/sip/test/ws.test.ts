import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { SipEndpoint, WsTransport, type Dialog } from '../src/index';

test('WS (RFC 7118): INVITE / 200 / ACK / BYE between two endpoints', async () => {
  const a = new SipEndpoint({ user: 'alice' });
  const b = new SipEndpoint({ user: 'bob' });
  a.addTransport(await WsTransport.listen({ port: 0 }));
  b.addTransport(await WsTransport.listen({ port: 0 }));
  try {
    let uas: Dialog | undefined;
    b.on('invite', (inv) => (uas = inv.accept({ body: 'v=0\r\n' })));
    const port = b.transport('WS')!.local.port;
    const { dialog, response } = await a.invite({ uri: `sip:bob@127.0.0.1:${port};transport=ws`, body: 'v=0\r\n' }).result;
    assert.match(response.headers.get('via')!, /^SIP\/2\.0\/WS /);
    assert.match(response.headers.get('contact')!, /transport=ws/);
    const ended = new Promise<string>((r) => uas!.on('terminated', (e) => r(e.reason)));
    assert.equal((await dialog.bye())?.status, 200);
    assert.equal(await ended, 'bye-received');
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('WS: a browser-style client with subprotocol "sip" gets OPTIONS answered; other subprotocols are refused', async () => {
  const ep = new SipEndpoint();
  const t = await WsTransport.listen({ port: 0 });
  ep.addTransport(t);
  try {
    const ws = new WebSocket(`ws://127.0.0.1:${t.local.port}`, 'sip');
    await new Promise((r) => ws.once('open', r));
    assert.equal(ws.protocol, 'sip');
    const reply = new Promise<string>((r) => ws.once('message', (d) => r(d.toString())));
    ws.send(
      'OPTIONS sip:ep@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bKws1\r\nFrom: <sip:u@x.invalid>;tag=1\r\n' +
        'To: <sip:ep@127.0.0.1>\r\nCall-ID: ws1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n\r\n',
    );
    assert.match(await reply, /^SIP\/2\.0 200 OK/);
    ws.close();
    for (const protocols of [['chat'], []]) {
      const other = new WebSocket(`ws://127.0.0.1:${t.local.port}`, protocols);
      const status = await new Promise<number>((r) => {
        other.once('open', () => r(101));
        other.once('unexpected-response', (_req, res) => r(res.statusCode ?? 0));
        other.once('error', () => r(-1));
      });
      assert.equal(status, 401, `subprotocols ${JSON.stringify(protocols)}`);
    }
  } finally {
    await ep.close();
  }
});

test('WS: a browser-like phone registers with an unreachable .invalid Contact; we call it back over its connection', async () => {
  const { Registrar } = await import('../src/index');
  const { systemClock } = await import('@switchboard/shared');
  const registrar = new Registrar({ clock: systemClock });
  const server = new SipEndpoint({ user: 'pbx', registrar });
  const phone = new SipEndpoint({ user: 'alice' });
  server.addTransport(await WsTransport.listen({ port: 0 }));
  phone.addTransport(await WsTransport.listen({ port: 0 }));
  try {
    const port = server.transport('WS')!.local.port;
    const reg = await phone.request({
      method: 'REGISTER',
      uri: `sip:127.0.0.1:${port};transport=ws`,
      to: 'sip:alice@sb',
      from: 'sip:alice@sb',
      headers: { contact: '<sip:alice@df7jal23ls0d.invalid;transport=ws>', expires: '300' },
    });
    assert.equal(reg.status, 200);
    const [binding] = registrar.lookup('sip:alice@sb');
    assert.ok(binding?.source.connectionId);
    let answered = false;
    phone.on('invite', (inv) => {
      answered = true;
      inv.accept({ body: 'v=0\r\n' });
    });
    const { dialog } = await server.invite({ uri: binding.contact, route: binding.source, transport: binding.transport, body: 'v=0\r\n' }).result;
    assert.ok(answered);
    assert.equal((await dialog.bye())?.status, 200);
    registrar.clear();
  } finally {
    await Promise.all([server.close(), phone.close()]);
  }
});
