import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { WebRtcLeg } from '@switchboard/media';
import type { TransferDestinations } from '@switchboard/protocol';
import { systemClock } from '@switchboard/shared';
import { auth, errorOf, removeDir } from '../helpers';
import { agentToken, cmd, engineApp, until, viewOf } from './helpers';

// Ports (46600-46799): engine SIP 46600 (sandbox 46610), RTP 46620-46689, sandbox RTP 46690-46739,
// the agents' browsers' ICE 46740-46799.
const ENGINE = {
  sipPort: 46600,
  sandboxPort: 46610,
  rtpPorts: { min: 46620, max: 46689 },
  sandboxRtpPorts: { min: 46690, max: 46739 },
};
const BROWSER_PORTS: [number, number] = [46740, 46799];

/** Signs the agent in and connects their voice by Web Connect with the line kept open (a real WebRTC peer). */
async function webAgent(app: FastifyInstance, user: string, browsers: WebRtcLeg[]): Promise<string> {
  const token = await agentToken(app, user);
  const r = await cmd(app, token, { type: 'connect-voice', method: 'web', persistent: true, saveAsDefault: false });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const browser = await WebRtcLeg.create({ id: `browser-${user}`, clock: systemClock, portRange: BROWSER_PORTS });
  browsers.push(browser);
  const offer = (JSON.parse(await browser.createOffer()) as { sdp: string }).sdp;
  const res = await app.inject({ method: 'POST', url: '/api/v1/agent/webrtc', headers: auth(token), payload: { sdp: offer } });
  assert.equal(res.statusCode, 200, res.body);
  await browser.acceptAnswer(JSON.stringify({ type: 'answer', sdp: (res.json() as { sdp: string }).sdp }));
  await until(`${user} connected by web`, () => viewOf(app, user).voice.status === 'connected');
  return token;
}

async function destinations(app: FastifyInstance, token: string | null, interactionId: string) {
  return app.inject({
    method: 'GET',
    url: `/api/v1/calls/${encodeURIComponent(interactionId)}/transfer-destinations`,
    ...(token ? { headers: auth(token) } : {}),
  });
}

test('issue 18.1: the Transfer dialog lists agents who can take the call (available, or paused with a reason that takes transfers), the campaign numbers and the transfer-target workflows', async (t) => {
  const app = await engineApp(ENGINE.sipPort, undefined, ENGINE, false);
  const browsers: WebRtcLeg[] = [];
  t.after(async () => {
    for (const b of browsers) await b.close();
    await app.close();
    removeDir(app.dir);
  });
  const a = app.app;

  // Alice on a call to the sandbox (0491 570 100 answers) for Customer Care.
  const alice = await webAgent(a, 'alice', browsers);
  let r = await cmd(a, alice, { type: 'dial', number: '0491570100', campaignId: 'care-inbound' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await until('the sandbox answers', () => viewOf(a, 'alice').interaction?.state === 'connected', 10_000);
  const iid = viewOf(a, 'alice').interaction!.id;

  // Bob Available; Carol paused with After Call Work (takes transfers); Dave paused with Break (does not).
  const bob = await webAgent(a, 'bob', browsers);
  r = await cmd(a, bob, { type: 'set-available' });
  assert.equal(r.state.presence.kind, 'available');
  const carol = await webAgent(a, 'carol', browsers);
  r = await cmd(a, carol, { type: 'pause', reasonId: 'acw' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const dave = await webAgent(a, 'dave', browsers);
  r = await cmd(a, dave, { type: 'pause', reasonId: 'break' });
  assert.equal(r.status, 200, JSON.stringify(r.body));

  let res = await destinations(a, alice, iid);
  assert.equal(res.statusCode, 200, res.body);
  const list = res.json() as TransferDestinations;
  assert.deepEqual(list, {
    agents: [
      { agentId: 'bob', name: 'Bob Smith', state: 'available', reason: null, since: viewOf(a, 'bob').since },
      { agentId: 'carol', name: 'Carol Jones', state: 'paused', reason: 'After Call Work', since: viewOf(a, 'carol').since },
    ],
    numbers: [
      { label: 'Billing', number: '+61491570101' },
      { label: 'Tech Support', number: '+61491570102' },
      { label: 'Supplier hotline (busy)', number: '+61491570201' },
    ],
    workflows: [
      { id: 'demo-care', name: 'Demo care line' },
      { id: 'to-sales', name: 'Sales queue' },
    ],
  });
  assert.ok(Date.parse(list.agents[0]!.since) <= Date.now(), 'since is a time in the past');

  // Bob, configured to take transfers while paused (transfersWhilePaused), stays listed on a Break;
  // Dave Available is listed; Dave without a voice path is not.
  await cmd(a, bob, { type: 'pause', reasonId: 'break' });
  await cmd(a, dave, { type: 'set-available' });
  res = await destinations(a, alice, iid);
  assert.deepEqual(
    (res.json() as TransferDestinations).agents.map((x) => [x.agentId, x.state, x.reason]),
    [
      ['bob', 'paused', 'Break'],
      ['carol', 'paused', 'After Call Work'],
      ['dave', 'available', null],
    ],
  );
  r = await cmd(a, dave, { type: 'disconnect-voice' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await until('dave has no voice', () => viewOf(a, 'dave').voice.status !== 'connected');
  res = await destinations(a, alice, iid);
  assert.deepEqual(
    (res.json() as TransferDestinations).agents.map((x) => x.agentId),
    ['bob', 'carol'],
  );

  // Someone else's call, an unknown one, and no token.
  res = await destinations(a, bob, iid);
  assert.deepEqual([errorOf(res).status, errorOf(res).code], [404, 'NOT_FOUND']);
  res = await destinations(a, alice, 'int_nope');
  assert.deepEqual([errorOf(res).status, errorOf(res).code], [404, 'NOT_FOUND']);
  res = await destinations(a, null, iid);
  assert.deepEqual([errorOf(res).status, errorOf(res).code], [401, 'UNAUTHENTICATED']);

  // Once the call is wrapped (closed), it is no longer hers to transfer.
  r = await cmd(a, alice, { type: 'hang-up', interactionId: iid });
  assert.equal(r.state.activity, 'wrap');
  r = await cmd(a, alice, { type: 'wrap', interactionId: iid, outcomeId: 'resolved' });
  assert.equal(r.state.activity, 'idle');
  res = await destinations(a, alice, iid);
  assert.deepEqual([errorOf(res).status, errorOf(res).code], [404, 'NOT_FOUND']);
});
