import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createEngine, startSandboxCarrier, type EndCause } from '../src/index';
import { sleep, tempDir, channel, readWav, toneBlocks } from '@switchboard/testkit';

// Ports: engine SIP 29530, sandbox SIP 29531 (UDP+TCP); engine RTP 29300-29349, sandbox RTP 29350-29399.

interface Outcome {
  cause: EndCause | undefined;
  sipStatus: number | undefined;
  answeredAfterMs: number | undefined;
  ringing: boolean;
}

test('sandbox carrier over real SIP: every number of the plan gives its typed cause, audio and timing', async () => {
  const sandbox = await startSandboxCarrier({ port: 29531, tcp: true, rtpPorts: { min: 29350, max: 29399 }, greetingMs: 2000 });
  const { engine } = await createEngine({
    sipUdpPort: 29530,
    sipTcpPort: 29530,
    rtpPorts: { min: 29300, max: 29349 },
    trunks: [
      { name: 'sandbox', address: '127.0.0.1:29531', ringTimeoutSec: 3, outboundRewrite: [{ match: '0(\\d+)', replace: '+$1' }] },
      { name: 'sandbox-tcp', address: '127.0.0.1:29531', transport: 'tcp', ringTimeoutSec: 3 },
    ],
  });
  const dir = tempDir('sandbox');
  const outcomes = new Map<string, Outcome>();
  const started = new Map<string, number>();
  engine.on('ringing', (e) => outcomes.get(e.legId) && (outcomes.get(e.legId)!.ringing = true));
  engine.on('answered', (e) => {
    const o = outcomes.get(e.legId);
    if (o) o.answeredAfterMs = Date.now() - started.get(e.legId)!;
  });
  engine.on('ended', (e) => {
    const o = outcomes.get(e.legId);
    if (o) Object.assign(o, { cause: e.cause, sipStatus: e.sipStatus });
  });
  const recs = new Map<string, string>();
  engine.on('answered', (e) => {
    const path = join(dir, `${e.legId}.wav`);
    recs.set(e.legId, path);
    const rec = engine.startRecording({ legIds: [e.legId] }, { path });
    setTimeout(() => void engine.stopRecording(rec).catch(() => {}), 4000);
  });

  async function dial(number: string, trunk = 'sandbox'): Promise<string> {
    const id = await engine.originate({ to: { trunk, number }, from: '1300000000' });
    started.set(id, Date.now());
    outcomes.set(id, { cause: undefined, sipStatus: undefined, answeredAfterMs: undefined, ringing: false });
    return id;
  }
  try {
    const ids = {
      answer: await dial('1000'),
      answerTcp: await dial('1000', 'sandbox-tcp'),
      rewritten: await dial('01000'), // +1000 after the trunk's rule
      busy: await dial('2000'),
      noAnswer: await dial('3000'),
      invalid: await dial('4000'),
      other: await dial('7777'),
      late: await dial('502'),
      machine: await dial('6000'),
    };
    await sleep(7000);
    for (const id of [ids.answer, ids.answerTcp, ids.rewritten, ids.late, ids.machine]) engine.hangup(id);
    await sleep(500);
    const o = (id: string) => outcomes.get(id)!;
    assert.equal(o(ids.busy).cause, 'busy');
    assert.equal(o(ids.busy).sipStatus, 486);
    assert.equal(o(ids.invalid).cause, 'invalid_number');
    assert.equal(o(ids.invalid).sipStatus, 404);
    assert.equal(o(ids.other).cause, 'invalid_number');
    assert.ok(o(ids.noAnswer).ringing, '3000 rings');
    assert.equal(o(ids.noAnswer).cause, 'no_answer');
    for (const id of [ids.answer, ids.answerTcp, ids.rewritten]) {
      assert.ok(o(id).answeredAfterMs! < 1000, 'answers at once');
      assert.equal(o(id).cause, 'normal');
    }
    assert.ok(o(ids.late).answeredAfterMs! >= 1900 && o(ids.late).answeredAfterMs! < 3000, `502 answers after 2 s (${o(ids.late).answeredAfterMs} ms)`);
    assert.ok(o(ids.machine).answeredAfterMs! >= 900, 'machine answers after 1 s');
    assert.deepEqual(sandbox.seen.map((s) => s.to).sort(), ['+1000', '1000', '1000', '2000', '3000', '4000', '502', '6000', '7777'].sort());

    // Audio: 1000 plays a 1 kHz tone; the machine plays a greeting, then a 1400 Hz beep.
    const heard = (id: string, f: number) => toneBlocks(channel(readWav(recs.get(id)!).samples, 2, 0), f);
    const tone = heard(ids.answer, 1000);
    assert.ok(tone.filter(Boolean).length / tone.length > 0.85, '1000 plays a 1 kHz tone');
    const beep = heard(ids.machine, 1400);
    const firstBeep = beep.indexOf(true);
    assert.ok(firstBeep * 0.02 > 1.8 && firstBeep * 0.02 < 2.6, `beep after the 2 s greeting (at ${(firstBeep * 0.02).toFixed(2)} s)`);
    assert.ok(beep.filter(Boolean).length >= 20, 'the beep lasts about half a second');
  } finally {
    await engine.close();
    await sandbox.close();
  }
});
