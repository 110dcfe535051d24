import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { twoPhones } from './helpers/baresip-call';
import { sleep, tempDir, channel, readWav, toneBlocks, longestToneGap } from '@switchboard/testkit';

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
    await b.waitEvent('CALL_CLOSED');
    await sleep(300);

    assert.deepEqual(
      dtmfAtB,
      ['1', '5', '9', '#'],
      `the callee reports the digits the engine sent (events: ${JSON.stringify(b.events.filter((e) => e.type.startsWith('CALL_DTMF')))})`,
    );

    // What the callee really received (its sndfile dump) and the recording. Their time axes
    // drift from wall time under load (the dump grows only with packets received, the recorder
    // may skip ticks), so instead of aligning clocks: the longest stretch without the caller's
    // 1 kHz must be the mute, as long as it lasted, digitally silent, with the tone around it.
    const muteS = wall.unmute - wall.mute;
    const check = (who: string, samples: Int16Array) => {
      const gap = longestToneGap(samples, 1000);
      const detail = `${who}: mute lasted ${muteS.toFixed(2)} s; gap ${JSON.stringify(gap)}`;
      assert.ok(gap, detail);
      assert.ok(gap.lengthS > muteS - 0.8 && gap.lengthS < muteS + 0.6, `the silence is the mute (${detail})`);
      assert.ok(gap.level < 50, `digital silence while muted (${detail})`);
      assert.ok(gap.before > 0.7 && gap.after > 0.7, `the caller is heard before and after (${detail})`);
    };
    check('callee', readWav(call.b.recordings().dec!).samples);
    const atA = readWav(call.a.recordings().dec!).samples;
    assert.ok(share(atA, 500, 0.3, atA.length / 8000 - 0.3) > 0.85, 'the muted caller heard the callee throughout');
    const wav = readWav(path);
    check('recording, caller side', channel(wav.samples, 2, 0));
    const right = share(channel(wav.samples, 2, 1), 500, 0.3, wav.samples.length / 16000 - 0.3);
    assert.ok(right > 0.6, `recording: the callee recorded throughout, muted caller or not (${right.toFixed(2)} of blocks)`);
  } finally {
    await call.close();
  }
});
