import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { SipEndpoint, UdpTransport, passwordHa1 } from '@switchboard/sip';
import { createEngine, type LegInfo } from '../src/index';
import { sdpFor } from './helpers/fake-signalling';

// Ports (real UDP): engine SIP 38530, engine RTP 38540-38549; the carrier 38531, the same host on
// another port 38532, a PBX that authenticates 38533.
const ENGINE = 38530;

async function ua(port: number): Promise<SipEndpoint> {
  const ep = new SipEndpoint({});
  ep.addTransport(await UdpTransport.listen({ host: '127.0.0.1', port }));
  return ep;
}

async function invite(from: SipEndpoint, number: string, auth?: { username: string; password: string }): Promise<number> {
  const out = from.invite({ uri: `sip:${number}@127.0.0.1:${ENGINE}`, body: sdpFor(38548), contentType: 'application/sdp', ...(auth ? { auth } : {}) });
  try {
    const { dialog } = await out.result;
    await dialog.bye().catch(() => undefined);
    return 200;
  } catch (err) {
    return (err as { sipStatus?: number }).sipStatus ?? 0;
  }
}

test('a trunk is trusted from its host and port only; another port on its host is challenged; a trunk may authenticate instead', async () => {
  const stack = await createEngine({
    sipUdpPort: ENGINE,
    rtpPorts: { min: 38540, max: 38549 },
    phones: { realm: 'switchboard.test', ha1: passwordHa1('switchboard.test', (u) => (u === 'alice' ? 'a-pw' : undefined)) },
    trunks: [
      { name: 'carrier', address: '127.0.0.1:38531' },
      { name: 'pbx', address: '192.0.2.40', inboundCredentials: { username: 'pbx1', password: 'pbx-pw' } },
    ],
  });
  const offered: LegInfo[] = [];
  // What the server does with an offered call: answer the workspace's own number, refuse the rest (404).
  stack.engine.on('offered', ({ leg }) => {
    offered.push(leg);
    if (leg.to === '1300000000') void stack.engine.answer(leg.id).catch(() => {});
    else stack.engine.reject(leg.id, 'invalid_number');
  });
  const carrier = await ua(38531);
  const sameHost = await ua(38532);
  const pbx = await ua(38533);
  try {
    assert.equal(await invite(carrier, '1300000000'), 200);
    assert.equal(offered.at(-1)?.trunk, 'carrier', 'from the trunk port: the carrier, no challenge');

    // The carrier's host, another port: not the trunk, so a 407 it cannot answer.
    const before = offered.length;
    assert.equal(await invite(sameHost, '1300000000'), 407);
    assert.equal(offered.length, before, 'never offered');
    // Nor by writing the trunk's port in its Via without rport (responses would go there, 18.2.2):
    // the trunk is matched on where the packet came from.
    const raw = createSocket('udp4');
    await new Promise<void>((r) => raw.bind(38534, '127.0.0.1', () => r()));
    const body = sdpFor(38548);
    const forged = [
      `INVITE sip:1300000000@127.0.0.1:${ENGINE} SIP/2.0`,
      'Via: SIP/2.0/UDP 127.0.0.1:38531;branch=z9hG4bKforgedvia1',
      'Max-Forwards: 70',
      'From: <sip:x@127.0.0.1:38531>;tag=f1',
      'To: <sip:1300000000@127.0.0.1>',
      'Call-ID: forged-via-1',
      'CSeq: 1 INVITE',
      'Contact: <sip:x@127.0.0.1:38531>',
      'Content-Type: application/sdp',
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ].join('\r\n');
    raw.send(forged, ENGINE, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 400));
    raw.close();
    assert.equal(offered.length, before, 'a Via naming the trunk port is not the trunk');

    // A trunk that authenticates: challenged, then offered as that trunk (not as a phone user).
    assert.equal(await invite(pbx, '1300000000', { username: 'pbx1', password: 'pbx-pw' }), 200);
    assert.deepEqual([offered.at(-1)?.trunk, offered.at(-1)?.user], ['pbx', undefined]);
    assert.equal(await invite(pbx, '1300000000', { username: 'pbx1', password: 'wrong' }), 407);

    // No relay: the trunk's call to a number that is not ours is offered (to the routing) and refused.
    assert.equal(await invite(carrier, '0412345678'), 404);
  } finally {
    await carrier.close();
    await sameHost.close();
    await pbx.close();
    await stack.engine.close();
  }
});
