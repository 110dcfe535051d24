import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SipEndpoint, UdpTransport, digestResponse, parseChallenge, passwordHa1, quote } from '@switchboard/sip';
import { createEngine } from '../src/index';

// Ports (real UDP): engine SIP 38500, engine RTP 38510-38519; alice's phone 127.0.0.1:38501,
// the attacker 127.0.0.2:38502 (another loopback address).
const ENGINE = 38500;

async function ua(host: string, port: number): Promise<SipEndpoint> {
  const ep = new SipEndpoint({ user: 'alice' });
  ep.addTransport(await UdpTransport.listen({ host, port }));
  return ep;
}

test('a captured qop-less Authorization replayed from another address (or again) does not register it', async () => {
  const stack = await createEngine({
    sipUdpPort: ENGINE,
    rtpPorts: { min: 38510, max: 38519 },
    phones: { realm: 'switchboard.test', ha1: passwordHa1('switchboard.test', (u) => (u === 'alice' ? 's3cret' : undefined)) },
  });
  const phone = await ua('127.0.0.1', 38501);
  const attacker = await ua('127.0.0.2', 38502);
  const register = (ep: SipEndpoint, authorization?: string) =>
    ep.request({
      method: 'REGISTER',
      uri: `sip:127.0.0.1:${ENGINE}`,
      from: 'sip:alice@switchboard.test',
      to: 'sip:alice@switchboard.test',
      headers: { expires: '300', ...(authorization ? { authorization } : {}) },
    });
  try {
    // Alice's phone answers the challenge the RFC 2617 way, without qop (no nonce-count to check).
    const challenge = await register(phone);
    assert.equal(challenge.status, 401);
    const ch = parseChallenge(challenge.headers.getAll('www-authenticate')[0]!)!;
    const uri = `sip:127.0.0.1:${ENGINE}`;
    const response = digestResponse({ algorithm: ch.algorithm, username: 'alice', realm: ch.realm, password: 's3cret', method: 'REGISTER', uri, nonce: ch.nonce });
    const captured = `Digest username="alice", realm=${quote(ch.realm)}, nonce=${quote(ch.nonce)}, uri=${quote(uri)}, response=${quote(response)}, algorithm=${ch.algorithm}`;
    assert.equal((await register(phone, captured)).status, 200);
    assert.equal(stack.registrar!.contactFor('alice')!.host, '127.0.0.1');

    // Someone who captured the header replays it from their own address, with their own Contact.
    const replayed = await register(attacker, captured);
    assert.equal(replayed.status, 401);
    assert.match(replayed.headers.getAll('www-authenticate').join(' '), /stale=true/);
    // Nor does it work a second time from alice's own address: without qop a nonce is single-use.
    assert.equal((await register(phone, captured)).status, 401);
    assert.equal(stack.registrar!.contactFor('alice')!.host, '127.0.0.1', 'Call me still rings alice, not the attacker');
    assert.equal(stack.registrar!.contactFor('alice')!.port, 38501);

    // A phone doing qop=auth (the SipEndpoint client, like baresip) registers and re-registers as before.
    const again = await phone.request({
      method: 'REGISTER',
      uri,
      from: 'sip:alice@switchboard.test',
      to: 'sip:alice@switchboard.test',
      auth: { username: 'alice', password: 's3cret' },
      headers: { expires: '300' },
    });
    assert.equal(again.status, 200);
  } finally {
    await phone.close();
    await attacker.close();
    await stack.engine.close();
  }
});
