import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { channel, readWav, requireTool, selfSignedCert, tempDir, toneBlocks } from '@switchboard/testkit';
import { auth, demoWorkspaceCopy, login, makeApp, removeDir } from '../helpers';
import { Baresip, agentToken, cmd, engineConfig, makeToneWav, sleep, until, viewOf, waitFor } from './helpers';

// Ports: engine SIP 33590 (TLS 33591), sandbox 33592, RTP 33600-33619, sandbox RTP 33620-33629;
// baresip alice 33630-33711.

/** Share of 20 ms blocks in [from, to) seconds where `freq` dominates. */
function share(samples: Int16Array, freq: number, fromS: number, toS: number): number {
  const bl = toneBlocks(samples, freq).slice(Math.floor(fromS * 50), Math.floor(toS * 50));
  return bl.length === 0 ? 0 : bl.filter(Boolean).length / bl.length;
}

test('"Call me" to a phone registered over TLS with mediaenc=srtp: the engine offers SRTP, tones both ways through it, the recording holds the phone\'s; phoneSrtp in the workspace changes the offer', async (t) => {
  requireTool('baresip');
  requireTool('sox');
  const cert = selfSignedCert('engine-callme');
  const { dir: wsDir, file, demo } = demoWorkspaceCopy();
  const dir = mkdtempSync(join(tmpdir(), 'sb-calls-'));
  const engine = {
    ...engineConfig(33590, join(dir, 'recordings')),
    sandboxPort: 33592,
    rtpPorts: { min: 33600, max: 33619 },
    sandboxRtpPorts: { min: 33620, max: 33629 },
    sipTls: { port: 33591, cert: cert.cert, key: cert.key, verifyServer: true },
  };
  const { app, close } = await makeApp({ dir, config: { workspaceFile: file, engine } });
  const tones = tempDir('callme-tls');
  makeToneWav(join(tones, 'phone.wav'), 1000, 30);
  const phone = new Baresip({
    name: 'alice',
    base: 33630,
    audioWav: join(tones, 'phone.wav'),
    mediaenc: 'srtp',
    tls: { cafile: cert.cert },
    register: { registrar: '127.0.0.1:33591', user: 'alice', password: 'test-phone', domain: '127.0.0.1' },
  });
  t.after(async () => {
    await phone.stop();
    await close();
    removeDir(dir);
    removeDir(wsDir);
  });
  const tel = app.switchboard.telephony!;
  const eng = tel.stack.engine;
  await phone.start();
  await waitFor(() => tel.stack.registrar!.isRegistered('alice'), 15_000, 'alice’s baresip to register over TLS').catch((e: Error) => {
    throw new Error(`${e.message}\n${phone.log.slice(-2000)}`);
  });
  assert.equal(tel.stack.registrar!.contactFor('alice')?.transport, 'tls');
  assert.deepEqual(tel.targetFor('alice'), { user: 'alice' }, 'phoneSrtp auto: the engine decides (best effort over TLS)');

  const token = await agentToken(app, 'alice');
  const r = await cmd(app, token, { type: 'connect-voice', method: 'call-me', number: 'alice', persistent: true, saveAsDefault: false });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await until('alice’s phone connected', () => viewOf(app, 'alice').voice.status === 'connected', 15_000);
  const legId = tel.voice.connectedPath('alice')?.leg?.id;
  assert.ok(legId, 'a leg to the phone');
  eng.play(legId, { tone: 500 });
  const recPath = join(dir, 'phone-leg.wav');
  const rec = eng.startRecording({ legIds: [legId] }, { path: recPath });
  await sleep(3000);
  await eng.stopRecording(rec);
  const stats = eng.mediaStats(legId)!;
  assert.equal((await cmd(app, token, { type: 'disconnect-voice' })).status, 200);
  await phone.waitEvent('CALL_CLOSED');
  await sleep(300);
  assert.equal(stats.srtp, true, 'the leg to the phone is SRTP');
  assert.ok(stats.packetsIn > 100 && stats.packetsDropped < 5, `SRTP from the phone authenticated (${stats.packetsIn} in, ${stats.packetsDropped} dropped)`);
  const heard = share(readWav(phone.recordings().dec!).samples, 500, 0.5, 2.5);
  assert.ok(heard > 0.8, `the phone hears the engine's 500 Hz through SRTP (${heard.toFixed(2)} of blocks)`);
  const wav = readWav(recPath);
  const held = share(channel(wav.samples, wav.channels, 0), 1000, 0.3, 2.7);
  assert.ok(held > 0.8, `the recording holds the phone's 1 kHz, decrypted (${held.toFixed(2)} of blocks)`);

  // The agent's phoneSrtp: required offers RTP/SAVP, off plain RTP (a reload applies it).
  const admin = await login(app, 'admin', 'admin1234');
  const reloadWith = async (mode: string) => {
    writeFileSync(file, demo.replace('    agentNumber: "1001"\n', `    agentNumber: "1001"\n    phoneSrtp: ${mode}\n`));
    const res = await app.inject({ method: 'POST', url: '/api/v1/admin/workspace/reload', headers: auth(admin) });
    assert.equal(res.statusCode, 200, res.body);
  };
  await reloadWith('required');
  assert.deepEqual(tel.targetFor('alice'), { user: 'alice', srtp: true });
  assert.deepEqual(tel.targetFor('1001'), { user: 'alice', srtp: true }, 'by agent number too');
  await reloadWith('off');
  assert.deepEqual(tel.targetFor('alice'), { user: 'alice', srtp: false });
  writeFileSync(file, demo.replace('    agentNumber: "1001"\n', '    agentNumber: "1001"\n    phoneSrtp: sometimes\n'));
  const bad = await app.inject({ method: 'POST', url: '/api/v1/admin/workspace/reload', headers: auth(admin) });
  assert.equal(bad.statusCode, 422, bad.body);
  assert.match(bad.body, /phoneSrtp/);
});
