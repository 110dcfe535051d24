import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MediaEngine } from '../src/media-engine';
import { sine } from '../src/tone/tone-generator';
import type { RtcpReportEvent } from '../src/leg/leg-events';
import { sleep } from './helpers/rtp-peer';

test('two legs exchange RTCP sender and receiver reports over real sockets', async () => {
  const engine = new MediaEngine({ portRange: { min: 26800, max: 26899 }, rtcpIntervalMs: 150 });
  try {
    const a = await engine.createLeg();
    const b = await engine.createLeg();
    a.setRemote('127.0.0.1', b.localPort, 0);
    b.setRemote('127.0.0.1', a.localPort, 0);
    const atA: RtcpReportEvent[] = [];
    const atB: RtcpReportEvent[] = [];
    a.on('rtcp', (r) => atA.push(r));
    b.on('rtcp', (r) => atB.push(r));
    engine.playSource(a, sine(1000, 10_000));
    // Up to 10 s: a loaded machine delays the first reports (it leaves as soon as both came).
    for (let i = 0; i < 200 && (atA.length === 0 || !atB.some((r) => r.senderReport)); i++) await sleep(50);
    assert.ok(
      atB.some((r) => r.senderReport),
      'B got a sender report from A',
    );
    const rr = atA.find((r) => !r.senderReport);
    assert.ok(rr, 'A got a receiver report from B');
    assert.equal(rr.fractionLost, 0);
    assert.equal(rr.cumulativeLost, 0);
    assert.ok(b.stats.received > 5);
  } finally {
    await engine.close();
  }
});
