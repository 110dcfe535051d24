import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SipEndpoint, UdpTransport, type IncomingInvite } from '@switchboard/sip';
import { createEngine, connectLegs } from '../src/index';
import { sdpFor } from './helpers/fake-signalling';

// Ports (real UDP): engine SIP 38480, engine RTP 38490-38499; caller 38481, far end 38482.
const ENGINE = 38480;

async function ua(port: number): Promise<SipEndpoint> {
  const ep = new SipEndpoint({});
  ep.addTransport(await UdpTransport.listen({ host: '127.0.0.1', port }));
  return ep;
}

/** Final status of an INVITE, with what the caller saw before it. */
async function call(caller: SipEndpoint, maxForwards: string | undefined): Promise<{ status: number; provisional: number[] }> {
  const out = caller.invite({
    uri: `sip:care@127.0.0.1:${ENGINE}`,
    body: sdpFor(38486),
    contentType: 'application/sdp',
    ...(maxForwards !== undefined ? { headers: { 'max-forwards': maxForwards } } : {}),
  });
  const provisional: number[] = [];
  out.on('progress', (r) => provisional.push(r.status));
  try {
    const { dialog } = await out.result;
    await dialog.bye().catch(() => undefined);
    return { status: 200, provisional };
  } catch (err) {
    return { status: (err as { sipStatus?: number }).sipStatus ?? 0, provisional };
  }
}

test('Max-Forwards: 483 at zero with no 100 first; the B2BUA forwards the INVITE with one less', async () => {
  const stack = await createEngine({ sipUdpPort: ENGINE, rtpPorts: { min: 38490, max: 38499 } });
  const offered: string[] = [];
  stack.engine.on('offered', ({ leg }) => {
    offered.push(leg.id);
    void connectLegs(stack.engine, leg.id, { to: { uri: 'sip:agent@127.0.0.1:38482', host: '127.0.0.1', port: 38482, transport: 'udp' } }).catch(() => {});
  });
  const caller = await ua(38481);
  const far = await ua(38482);
  const seen: Array<string | undefined> = [];
  far.on('invite', (inv: IncomingInvite) => {
    seen.push(inv.request.headers.get('max-forwards'));
    inv.reject(486); // busy: the engine passes it back to the caller
  });
  try {
    assert.deepEqual(await call(caller, '0'), { status: 483, provisional: [] });
    assert.deepEqual(offered, [], 'a call at Max-Forwards 0 is never offered to the engine');

    assert.equal((await call(caller, '5')).status, 486);
    assert.equal((await call(caller, '1')).status, 486);
    assert.equal((await call(caller, undefined)).status, 486); // a UAC's usual 70 (8.1.1.6)
    assert.deepEqual(seen, ['4', '0', '69']);
  } finally {
    await caller.close();
    await far.close();
    await stack.engine.close();
  }
});
