import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { passwordHa1 } from '@switchboard/sip';
import { createEngine } from '@switchboard/telephony';
import { Baresip, channel, makeToneWav, readWav, requireTool, selfSignedCert, sleep, tempDir, toneBlocks, waitFor } from '@switchboard/testkit';

// Ports: engine SIP UDP 33712, TLS 33713, RTP 33720-33759; baresip agent7 33800-33899. One test at a time.

/** Share of 20 ms blocks in [from, to) seconds where `freq` dominates. */
function share(samples: Int16Array, freq: number, fromS: number, toS: number): number {
  const bl = toneBlocks(samples, freq).slice(Math.floor(fromS * 50), Math.floor(toS * 50));
  return bl.length === 0 ? 0 : bl.filter(Boolean).length / bl.length;
}

const cases = [
  { mediaenc: 'srtp', srtp: undefined, what: 'registered over TLS with mediaenc=srtp: our unasked best-effort offer (RTP/AVP with a=crypto)' },
  { mediaenc: 'srtp-mand', srtp: true, what: 'with mediaenc=srtp-mand, called with srtp: true (RTP/SAVP)' },
  { mediaenc: undefined, srtp: undefined, what: 'over TLS without the srtp module: the best-effort offer falls back to plain RTP' },
] as const;

for (const c of cases) {
  test(`a phone ${c.what}: called, tones both ways, a recording of both`, async () => {
    requireTool('baresip');
    requireTool('sox');
    const cert = selfSignedCert('engine-phone');
    const dir = tempDir('tls-srtp-phone');
    makeToneWav(join(dir, 'phone.wav'), 1000, 30);
    const stack = await createEngine({
      sipUdpPort: 33712,
      sipTlsPort: 33713,
      sipTls: { cert: cert.cert, key: cert.key },
      rtpPorts: { min: 33720, max: 33759 },
      phones: { realm: 'switchboard', ha1: passwordHa1('switchboard', (u) => (u === 'agent7' ? 'phone-pw' : undefined)), algorithms: ['MD5'] },
    });
    const phone = new Baresip({
      name: 'agent7',
      base: 33800,
      audioWav: join(dir, 'phone.wav'),
      tls: { cafile: cert.cert },
      ...(c.mediaenc ? { mediaenc: c.mediaenc } : {}),
      register: { registrar: '127.0.0.1:33713', user: 'agent7', password: 'phone-pw', domain: '127.0.0.1' },
    });
    const recPath = join(dir, 'call.wav');
    try {
      await phone.start();
      await waitFor(() => stack.registrar!.isRegistered('agent7'), 15_000, 'baresip to register over TLS');
      assert.equal(stack.registrar!.contactFor('agent7')?.transport, 'tls');
      const legId = await stack.engine.originate({ to: { user: 'agent7', ...(c.srtp === undefined ? {} : { srtp: c.srtp }) }, from: 'queue-care' });
      await waitFor(() => stack.engine.getLeg(legId).state === 'answered', 10_000, 'the phone to answer');
      await phone.waitEvent('CALL_ESTABLISHED');
      stack.engine.play(legId, { tone: 500 });
      const rec = stack.engine.startRecording({ legIds: [legId] }, { path: recPath });
      await sleep(3000);
      await stack.engine.stopRecording(rec);
      const stats = stack.engine.mediaStats(legId)!;
      stack.engine.hangup(legId);
      await phone.waitEvent('CALL_CLOSED');
      await sleep(300);

      const encrypted = c.mediaenc !== undefined;
      assert.equal(stats.srtp, encrypted, encrypted ? 'the leg to the phone is SRTP' : 'plain RTP: the phone ignored the keys');
      assert.ok(stats.packetsIn > 100, `packets from the phone authenticated and taken (${stats.packetsIn})`);
      assert.ok(stats.packetsDropped < 5, `next to none refused (${stats.packetsDropped})`);
      // What the phone really heard (baresip's decoded dump) and what the engine recorded from it.
      const atPhone = readWav(phone.recordings().dec!);
      const heard = share(atPhone.samples, 500, 0.5, 2.5);
      assert.ok(heard > 0.8, `the phone hears the engine's 500 Hz, encrypted by us, decrypted by baresip (${heard.toFixed(2)} of blocks)`);
      const wav = readWav(recPath);
      const held = share(channel(wav.samples, wav.channels, 0), 1000, 0.3, 2.7);
      assert.ok(held > 0.8, `the recording holds the phone's 1 kHz, decrypted by the engine (${held.toFixed(2)} of blocks, ${wav.samples.length / wav.channels / 8000} s)`);
    } catch (err) {
      console.error(`agent7's log:\n${phone.log.slice(-3000)}`);
      throw err;
    } finally {
      await phone.stop();
      await stack.engine.close();
    }
  });
}
