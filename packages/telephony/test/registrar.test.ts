import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SipEndpoint, UdpTransport, passwordHa1, type IncomingInvite } from '@switchboard/sip';
import { createEngine, type LegInfo } from '../src/index';
import { sdpFor } from './helpers/fake-signalling';

// Ports: engine SIP 29580, phone 29582, engine RTP 29800-29819 (real UDP, in process).

test("agents' phones: REGISTER with digest auth, originate to the user, and authenticated INVITEs from the phone", async () => {
  const passwords: Record<string, string> = { agent1: 's3cret' };
  const stack = await createEngine({
    sipUdpPort: 29580,
    rtpPorts: { min: 29800, max: 29819 },
    phones: { realm: 'switchboard.test', ha1: passwordHa1('switchboard.test', (u) => passwords[u]) },
  });
  const { engine } = stack;
  const phone = new SipEndpoint({ user: 'agent1' });
  phone.addTransport(await UdpTransport.listen({ port: 29582 }));
  const registered: string[] = [];
  engine.on('registered', (e) => registered.push(e.user));
  try {
    // Wrong password: refused.
    const bad = await phone.request({
      method: 'REGISTER',
      uri: 'sip:127.0.0.1:29580',
      from: 'sip:agent1@switchboard.test',
      to: 'sip:agent1@switchboard.test',
      auth: { username: 'agent1', password: 'nope' },
      headers: { expires: '300' },
    });
    assert.equal(bad.status, 401);
    assert.equal(stack.registrar!.isRegistered('agent1'), false);
    await assert.rejects(engine.originate({ to: { user: 'agent1' } }), (e: { code?: string }) => e.code === 'TEL_USER_NOT_REGISTERED');

    const ok = await phone.request({
      method: 'REGISTER',
      uri: 'sip:127.0.0.1:29580',
      from: 'sip:agent1@switchboard.test',
      to: 'sip:agent1@switchboard.test',
      auth: { username: 'agent1', password: 's3cret' },
      headers: { expires: '300' },
    });
    assert.equal(ok.status, 200);
    assert.deepEqual(registered, ['agent1']);

    // The engine calls the agent's phone where it registered from.
    // `on`, not `once`: the endpoint rejects an INVITE with 480 when no listener is left after emitting.
    const invited = new Promise<IncomingInvite>((r) => phone.on('invite', r));
    const answered = new Promise<string>((r) => engine.once('answered', (e) => r(e.legId)));
    const legId = await engine.originate({ to: { user: 'agent1' }, from: 'queue-sales' });
    const inv = await invited;
    assert.match(inv.request.headers.get('from') ?? '', /queue-sales/);
    inv.accept({ body: sdpFor(29818) });
    assert.equal(await answered, legId);
    assert.equal(engine.getLeg(legId).user, 'agent1');
    engine.hangup(legId);

    // The phone calls out: challenged (407), then offered as agent1.
    const offered = new Promise<LegInfo>((r) => engine.once('offered', (e) => r(e.leg)));
    const noAuth = phone.invite({ uri: 'sip:0299990000@127.0.0.1:29580', body: sdpFor(29818) });
    await assert.rejects(noAuth.result, (e: { sipStatus?: number }) => e.sipStatus === 407);
    const withAuth = phone.invite({ uri: 'sip:0299990000@127.0.0.1:29580', body: sdpFor(29818), auth: { username: 'agent1', password: 's3cret' } });
    const leg = await offered;
    assert.equal(leg.user, 'agent1');
    assert.equal(leg.to, '0299990000');
    engine.reject(leg.id, 'busy');
    await assert.rejects(withAuth.result, (e: { sipStatus?: number }) => e.sipStatus === 486);
  } finally {
    await phone.close();
    await engine.close();
  }
});
