import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '@switchboard/telephony';
import { selfSignedCert, waitFor } from '@switchboard/testkit';
import { auth, demoWorkspaceCopy, login, makeApp, removeDir } from '../helpers';
import { engineConfig, reloadableEngineApp } from './helpers';

// Ports: engine SIP 33500 (TLS 33501), sandbox 33510, RTP 33520-33539, sandbox RTP 33540-33549;
// the carrier engine UDP 33502, TLS 33503, RTP 33550-33559. Second test: engine SIP 33560, sandbox
// 33570, RTP 33572-33579, sandbox RTP 33580-33589.

test('a workspace reload adds a trunk with transport tls, srtp and a pinned certificate: a call out through it goes over TLS with SRTP both ways; srtp over udp is refused', async (t) => {
  const cert = selfSignedCert('ws-carrier');
  const { dir: wsDir, file, demo } = demoWorkspaceCopy();
  const dir = mkdtempSync(join(tmpdir(), 'sb-calls-'));
  const engine = {
    ...engineConfig(33500, join(dir, 'recordings')),
    rtpPorts: { min: 33520, max: 33539 },
    sandboxRtpPorts: { min: 33540, max: 33549 },
    sipTls: { port: 33501, cert: cert.cert, key: cert.key, ca: cert.cert, verifyServer: true },
  };
  const { app, close } = await makeApp({ dir, config: { workspaceFile: file, engine } });
  const carrier = await createEngine({ sipUdpPort: 33502, sipTlsPort: 33503, sipTls: { cert: cert.cert, key: cert.key }, rtpPorts: { min: 33550, max: 33559 } });
  t.after(async () => {
    await carrier.engine.close();
    await close();
    removeDir(dir);
    removeDir(wsDir);
  });
  const admin = await login(app, 'admin', 'admin1234');
  const reload = () => app.inject({ method: 'POST', url: '/api/v1/admin/workspace/reload', headers: auth(admin) });
  const ours = app.switchboard.telephony!.stack.engine;

  writeFileSync(file, `${demo}\ntrunks:\n  - name: leaky\n    address: 127.0.0.1:33502\n    srtp: true\n`);
  const leaky = await reload();
  assert.equal(leaky.statusCode, 422, leaky.body);
  assert.match(leaky.body, /srtp/);
  assert.match(leaky.body, /needs transport: tls/);
  assert.deepEqual(
    ours.trunks.list().map((tr) => tr.name),
    ['sandbox'],
    'nothing applied',
  );

  // Pinned to the carrier's certificate for the connections it opens to us (lower case, no colons: normalised).
  const fp = new X509Certificate(readFileSync(cert.cert)).fingerprint256;
  writeFileSync(
    file,
    `${demo}\ntrunks:\n  - name: carrier\n    address: 127.0.0.1:33503\n    transport: tls\n    srtp: true\n    tlsFingerprints: ['${fp.replace(/:/g, '').toLowerCase()}']\n`,
  );
  const ok = await reload();
  assert.equal(ok.statusCode, 200, ok.body);
  const trunk = ours.trunks.get('carrier');
  assert.deepEqual([trunk.transport, trunk.srtp, trunk.port, trunk.tlsFingerprints], ['tls', true, 33503, [fp]]);

  let far = '';
  carrier.engine.on('offered', ({ leg }) => {
    far = leg.id;
    void carrier.engine.answer(leg.id).then(() => carrier.engine.play(leg.id, { tone: 700 }));
  });
  const legId = await ours.originate({ to: { trunk: 'carrier', number: '+61290000000' } });
  await waitFor(() => ours.getLeg(legId).state === 'answered', 10_000, 'the carrier to answer over TLS');
  await waitFor(() => (ours.mediaStats(legId)?.packetsIn ?? 0) > 25, 5000, "the carrier's tone to arrive").catch(() => {});
  const mine = ours.mediaStats(legId)!;
  const theirs = carrier.engine.mediaStats(far)!;
  ours.hangup(legId);
  assert.equal(mine.srtp, true, 'our leg to the trunk is SRTP');
  assert.equal(theirs.srtp, true, 'the carrier answered RTP/SAVP');
  assert.ok(mine.packetsIn > 25 && mine.packetsDropped === 0, `the carrier's SRTP authenticated here (${mine.packetsIn} in, ${mine.packetsDropped} dropped)`);
  assert.equal((carrier.signalling.endpoint.transport('TLS') as { connectionCount?: number }).connectionCount, 1, 'the INVITE came over TLS');
});

test('a trunk with transport tls on an engine without SIP over TLS: the reload is refused, naming what is missing', async (t) => {
  const { app, demo, write, reload } = await reloadableEngineApp(t, 33560, { rtpPorts: { min: 33572, max: 33579 }, sandboxRtpPorts: { min: 33580, max: 33589 } });
  write(`${demo}\ntrunks:\n  - name: carrier\n    address: 127.0.0.1:33503\n    transport: tls\n`);
  const res = await reload();
  assert.equal(res.statusCode, 422, res.body);
  assert.match(res.body, /trunk carrier: transport tls needs SIP over TLS on the engine \(SIP_TLS_CERT and SIP_TLS_KEY\)/);
  assert.deepEqual(
    app.switchboard.telephony!.stack.engine.trunks.list().map((tr) => tr.name),
    ['sandbox'],
  );
});
