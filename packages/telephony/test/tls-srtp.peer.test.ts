import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { passwordHa1 } from '@switchboard/sip';
import { createEngine, connectLegs } from '@switchboard/telephony';
import { Baresip, channel, makeToneWav, readWav, requireTool, selfSignedCert, sleep, tempDir, toneBlocks, waitFor } from '@switchboard/testkit';

// Ports: engine SIP UDP 45520-45522, TLS 45523-45525; engine RTP 45740-45799;
// baresips: bob (plain UDP) 45800-45899, alice / agent9 (TLS) 45900-45981. The tests run one after another.

/** Share of 20 ms blocks in [from, to) seconds where `freq` dominates. */
function share(samples: Int16Array, freq: number, fromS: number, toS: number): number {
  const bl = toneBlocks(samples, freq).slice(Math.floor(fromS * 50), Math.floor(toS * 50));
  return bl.length === 0 ? 0 : bl.filter(Boolean).length / bl.length;
}

for (const mediaenc of ['srtp-mand', 'srtp'] as const) {
  const how = mediaenc === 'srtp' ? 'best-effort SRTP (RTP/AVP with a=crypto)' : 'RTP/SAVP';
  test(`baresip over TLS with ${how} → engine → plain baresip: tones both ways, SRTP on the TLS leg, a recording of both tones`, async () => {
    requireTool('baresip');
    requireTool('sox');
    const k = mediaenc === 'srtp' ? 1 : 0;
    const cert = selfSignedCert('engine');
    const dir = tempDir('tls-srtp');
    makeToneWav(join(dir, 'a.wav'), 1000, 60);
    makeToneWav(join(dir, 'b.wav'), 500, 60);
    const stack = await createEngine({
      sipUdpPort: 45520 + k,
      sipTlsPort: 45523 + k,
      sipTls: { cert: cert.cert, key: cert.key },
      rtpPorts: { min: 45740 + k * 30, max: 45769 + k * 30 },
    });
    const alice = new Baresip({ name: 'alice', base: 45900, audioWav: join(dir, 'a.wav'), mediaenc, tls: { cafile: cert.cert } });
    const bob = new Baresip({ name: 'bob', base: 45800, audioWav: join(dir, 'b.wav') });
    const legs = { a: '', b: '' };
    stack.engine.on('offered', ({ leg }) => {
      legs.a = leg.id;
      void connectLegs(stack.engine, leg.id, { to: { uri: bob.uri, host: '127.0.0.1', port: bob.sipPort }, from: leg.from }).then((id) => (legs.b = id));
    });
    const recPath = join(dir, 'call.wav');
    try {
      await Promise.all([alice.start(), bob.start()]);
      alice.dial(`sip:bob@127.0.0.1:${45523 + k};transport=tls`);
      await alice.waitEvent('CALL_ESTABLISHED', 15_000);
      await bob.waitEvent('CALL_ESTABLISHED');
      const tls = stack.signalling.endpoint.transport('TLS')!;
      assert.equal((tls as { connectionCount?: number }).connectionCount, 1, "alice's signalling is on one TLS connection");
      const bridgeId = stack.engine.getLeg(legs.a).bridgeId!;
      const rec = stack.engine.startRecording({ bridgeId }, { path: recPath });
      await sleep(3000);
      await stack.engine.stopRecording(rec);
      const sa = stack.engine.mediaStats(legs.a)!;
      const sb = stack.engine.mediaStats(legs.b)!;
      alice.hangup();
      await bob.waitEvent('CALL_CLOSED');
      await sleep(300);

      assert.equal(sa.srtp, true, "alice's leg runs SRTP");
      assert.equal(sb.srtp, false, "bob's leg is plain RTP");
      assert.ok(sa.packetsIn > 100, `SRTP packets from alice authenticated and decrypted (${sa.packetsIn})`);
      assert.ok(sa.packetsDropped < 5, `next to none refused (${sa.packetsDropped})`);
      // What each baresip really received (its sndfile dump), through a Goertzel filter.
      const atB = readWav(bob.recordings().dec!);
      const atA = readWav(alice.recordings().dec!);
      assert.ok(share(atB.samples, 1000, 0.5, 2.5) > 0.9, "bob hears alice's 1 kHz, decrypted by the engine");
      assert.ok(share(atA.samples, 500, 0.5, 2.5) > 0.9, "alice hears bob's 500 Hz, encrypted by the engine and decrypted by baresip's srtp");
      assert.ok(share(atA.samples, 1000, 0.5, 2.5) < 0.05, 'alice does not hear her own tone');
      // The recorder sees plain audio: caller left, callee right.
      const wav = readWav(recPath);
      assert.equal(wav.channels, 2);
      assert.ok(share(channel(wav.samples, 2, 0), 1000, 0.3, 2.7) > 0.9, 'the recording holds alice’s tone');
      assert.ok(share(channel(wav.samples, 2, 1), 500, 0.3, 2.7) > 0.9, 'the recording holds bob’s tone');
    } catch (err) {
      console.error(`alice's log:\n${alice.log.slice(-3000)}`);
      throw err;
    } finally {
      await Promise.all([alice.stop(), bob.stop()]);
      await stack.engine.close();
    }
  });
}

test('a baresip registered over TLS is called back over its TLS connection, by user name', async () => {
  requireTool('baresip');
  const cert = selfSignedCert('engine-reg');
  const wav = join(tempDir('tls-reg'), 'tone.wav');
  makeToneWav(wav, 1000, 20);
  const stack = await createEngine({
    sipUdpPort: 45522,
    sipTlsPort: 45525,
    sipTls: { cert: cert.cert, key: cert.key },
    rtpPorts: { min: 45740, max: 45769 },
    phones: { realm: 'switchboard', ha1: passwordHa1('switchboard', (u) => (u === 'agent9' ? 'phone-pw' : undefined)), algorithms: ['MD5'] },
  });
  const phone = new Baresip({
    name: 'agent9',
    base: 45900,
    audioWav: wav,
    tls: { cafile: cert.cert },
    register: { registrar: '127.0.0.1:45525', user: 'agent9', password: 'phone-pw', domain: '127.0.0.1' },
  });
  try {
    await phone.start();
    await waitFor(() => stack.registrar!.isRegistered('agent9'), 15_000, 'baresip to register over TLS').catch((e: Error) => {
      throw new Error(`${e.message}\n${phone.log.slice(-2000)}`);
    });
    assert.equal(stack.registrar!.contactFor('agent9')?.transport, 'tls');
    const answered = new Promise<string>((r) => stack.engine.once('answered', (e) => r(e.legId)));
    const legId = await stack.engine.originate({ to: { user: 'agent9' }, from: 'queue-care' });
    assert.equal(await answered, legId, 'the phone answered our INVITE');
    await phone.waitEvent('CALL_ESTABLISHED');
    const tls = stack.signalling.endpoint.transport('TLS') as { connectionCount?: number };
    assert.equal(tls.connectionCount, 1, 'the INVITE went down the connection the phone registered on');
    stack.engine.hangup(legId);
    await phone.waitEvent('CALL_CLOSED');
  } finally {
    await phone.stop();
    await stack.engine.close();
  }
});
