import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEngineConfig } from '@switchboard/server';
import { tempDir } from '@switchboard/testkit';

test('SIP over TLS config: off by default, on with a certificate and key, half-set or missing files refused', () => {
  assert.equal(loadEngineConfig({}).sipTls, undefined);
  const dir = tempDir('tls-config');
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  writeFileSync(cert, '');
  writeFileSync(key, '');
  assert.deepEqual(loadEngineConfig({ SIP_TLS_CERT: cert, SIP_TLS_KEY: key }).sipTls, { port: 5061, cert, key, verifyServer: true });
  assert.deepEqual(loadEngineConfig({ SIP_TLS_CERT: cert, SIP_TLS_KEY: key, SIP_TLS_PORT: '5071', SIP_TLS_CA: cert, SIP_TLS_VERIFY: 'off' }).sipTls, {
    port: 5071,
    cert,
    key,
    ca: cert,
    verifyServer: false,
  });
  for (const [env, msg] of [
    [{ SIP_TLS_CERT: cert }, /both SIP_TLS_CERT and SIP_TLS_KEY/],
    [{ SIP_TLS_PORT: '5061' }, /SIP_TLS_PORT needs/],
    [{ SIP_TLS_CERT: cert, SIP_TLS_KEY: join(dir, 'nope.pem') }, /SIP_TLS_KEY: no file/],
    [{ SIP_TLS_CERT: cert, SIP_TLS_KEY: key, SIP_TLS_VERIFY: 'maybe' }, /SIP_TLS_VERIFY must be on or off/],
    [{ SIP_TLS_CERT: cert, SIP_TLS_KEY: key, SIP_TLS_PORT: '99999' }, /SIP_TLS_PORT must be an integer/],
  ] as const) {
    assert.throws(
      () => loadEngineConfig(env),
      (e: Error & { code?: string }) => e.code === 'CONFIG_INVALID' && msg.test(e.message),
      JSON.stringify(env),
    );
  }
});
