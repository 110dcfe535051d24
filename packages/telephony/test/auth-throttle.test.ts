import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import { SipEndpoint, UdpTransport, passwordHa1, type AuthBlock } from '@switchboard/sip';
import { createEngine } from '../src/index';
import { sdpFor } from './helpers/fake-signalling';

// Ports (real UDP, in process): engine SIP 45400, engine RTP 45410-45419, the phone 45420.

test("the engine's auth throttle: wrong INVITE and REGISTER answers from one address add up; blocked, INVITEs get 403 unchallenged; on the injected clock the block ends", async () => {
  const clock = new FakeClock(Date.now());
  const blocks: AuthBlock[] = [];
  const stack = await createEngine({
    sipUdpPort: 45400,
    rtpPorts: { min: 45410, max: 45419 },
    clock,
    phones: {
      realm: 'switchboard.test',
      ha1: passwordHa1('switchboard.test', (u) => (u === 'agent1' ? 's3cret' : undefined)),
      throttle: { maxFailures: 4, windowSeconds: 60, blockSeconds: 120 },
      onBlocked: (b) => blocks.push(b),
    },
  });
  const phone = new SipEndpoint({ user: 'agent1' });
  phone.addTransport(await UdpTransport.listen({ port: 45420 }));
  const register = (password: string) =>
    phone.request({
      method: 'REGISTER',
      uri: 'sip:127.0.0.1:45400',
      from: 'sip:agent1@switchboard.test',
      to: 'sip:agent1@switchboard.test',
      auth: { username: 'agent1', password },
      headers: { expires: '300' },
    });
  const invite = async (password: string): Promise<number> => {
    const inv = phone.invite({ uri: 'sip:0299990000@127.0.0.1:45400', body: sdpFor(45419), auth: { username: 'agent1', password } });
    try {
      await inv.result;
      return 200;
    } catch (e) {
      return (e as { sipStatus?: number }).sipStatus ?? 0;
    }
  };
  try {
    assert.equal((await register('nope-1')).status, 401);
    assert.equal((await register('nope-2')).status, 401);
    assert.equal(await invite('nope-3'), 407);
    assert.equal(blocks.length, 0, 'three failures: not yet');
    assert.equal(await invite('nope-4'), 407, 'the failure that blocks is still answered as a failure');
    assert.equal(blocks.length, 1);
    assert.deepEqual([blocks[0]!.address, blocks[0]!.failures, blocks[0]!.users, blocks[0]!.until - blocks[0]!.at], ['127.0.0.1', 4, ['agent1'], 120_000]);
    assert.equal(await invite('s3cret'), 403, 'blocked: the right password is refused');
    const refused = await register('s3cret');
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.getAll('www-authenticate').length, 0, 'no challenge while blocked');
    assert.equal(stack.authThrottle!.counts().refused, 2);
    clock.advance(120_000);
    assert.equal((await register('s3cret')).status, 200, 'the block ended on the clock');
  } finally {
    await phone.close();
    await stack.engine.close();
  }
});

test('phones.throttle: null turns the throttle off', async () => {
  const stack = await createEngine({
    sipUdpPort: 45401,
    rtpPorts: { min: 45410, max: 45419 },
    phones: { realm: 'r', ha1: () => undefined, throttle: null },
  });
  try {
    assert.equal(stack.authThrottle, undefined);
  } finally {
    await stack.engine.close();
  }
});
