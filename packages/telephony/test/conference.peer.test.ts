import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createEngine } from '../src/index';
import { Baresip, makeToneWav, requireTool, sleep, tempDir, waitFor, readWav, toneBlocks } from '@switchboard/testkit';

// Ports: baresips 28400-28799; engine SIP 29540; engine RTP 29400-29499.
const FREQS = [450, 650, 1050, 1550];

test('two bridged calls merged into a conference of four baresips: each hears the other three tones and not its own', async () => {
  requireTool('baresip');
  const dir = tempDir('conf');
  const phones = FREQS.map((f, i) => {
    makeToneWav(join(dir, `${f}.wav`), f, 60);
    return new Baresip({ name: `p${i}`, base: 28400 + i * 100, audioWav: join(dir, `${f}.wav`) });
  });
  const { engine } = await createEngine({ sipUdpPort: 29540, rtpPorts: { min: 29400, max: 29499 } });
  // p0 with p1 and p2 with p3 in two ordinary bridges first, then merged.
  const pairs = [engine.createBridge(), engine.createBridge()];
  engine.on('offered', ({ leg }) => {
    const i = Number(leg.from.slice(1));
    void engine.answer(leg.id).then(() => engine.moveLeg(leg.id, pairs[i >> 1]!));
  });
  try {
    await Promise.all(phones.map((p) => p.start()));
    for (const p of phones) p.dial(`sip:conf@127.0.0.1:29540`);
    await Promise.all(phones.map((p) => p.waitEvent('CALL_ESTABLISHED')));
    await waitFor(() => engine.bridgeLegs(pairs[0]!).length === 2 && engine.bridgeLegs(pairs[1]!).length === 2, 5000, 'two bridged pairs');
    await sleep(1500);
    const conf = engine.merge(pairs);
    assert.equal(engine.bridgeLegs(conf).length, 4);
    const mergedAt = Date.now();
    await sleep(4000);
    for (const p of phones) p.hangup();
    const hungAt = Date.now();
    await sleep(800);
    for (const [i, p] of phones.entries()) {
      const heard = readWav(p.recordings().dec!).samples;
      // From half a second after the merge (each dump started when that phone's audio did).
      const tail = heard.subarray(Math.max(0, heard.length - Math.round(((hungAt - mergedAt) / 1000 - 1.3) * 8000)));
      for (const [j, f] of FREQS.entries()) {
        const bl = toneBlocks(tail, f, 8000, 0.12, 3e3);
        const share = bl.filter(Boolean).length / Math.max(1, bl.length);
        if (i === j) assert.ok(share < 0.05, `p${i} hears its own ${f} Hz (${share.toFixed(2)})`);
        else assert.ok(share > 0.8, `p${i} should hear ${f} Hz (${share.toFixed(2)})`);
      }
    }
  } finally {
    await Promise.all(phones.map((p) => p.stop()));
    await engine.close();
  }
});
