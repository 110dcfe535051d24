import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { passwordHa1 } from '@switchboard/sip';
import { createEngine } from '@switchboard/telephony';
import { selfSignedCert, waitFor } from '@switchboard/testkit';

// Ports: our engine UDP 33760, TLS 33761, RTP 33770-33779; the carrier UDP 33762, TLS 33763, RTP 33780-33789.

const fingerprint = (certPath: string): string => new X509Certificate(readFileSync(certPath)).fingerprint256;

test("a TLS trunk pinned to the carrier's certificate: its calls come in as the trunk's; pinned to another, the same connection is challenged like a stranger", async () => {
  const ours = selfSignedCert('us');
  const carrierCert = selfSignedCert('carrier-pin');
  const other = selfSignedCert('someone-else');
  const trunk = (fp: string) => [{ name: 'carrier', address: '127.0.0.1:33763', transport: 'tls' as const, tlsFingerprints: [fp] }];
  const us = await createEngine({
    sipUdpPort: 33760,
    sipTlsPort: 33761,
    sipTls: { cert: ours.cert, key: ours.key },
    rtpPorts: { min: 33770, max: 33779 },
    // Phones configured: a source that is no trunk must authenticate (407).
    phones: { realm: 'switchboard', ha1: passwordHa1('switchboard', () => undefined), algorithms: ['MD5'] },
    trunks: trunk(fingerprint(carrierCert.cert).toLowerCase().replace(/:/g, '')),
  });
  const carrier = await createEngine({
    sipUdpPort: 33762,
    sipTlsPort: 33763,
    sipTls: { cert: carrierCert.cert, key: carrierCert.key, ca: ours.cert, verifyServer: true },
    rtpPorts: { min: 33780, max: 33789 },
    trunks: [{ name: 'us', address: '127.0.0.1:33761', transport: 'tls' }],
  });
  const offered: Array<{ id: string; trunk: string | undefined }> = [];
  us.engine.on('offered', ({ leg }) => {
    offered.push({ id: leg.id, trunk: leg.trunk });
    void us.engine.answer(leg.id);
  });
  try {
    assert.equal(us.engine.trunks.get('carrier').tlsFingerprints[0], fingerprint(carrierCert.cert), 'given in lower case without colons, kept as openssl prints it');
    const first = await carrier.engine.originate({ to: { trunk: 'us', number: '1000' } });
    await waitFor(() => carrier.engine.getLeg(first).state === 'answered', 10_000, 'our engine to answer the pinned trunk');
    assert.deepEqual(
      offered.map((o) => o.trunk),
      ['carrier'],
      "the call came in as the trunk's (its certificate matched)",
    );
    carrier.engine.hangup(first);

    // Pinned to another certificate: the carrier's next INVITE, on the same TLS connection, is not the trunk's.
    us.engine.setTrunks(trunk(fingerprint(other.cert)));
    const ended = new Promise<{ cause: string; sipStatus: number | undefined }>((r) => carrier.engine.on('ended', (e) => e.legId !== first && r(e)));
    await carrier.engine.originate({ to: { trunk: 'us', number: '1000' } });
    const e = await ended;
    assert.equal(e.sipStatus, 407, 'challenged for credentials the carrier does not have');
    assert.equal(offered.length, 1, 'no second call reached the application');
    assert.equal((carrier.signalling.endpoint.transport('TLS') as { connectionCount?: number }).connectionCount, 1, 'the same connection as the first call');
  } finally {
    await Promise.all([us.engine.close(), carrier.engine.close()]);
  }
});

test('tlsFingerprints: SHA-256 only, and only on a tls trunk', async () => {
  const { TrunkTable } = await import('@switchboard/telephony');
  assert.throws(() => new TrunkTable([{ name: 'a', address: '10.0.0.1', transport: 'tls', tlsFingerprints: ['AB:CD'] }]), /SHA-256 fingerprints/);
  assert.throws(() => new TrunkTable([{ name: 'a', address: '10.0.0.1', transport: 'tcp', tlsFingerprints: ['ab'.repeat(32)] }]), /need transport tls/);
  const t = new TrunkTable([{ name: 'a', address: '10.0.0.1:5061', transport: 'tls', tlsFingerprints: ['ab'.repeat(32)] }]);
  const fp = Array(32).fill('AB').join(':');
  assert.equal(t.fromSource('10.0.0.1', 40000, 'tls', fp)?.name, 'a');
  assert.equal(t.fromSource('10.0.0.1', 40000, 'tls', fp.replace(/^AB/, 'AC')), undefined, 'another certificate');
  assert.equal(t.fromSource('10.0.0.1', 40000, 'tls', undefined), undefined, 'no certificate');
});
