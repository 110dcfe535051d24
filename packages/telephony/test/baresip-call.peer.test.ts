import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { frequenciesFor, type DtmfDigit } from '@switchboard/media';
import { twoPhones } from './helpers/baresip-call';
import { sleep, tempDir, channel, readWav, toneBlocks } from '@switchboard/testkit';

// Ports: baresips 28000-28399; engine SIP 29520-29522; engine RTP 29100-29399.

/** Share of 20 ms blocks in [from, to) seconds where `freq` dominates. */
function share(samples: Int16Array, freq: number, fromS: number, toS: number): number {
  const bl = toneBlocks(samples, freq).slice(Math.floor(fromS * 50), Math.floor(toS * 50));
  return bl.length === 0 ? 0 : bl.filter(Boolean).length / bl.length;
}

/** Blocks where both tones of a DTMF digit are present. */
function dtmfBlocks(samples: Int16Array, digits: readonly DtmfDigit[]): number {
  let n = 0;
  for (const d of digits) {
    const [lo, hi] = frequenciesFor(d);
    const a = toneBlocks(samples, lo, 8000, 0.15, 1e4);
    const b = toneBlocks(samples, hi, 8000, 0.15, 1e4);
    for (let i = 0; i < a.length; i++) if (a[i] && b[i]) n++;
  }
  return n;
}

for (const io of [0, 2]) {
  const how = io ? ' (RTP sockets on 2 I/O threads)' : '';
  test(`baresip → engine → baresip: 1 kHz one way, 500 Hz the other; hold silences, resume restores; DTMF detected${how}`, () => tonesHoldDtmf(io));
}

async function tonesHoldDtmf(ioThreads: number): Promise<void> {
  const call = ioThreads
    ? await twoPhones({ base: 28000, enginePort: 29522, rtp: { min: 29300, max: 29399 }, freqA: 1000, freqB: 500, ioThreads })
    : await twoPhones({ base: 28000, enginePort: 29520, rtp: { min: 29100, max: 29199 }, freqA: 1000, freqB: 500 });
  const { stack, a, b, legs } = call;
  const digits: string[] = [];
  stack.engine.on('dtmf', (e) => e.legId === legs.b && digits.push(e.digit));
  try {
    await sleep(3000);
    const before = stack.engine.mediaStats(legs.b)!.packetsOut;
    await stack.engine.hold(legs.a);
    assert.equal(stack.engine.getLeg(legs.a).state, 'held');
    await sleep(200); // in-flight packets
    const holdStart = stack.engine.mediaStats(legs.b)!.packetsOut;
    await sleep(2500);
    const holdEnd = stack.engine.mediaStats(legs.b)!.packetsOut;
    await stack.engine.resume(legs.a);
    await sleep(3000);
    const after = stack.engine.mediaStats(legs.b)!.packetsOut;
    await b.sendDtmf('159#');
    await sleep(1000);
    a.hangup();
    await b.waitEvent('CALL_CLOSED');
    await sleep(300);

    assert.deepEqual(digits, ['1', '5', '9', '#'], 'digits from baresip reported by the engine');
    assert.ok(before > 100, `audio flowed to the callee before hold (${before} packets)`);
    assert.ok(holdStart - before < 15, `at most a few in-flight packets after hold (${holdStart - before})`);
    assert.equal(holdEnd - holdStart, 0, 'no audio to the callee while the caller is held');
    assert.ok(after - holdEnd > 100, `audio to the callee again after resume (${after - holdEnd} packets)`);

    // What each baresip really received (its sndfile dump), through a Goertzel filter.
    const atB = readWav(call.b.recordings().dec!);
    const atA = readWav(call.a.recordings().dec!);
    assert.ok(share(atB.samples, 1000, 0.5, 2.5) > 0.9, "callee hears the caller's 1 kHz tone");
    assert.ok(share(atB.samples, 500, 0.5, 2.5) < 0.05, 'callee does not hear its own 500 Hz');
    assert.ok(share(atA.samples, 500, 0.5, 2.5) > 0.9, "caller hears the callee's 500 Hz tone");
    assert.ok(share(atA.samples, 1000, 0.5, 2.5) < 0.05, 'caller does not hear its own tone');
    // The callee's dump only grows while packets arrive: ~3 s before hold + ~3 s after resume,
    // with the tone on both sides of the gap, and nothing for the 2.7 s of hold.
    const seconds = atB.samples.length / 8000;
    assert.ok(seconds > 5.5 && seconds < 8.5, `callee received ${seconds.toFixed(2)} s of audio in a ~10 s call with 2.7 s on hold`);
    assert.ok(share(atB.samples, 1000, 3.6, 5.4) > 0.9, 'tone restored after resume');
    if (ioThreads) {
      const io = stack.media.stats().io;
      assert.equal(io?.threads, ioThreads, 'the I/O threads carried the call');
      assert.equal(io.rxDropped + io.txDropped, 0, 'no datagram lost in the rings');
    }
  } finally {
    await call.close();
  }
}

test("DTMF masking and recording: the caller's masked digits reach the engine only, not the callee nor the recording; the stereo WAV has the right length, a silent pause and true markers", async () => {
  const call = await twoPhones({ base: 28200, enginePort: 29521, rtp: { min: 29200, max: 29299 }, freqA: 1000, freqB: 500 });
  const { stack, a, b, legs } = call;
  const digits: string[] = [];
  stack.engine.on('dtmf', (e) => e.legId === legs.a && digits.push(e.digit));
  const path = join(tempDir('rec'), 'call.wav');
  try {
    await sleep(500);
    const bridgeId = stack.engine.getLeg(legs.a).bridgeId!;
    const rec = stack.engine.startRecording({ bridgeId }, { path });
    const t0 = Date.now();
    const at = (s: number) => sleep(Math.max(0, t0 + s * 1000 - Date.now()));
    await at(1);
    const m1 = stack.engine.markRecording(rec, 'one');
    await a.sendDtmf('12'); // unmasked: the callee gets telephone events
    await at(2.5);
    const dtmfAtB = b.events.filter((e) => e.type === 'CALL_DTMF_START').length;
    stack.engine.setDtmfMasking(legs.a, true);
    await a.sendDtmf('34');
    await at(4);
    stack.engine.pauseRecording(rec);
    await at(5);
    stack.engine.resumeRecording(rec);
    await at(6);
    const m2 = stack.engine.markRecording(rec, 'six');
    await at(7);
    await stack.engine.stopRecording(rec);
    a.hangup();
    await b.waitEvent('CALL_CLOSED');

    assert.deepEqual(digits, ['1', '2', '3', '4'], 'the engine reports masked digits too');
    assert.equal(dtmfAtB, 2, 'unmasked digits pass through as RFC 4733');
    assert.equal(b.events.filter((e) => e.type === 'CALL_DTMF_START').length, 2, 'no telephone-event reaches the callee while masked');
    const atB = readWav(b.recordings().dec!);
    assert.equal(dtmfBlocks(atB.samples.subarray(Math.round(2.5 * 8000)), ['3', '4']), 0, "no DTMF tone in the callee's audio");

    const wav = readWav(path);
    assert.equal(wav.channels, 2);
    assert.equal(wav.rate, 8000);
    const doc = JSON.parse(readFileSync(path.replace(/\.wav$/, '.markers.json'), 'utf8')) as { markers: Array<{ name: string; offsetMs: number }> };
    const off = (n: string) => doc.markers.find((m) => m.name === n)!.offsetMs;
    const secs = wav.samples.length / 2 / 8000;
    const detail = `length ${secs.toFixed(2)} s, markers ${JSON.stringify(doc.markers.map((m) => [m.name, m.offsetMs]))}`;
    // Wall-clock truth: recorded at 0, marked at 1 s, paused 4-5 s, marked at 6 s, stopped at 7 s.
    // The recorder writes one frame per 20 ms tick and media's ticker drops ticks it is too late
    // for (more than 100 ms behind), so on a badly overloaded machine the file runs a little short
    // of wall-clock time; the markers always agree with the file's content (checked below).
    assert.ok(Math.abs(secs - 7) < 0.6, `right length: ${detail}`);
    for (const [name, want] of [
      ['one', 1000],
      ['pause', 4000],
      ['resume', 5000],
      ['six', 6000],
      ['stop', 7000],
    ] as const) {
      assert.ok(Math.abs(off(name) - want) <= 500, `marker ${name}: ${detail}`);
    }
    assert.ok(Math.abs(off('resume') - off('pause') - 1000) <= 300, `pause length: ${detail}`);
    assert.equal(off('stop'), Math.round(secs * 1000), 'the stop marker is the end of the file');
    assert.ok(Math.abs(m1 - off('one')) <= 1 && Math.abs(m2 - off('six')) <= 1);
    const left = channel(wav.samples, 2, 0);
    const right = channel(wav.samples, 2, 1);
    const p0 = off('pause') / 1000;
    const r0 = off('resume') / 1000;
    assert.ok(share(left, 1000, 0.2, p0 - 0.1) > 0.9, `left: the caller (${detail})`);
    assert.ok(share(right, 500, 0.2, p0 - 0.1) > 0.9, `right: the callee (${detail})`);
    // The paused stretch, exactly between its markers, is digital silence.
    let peak = 0;
    for (let i = Math.round((p0 + 0.02) * 16000); i < Math.round((r0 - 0.02) * 16000); i++) peak = Math.max(peak, Math.abs(wav.samples[i]!));
    assert.equal(peak, 0, `paused stretch is silent (${detail})`);
    assert.ok(r0 - p0 > 0.7, `pause lasted ${r0 - p0} s`);
    assert.ok(share(left, 1000, r0 + 0.1, secs - 0.1) > 0.9, `audio again after resume (${detail})`);
    assert.equal(dtmfBlocks(left, ['3', '4']) + dtmfBlocks(right, ['3', '4']), 0, 'no DTMF tone in the recording');
    assert.ok(existsSync(path));
  } finally {
    await call.close();
  }
});
