import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngineConfig } from '../../src/calls/engine-config';
import { loadConfig } from '../../src/config';

test('engine config: defaults, overrides from the environment, and bad values refused with CONFIG_INVALID', () => {
  const d = loadEngineConfig({});
  assert.deepEqual(
    [d.enabled, d.sipPort, d.rtpPorts, d.sandboxPort, d.agentRingSeconds, d.trunkRingSeconds, d.sipUriNumbers],
    [true, 5060, { min: 20000, max: 20999 }, 5070, 20, 30, false],
  );
  const c = loadEngineConfig({ ENGINE: 'off', SIP_PORT: '5080', RTP_PORTS: '40000-40099', SANDBOX_SIP_PORT: '0', SIP_PHONE_PASSWORD: 's3cret', CALL_ME_SIP_URIS: 'on' });
  assert.deepEqual([c.enabled, c.sipPort, c.rtpPorts, c.sandboxPort, c.phonePassword, c.sipUriNumbers], [false, 5080, { min: 40000, max: 40099 }, 0, 's3cret', true]);
  assert.deepEqual(d.digestAlgorithms, ['MD5'], 'MD5 only by default: baresip 1.0 refuses a 401 offering SHA-256');
  assert.deepEqual(loadEngineConfig({ SIP_DIGEST_ALGORITHMS: 'sha-256, MD5' }).digestAlgorithms, ['SHA-256', 'MD5']);
  assert.equal(d.rtpIoThreads, 0, 'RTP on the main thread unless RTP_IO_THREADS says otherwise');
  assert.equal(loadEngineConfig({ RTP_IO_THREADS: '2' }).rtpIoThreads, 2);
  assert.equal(loadConfig({}).engine.enabled, true, 'the server process starts the engine unless ENGINE=off');
  assert.deepEqual(d.sipConnections, { readTimeoutMs: 20_000, idleTimeoutMs: 3_600_000, maxConnections: 2048, maxPerAddress: 64 });
  assert.deepEqual(
    loadEngineConfig({ SIP_TCP_READ_TIMEOUT_SECONDS: '5', SIP_TCP_IDLE_SECONDS: '0', SIP_TCP_MAX_CONNECTIONS: '100', SIP_TCP_MAX_PER_ADDRESS: '10' }).sipConnections,
    { readTimeoutMs: 5000, idleTimeoutMs: 0, maxConnections: 100, maxPerAddress: 10 },
  );
  for (const [k, v, msg] of [
    ['ENGINE', 'maybe', /ENGINE must be on or off/],
    ['SIP_PORT', '70000', /SIP_PORT must be an integer/],
    ['RTP_PORTS', '30000', /RTP_PORTS must look like/],
    ['RTP_PORTS', '31000-30000', /RTP_PORTS must look like/],
    ['AGENT_RING_SECONDS', '-1', /AGENT_RING_SECONDS/],
    ['RTP_IO_THREADS', '17', /RTP_IO_THREADS must be an integer 0-16/],
    ['SIP_DIGEST_ALGORITHMS', 'SHA-1', /SIP_DIGEST_ALGORITHMS must list/],
    ['SIP_DIGEST_ALGORITHMS', 'MD5,MD5', /SIP_DIGEST_ALGORITHMS must list/],
    ['SIP_TCP_MAX_PER_ADDRESS', '0', /SIP_TCP_MAX_PER_ADDRESS must be an integer 1-/],
    ['SIP_TCP_READ_TIMEOUT_SECONDS', 'x', /SIP_TCP_READ_TIMEOUT_SECONDS must be an integer/],
  ] as const) {
    assert.throws(
      () => loadEngineConfig({ [k]: v }),
      (e: Error & { code?: string }) => e.code === 'CONFIG_INVALID' && msg.test(e.message),
      `${k}=${v}`,
    );
  }
});
