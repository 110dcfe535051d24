import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createEngine } from '@switchboard/telephony';
import { channel, readWav, selfSignedCert, sleep, tempDir, toneBlocks, waitFor } from '@switchboard/testkit';

// Ports: carrier engine TLS 45526, UDP 45528, RTP 45500-45507; our engine TLS 45527, UDP 45529,
// RTP 45990-45997 (baresip alice's block leaves 45982-45999 unused).

test('a call out through a TLS trunk with srtp: our INVITE over TLS (the carrier certificate checked against SIP_TLS_CA), RTP/SAVP both ways, a tone heard through SRTP', async () => {
  const cert = selfSignedCert('carrier');
  const carrier = await createEngine({ sipUdpPort: 45528, sipTlsPort: 45526, sipTls: { cert: cert.cert, key: cert.key }, rtpPorts: { min: 45500, max: 45507 } });
  const ours = await createEngine({
    sipUdpPort: 45529,
    sipTlsPort: 45527,
    sipTls: { cert: cert.cert, key: cert.key, ca: cert.cert, verifyServer: true },
    rtpPorts: { min: 45990, max: 45997 },
    trunks: [{ name: 'carrier', address: '127.0.0.1:45526', transport: 'tls', srtp: true }],
  });
  const dir = tempDir('tls-trunk');
  let far = '';
  carrier.engine.on('offered', ({ leg }) => {
    far = leg.id;
    void carrier.engine.answer(leg.id).then(() => carrier.engine.play(leg.id, { tone: 700 }));
  });
  try {
    const legId = await ours.engine.originate({ to: { trunk: 'carrier', number: '5551234' } });
    await waitFor(() => ours.engine.getLeg(legId).state === 'answered', 10_000, 'the carrier to answer over TLS');
    assert.equal((ours.signalling.endpoint.transport('TLS') as { connectionCount?: number }).connectionCount, 1, 'one TLS connection to the carrier');
    const rec = ours.engine.startRecording({ legIds: [legId] }, { path: join(dir, 'out.wav') });
    await sleep(1500);
    await ours.engine.stopRecording(rec);
    const mine = ours.engine.mediaStats(legId)!;
    const theirs = carrier.engine.mediaStats(far)!;
    ours.engine.hangup(legId);
    assert.equal(mine.srtp, true, 'our leg to the trunk is SRTP');
    assert.equal(theirs.srtp, true, "the carrier's leg is SRTP (it answered our RTP/SAVP offer)");
    assert.ok(mine.packetsIn > 40 && mine.packetsDropped === 0, `SRTP from the carrier authenticated (${mine.packetsIn} in, ${mine.packetsDropped} dropped)`);
    const wav = readWav(join(dir, 'out.wav'));
    const left = channel(wav.samples, wav.channels, 0);
    const blocks = toneBlocks(left, 700, 8000, 0.3, 1e3);
    assert.ok(
      blocks.filter(Boolean).length > 40,
      `the carrier's 700 Hz tone, decrypted, is in our recording (${blocks.filter(Boolean).length} of ${blocks.length} blocks, ${wav.channels} channels)`,
    );
  } finally {
    await Promise.all([ours.engine.close(), carrier.engine.close()]);
  }
});

test('a TLS trunk whose certificate does not verify: the call fails, nothing is sent in clear', async () => {
  const cert = selfSignedCert('carrier2');
  const other = selfSignedCert('other');
  const carrier = await createEngine({ sipUdpPort: 45528, sipTlsPort: 45526, sipTls: { cert: cert.cert, key: cert.key }, rtpPorts: { min: 45500, max: 45507 } });
  const ours = await createEngine({
    sipUdpPort: 45529,
    sipTlsPort: 45527,
    sipTls: { cert: other.cert, key: other.key, ca: other.cert },
    rtpPorts: { min: 45990, max: 45997 },
    trunks: [{ name: 'carrier', address: '127.0.0.1:45526', transport: 'tls' }],
  });
  let offered = 0;
  carrier.engine.on('offered', () => offered++);
  try {
    const ended = new Promise<string>((r) => ours.engine.on('ended', (e) => r(e.cause)));
    await ours.engine.originate({ to: { trunk: 'carrier', number: '5551234' } });
    const cause = await ended;
    assert.notEqual(cause, 'normal');
    assert.equal(offered, 0, 'the carrier never saw the INVITE');
  } finally {
    await Promise.all([ours.engine.close(), carrier.engine.close()]);
  }
});
