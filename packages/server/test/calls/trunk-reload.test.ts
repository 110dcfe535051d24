import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reloadableEngineApp } from './helpers';

// Ports: engine SIP 38100 (sandbox 38110), RTP 38120-38159, sandbox RTP 38160-38199. No call is made.

test("a workspace reload replaces the engine's trunks (the sandbox stays); a trunk the engine refuses fails the reload and changes nothing", async (t) => {
  const { app, demo, write, reload } = await reloadableEngineApp(t, 38100, { rtpPorts: { min: 38120, max: 38159 }, sandboxRtpPorts: { min: 38160, max: 38199 } });
  const trunks = () => app.switchboard.telephony!.stack.engine.trunks.list().map((tr) => `${tr.name}@${tr.host}:${tr.port}`);
  assert.deepEqual(trunks(), ['sandbox@127.0.0.1:38110']);

  const withCarrier = `${demo}\ntrunks:\n  - name: carrier\n    address: 192.0.2.10:5080\n    maxCalls: 4\n`;
  write(withCarrier);
  const ok = await reload();
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual(trunks(), ['sandbox@127.0.0.1:38110', 'carrier@192.0.2.10:5080']);
  assert.equal(app.switchboard.telephony!.stack.engine.trunks.get('carrier').maxCalls, 4);

  // A rewrite rule that is not a regular expression: the reload is refused with the file's line.
  write(`${demo}\ntrunks:\n  - name: other\n    address: 192.0.2.11\n    outboundRewrite:\n      - match: '('\n        replace: ''\n`);
  const bad = await reload();
  assert.equal(bad.statusCode, 422, bad.body);
  assert.match(bad.body, /WORKSPACE_INVALID/);
  assert.match(bad.body, /trunks/);
  assert.deepEqual(trunks(), ['sandbox@127.0.0.1:38110', 'carrier@192.0.2.10:5080'], 'the engine kept its trunks');

  // A carrier sending from a pool of ports, and one that authenticates its calls instead (issue 21 item 5).
  write(
    `${demo}\ntrunks:\n  - name: pool\n    address: 192.0.2.20:5060\n    sourcePorts: { min: 5060, max: 5080 }\n  - name: digest\n    address: 192.0.2.21\n    inboundCredentials:\n      username: carrier-in\n      password: s3cret-in\n`,
  );
  const withPool = await reload();
  assert.equal(withPool.statusCode, 200, withPool.body);
  const engineTrunks = app.switchboard.telephony!.stack.engine.trunks;
  assert.deepEqual(engineTrunks.get('pool').sourcePorts, { min: 5060, max: 5080 });
  assert.deepEqual(engineTrunks.get('digest').inboundCredentials, { username: 'carrier-in', password: 's3cret-in' });
  assert.deepEqual(engineTrunks.get('digest').sourcePorts, { min: 5060, max: 5060 }, 'by default the address port alone');

  write(`${demo}\ntrunks:\n  - name: bad\n    address: 192.0.2.22\n    sourcePorts: { min: 6000, max: 5000 }\n`);
  const badRange = await reload();
  assert.equal(badRange.statusCode, 422, badRange.body);
  assert.match(badRange.body, /sourcePorts/);
  write(`${demo}\ntrunks:\n  - name: bad\n    address: 192.0.2.22\n    inboundCredentials: { username: x, passwordEnv: SB_TEST_UNSET_INBOUND_PASSWORD }\n`);
  const unset = await reload();
  assert.equal(unset.statusCode, 422, unset.body);
  assert.match(unset.body, /SB_TEST_UNSET_INBOUND_PASSWORD is not set/);

  write(demo);
  assert.equal((await reload()).statusCode, 200);
  assert.deepEqual(trunks(), ['sandbox@127.0.0.1:38110'], 'a trunk removed from the file is gone');
});
