import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { twoPhones } from './helpers/baresip-call';
import { sleep, tempDir } from './helpers/tools';
import { channel, loudness, readWav, toneBlocks } from './helpers/wav-analysis';

// Ports: baresips 35000 and 35100 (blocks of 100); engine SIP 35400; engine RTP 35600-35699.

/** Share of 20 ms blocks in [from, to) seconds where `freq` dominates. */
function share(samples: Int16Array, freq: number, fromS: number, toS: number): number {
  const bl = toneBlocks(samples, freq).slice(Math.max(0, Math.floor(fromS * 50)), Math.floor(toS * 50));
  return bl.length === 0 ? 0 : bl.filter(Boolean).length / bl.length;
}

test('baresip ↔ engine ↔ baresip: a muted caller is silence at the callee and in the recording (the callee still heard), unmute restores; sendDtmf reaches the callee as RFC 4733 digits', async () => {
  const call = await twoPhones({ base: 35000, enginePort: 35400, rtp: { min: 35600, max: 35699 }, freqA: 1000, freqB: 500 });
  const { stack, a, b, legs } = call;
  const engine = stack.engine;
  const path = join(tempDir('mute-rec'), 'call.wav');
  try {
    await sleep(300);
    const bridgeId = engine.getLeg(legs.a).bridgeId!;
    const rec = engine.startRecording({ bridgeId }, { path, left: [legs.a], right: [legs.b] });
    const t0 = Date.now();
    const at = (s: number) => sleep(Math.max(0, t0 + s * 1000 - Date.now()));
    const wall = { mute: 0, unmute: 0 };
    await at(2);
    engine.mute(legs.a);
    wall.mute = (Date.now() - t0) / 1000;
    assert.equal(engine.getLeg(legs.a).muted, true);
    await at(5);
    engine.unmute(legs.a);
    wall.unmute = (Date.now() - t0) / 1000;
    await at(7.5);
    await engine.stopRecording(rec);
    await engine.sendDtmf(legs.b, '159#');
    await sleep(500);
    const dtmfAtB = b.events.filter((e) => e.type === 'CALL_DTMF_START').map((e) => String(e.param ?? ''));
    a.hangup();
    const tEnd = (Date.now() - t0) / 1000;
    await b.waitEvent('CALL_CLOSED');
    await sleep(300);

    assert.deepEqual(dtmfAtB, ['1', '5', '9', '#'], `the callee reports the digits the engine sent (events: ${JSON.stringify(b.events.filter((e) => e.type.startsWith('CALL_DTMF')))})`);

    // What the callee really received (its sndfile dump, which grows with every packet: a muted
    // leg still sends silence packets, so the dump runs in step with wall time). Align its
    // time axis on the hang-up.
    const atB = readWav(b.recordings().dec!).samples;
    const atA = readWav(a.recordings().dec!).samples;
    const dumpStart = tEnd - atB.length / 8000; // wall time (from t0) of the dump's first sample
    const bT = (s: number) => s - dumpStart;
    const detail = `mute ${wall.mute.toFixed(2)}-${wall.unmute.toFixed(2)} s, dump starts at ${dumpStart.toFixed(2)} s, ${(atB.length / 8000).toFixed(2)} s long`;
    assert.ok(share(atB, 1000, bT(0.3), bT(1.8)) > 0.85, `callee hears the caller before mute (${detail})`);
    assert.ok(share(atB, 1000, bT(wall.mute + 0.4), bT(wall.unmute - 0.2)) < 0.03, `callee hears no tone while the caller is muted (${detail})`);
    assert.ok(loudness(atB, 8000, bT(wall.mute + 0.4), bT(wall.unmute - 0.2)) < 50, `and next to nothing at all (${detail})`);
    assert.ok(share(atB, 1000, bT(wall.unmute + 0.4), bT(7.3)) > 0.85, `callee hears the caller again after unmute (${detail})`);
    const aStart = tEnd - atA.length / 8000;
    assert.ok(share(atA, 500, wall.mute + 0.4 - aStart, wall.unmute - 0.2 - aStart) > 0.85, `the muted caller still hears the callee (${detail})`);

    // The recording: left = the caller as the callee heard them, right = the callee.
    const wav = readWav(path);
    const left = channel(wav.samples, 2, 0);
    const right = channel(wav.samples, 2, 1);
    assert.ok(share(left, 1000, 0.3, 1.8) > 0.85, 'recording: caller before mute');
    assert.ok(share(left, 1000, wall.mute + 0.3, wall.unmute - 0.3) < 0.03, `recording: the muted caller is silent (${detail})`);
    // On a loaded machine the recorder writes silence for ticks it missed: allow for some.
    const rightDuring = share(right, 500, wall.mute + 0.3, wall.unmute - 0.3);
    assert.ok(rightDuring > 0.6, `recording: the callee is still recorded while the caller is muted (${rightDuring.toFixed(2)} of blocks; ${detail})`);
    assert.ok(share(left, 1000, wall.unmute + 0.3, 7.2) > 0.85, 'recording: caller after unmute');
  } finally {
    await call.close();
  }
});
